import { Rng } from '../rng';
import { BOX, MAX_LEVEL_SIDE, TARGET, WALL } from './sokoban';
import type { SokobanLevel } from './sokoban';

/**
 * Procedural Sokoban levels by reverse play, after gym-sokoban's generator
 * (mpSchrader/gym-sokoban, envs/room_utils.py; Weber et al. 2017, "Imagination-Augmented
 * Agents", appendix):
 * 1. Room topology: a random walk of 1.7 x (width + height) steps carves floor out of a walled
 *    rectangle, stamping one of a few small masks at each step and turning with probability 0.35
 *    (room_topology_generation); rooms with less than a third of the interior as floor are
 *    redrawn.
 * 2. Boxes are placed on random target cells and the player on another floor cell: the solved
 *    position.
 * 3. Reverse play: a random walk of the player that may *pull* a box (player at p, box at p+d,
 *    floor at p-d: the player steps to p-d and the box follows to p). A pull is exactly a push
 *    played backwards, and a plain reverse step is a plain step backwards, so the forward
 *    replay of the walk from any position it visits solves the level: solvable by construction.
 * 4. Of the positions visited, keep the one with the most boxes off their targets, then the
 *    largest total box displacement (gym-sokoban scores box swaps x displacement after a full
 *    reverse search; a random walk keeps this cheap). A room where no box left its target is
 *    thrown away and another drawn from the same stream.
 *
 * Deterministic: the level depends only on the parameters (same seed, same level).
 */
export interface SokobanGeneratorParams {
  /** Columns including the outer wall (5..16). */
  readonly width: number;
  /** Rows including the outer wall (5..16). */
  readonly height: number;
  /** Number of boxes (>= 1). */
  readonly boxes: number;
  readonly seed: number;
  /** Steps of the reverse random walk (default 20 x interior cells). */
  readonly walkSteps?: number;
  /** Probability that a reverse step pulls a box when one is behind the player (default 0.8). */
  readonly pullProbability?: number;
  /** Rooms to try before giving up (default 200). */
  readonly maxAttempts?: number;
}

export function validateGeneratorParams(p: SokobanGeneratorParams): string[] {
  const errors: string[] = [];
  for (const [name, v] of [
    ['width', p.width],
    ['height', p.height],
  ] as const)
    if (!Number.isInteger(v) || v < 5 || v > MAX_LEVEL_SIDE)
      errors.push(
        `sokoban generator: ${name} must be an integer in [5, ${MAX_LEVEL_SIDE}], got ${v}`,
      );
  const interior = (p.width - 2) * (p.height - 2);
  if (!Number.isInteger(p.boxes) || p.boxes < 1 || p.boxes + 1 > interior / 3)
    errors.push(
      `sokoban generator: boxes must be an integer from 1 to a third of the interior, got ${p.boxes}`,
    );
  if (!Number.isSafeInteger(p.seed))
    errors.push(`sokoban generator: seed must be a safe integer, got ${p.seed}`);
  return errors;
}

/**
 * gym-sokoban's topology masks (3x3, row-major): each stamps the walk's cell and some
 * neighbours, all 4-connected to the centre, so the carved floor stays one connected room.
 */
const MASKS: readonly (readonly number[])[] = [
  [0, 0, 0, 1, 1, 1, 0, 0, 0],
  [0, 1, 0, 0, 1, 0, 0, 1, 0],
  [0, 0, 0, 1, 1, 0, 0, 1, 0],
  [0, 0, 0, 1, 1, 0, 1, 1, 0],
  [0, 0, 0, 0, 1, 1, 0, 1, 0],
];

interface Candidate {
  cells: Uint8Array;
  player: number;
  offTargets: number;
  displacement: number;
}

export function generateSokobanLevel(p: SokobanGeneratorParams): SokobanLevel {
  const errors = validateGeneratorParams(p);
  if (errors.length) throw new Error(errors.join('; '));
  const { width: W, height: H, boxes } = p;
  const rng = Rng.fromSeed(p.seed).split('sokoban-level');
  const interior = (W - 2) * (H - 2);
  const walkSteps = p.walkSteps ?? 20 * interior;
  const pullProbability = p.pullProbability ?? 0.8;
  const maxAttempts = p.maxAttempts ?? 200;
  const delta = [-W, 1, W, -1];
  let best: Candidate | null = null;

  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const cells = carveRoom(W, H, rng);
    const floor: number[] = [];
    for (let k = 0; k < cells.length; k++) if (!(cells[k] & WALL)) floor.push(k);
    // Too small a room leaves no space to pull boxes away: draw another (a third of the interior
    // keeps small levels varied without making them all open halls).
    if (floor.length < Math.max(boxes + 3, interior / 3)) continue;
    rng.shuffle(floor);
    // Solved position: boxes on the first `boxes` shuffled floor cells, player on the next.
    const boxAt = floor.slice(0, boxes);
    const home = boxAt.slice();
    for (const k of boxAt) cells[k] |= TARGET | BOX;
    let player = floor[boxes];

    const score = (): [number, number] => {
      let off = 0;
      let disp = 0;
      for (let b = 0; b < boxes; b++) {
        if (!(cells[boxAt[b]] & TARGET)) off++;
        disp +=
          Math.abs(Math.floor(boxAt[b] / W) - Math.floor(home[b] / W)) +
          Math.abs((boxAt[b] % W) - (home[b] % W));
      }
      return [off, disp];
    };
    let local: Candidate | null = null;
    for (let s = 0; s < walkSteps; s++) {
      const d = delta[rng.int(4)];
      const next = player + d;
      if (cells[next] & (WALL | BOX)) continue;
      const behind = player - d;
      if (cells[behind] & BOX && rng.uniform() < pullProbability) {
        // Pull: the box behind the player follows it into the player's old cell.
        cells[behind] &= ~BOX;
        cells[player] |= BOX;
        boxAt[boxAt.indexOf(behind)] = player;
        player = next;
        const [off, disp] = score();
        if (
          local === null ||
          off > local.offTargets ||
          (off === local.offTargets && disp > local.displacement)
        )
          local = { cells: cells.slice(), player, offTargets: off, displacement: disp };
      } else {
        player = next;
      }
    }
    if (local === null || local.offTargets === 0) continue;
    if (local.offTargets === boxes) return toLevel(W, H, local);
    if (
      best === null ||
      local.offTargets > best.offTargets ||
      (local.offTargets === best.offTargets && local.displacement > best.displacement)
    )
      best = local;
  }
  if (best === null)
    throw new Error(
      `sokoban generator: no level with a box off its target after ${maxAttempts} rooms ` +
        `(${W}x${H}, ${boxes} boxes, seed ${p.seed}); try a larger room or fewer boxes`,
    );
  return toLevel(W, H, best);
}

/** Levels for seeds seed0, seed0 + 1, ...: a task list for the env. */
export function generateSokobanLevels(
  p: Omit<SokobanGeneratorParams, 'seed'>,
  count: number,
  seed0 = 0,
): SokobanLevel[] {
  return Array.from({ length: count }, (_, k) => generateSokobanLevel({ ...p, seed: seed0 + k }));
}

function toLevel(width: number, height: number, c: Candidate): SokobanLevel {
  let numBoxes = 0;
  for (let k = 0; k < c.cells.length; k++) if (c.cells[k] & BOX) numBoxes++;
  return { width, height, cells: c.cells, player: c.player, numBoxes };
}

/** Walled rectangle with floor carved by gym-sokoban's masked random walk. */
function carveRoom(W: number, H: number, rng: Rng): Uint8Array {
  const cells = new Uint8Array(W * H).fill(WALL);
  const steps = Math.floor(1.7 * (W + H)); // gym-sokoban: num_gen_steps = 1.7 * (width + height)
  const dirs = [
    [-1, 0],
    [0, 1],
    [1, 0],
    [0, -1],
  ];
  let r = 1 + rng.int(H - 2);
  let c = 1 + rng.int(W - 2);
  let dir = dirs[rng.int(4)];
  for (let s = 0; s < steps; s++) {
    if (rng.uniform() < 0.35) dir = dirs[rng.int(4)];
    r = Math.min(H - 2, Math.max(1, r + dir[0]));
    c = Math.min(W - 2, Math.max(1, c + dir[1]));
    const mask = MASKS[rng.int(MASKS.length)];
    for (let mr = 0; mr < 3; mr++)
      for (let mc = 0; mc < 3; mc++) {
        if (!mask[mr * 3 + mc]) continue;
        const rr = r + mr - 1;
        const cc = c + mc - 1;
        if (rr >= 1 && rr <= H - 2 && cc >= 1 && cc <= W - 2) cells[rr * W + cc] = 0;
      }
  }
  return cells;
}

/**
 * Environment stepping throughput, one core, Node: each vectorized env stepped with uniformly
 * random legal actions, next to a plain single-board loop of the same rules written here without
 * any framework (plain arrays, one board, no lookup tables), measured in the same run.
 * `ratio` = env steps per second / plain steps per second: above 1 the vectorized layout pays
 * for itself, below 1 it costs that much against the simplest possible code.
 *
 * The plain loops are also a second, independent statement of each game's rules:
 * bench/envs.test.ts checks that they produce the same boards as the envs for the same actions
 * and random numbers.
 *
 * Run: npx tsx bench/envs.ts [stepsPerWorkload]
 */
import { pathToFileURL } from 'node:url';
import { Rng } from '../src/core/rng';
import type { VecEnv } from '../src/core/envs/types';
import { BanditEnv } from '../src/core/envs/bandit';
import { GRID_PRESETS, GridWorldEnv } from '../src/core/envs/gridworld';
import { Game2048Env } from '../src/core/envs/game2048';
import { SokobanEnv, levelToText } from '../src/core/envs/sokoban';
import type { SokobanLevel } from '../src/core/envs/sokoban';
import { generateSokobanLevels } from '../src/core/envs/sokobanGenerator';

export interface BenchOptions {
  /** Env steps (summed over copies) per measurement; the plain loop takes as many. */
  readonly stepsPerWorkload?: number;
  /** Copies in each vectorized env. */
  readonly numEnvs?: number;
  /** Measurements per side; the fastest counts (least disturbed by other processes). */
  readonly repeats?: number;
  readonly seed?: number;
}

export interface BenchRow {
  readonly workload: string;
  readonly envStepsPerSec: number;
  readonly referenceStepsPerSec: number;
  readonly ratio: number;
}

// ---------------------------------------------------------------------------------------------
// Plain reference implementations: one board, plain arrays, the rules as a person would write them.

/** Bandit: pull an arm, Bernoulli reward. */
export function plainBanditPull(means: readonly number[], arm: number, rng: Rng): number {
  return rng.uniform() < means[arm] ? 1 : 0;
}

export interface PlainGrid {
  readonly rows: readonly string[];
  readonly slip: number;
  readonly timeLimit: number;
  r: number;
  c: number;
  steps: number;
}

/**
 * FrozenLake (actions 0 Left, 1 Down, 2 Right, 3 Up): with probability slip the move goes to one
 * of the two perpendicular directions (the same uniform-draw convention as gridworld.ts), walls
 * of the map edge block, H ends the episode, G ends it with reward 1.
 * Returns [reward, done].
 */
export function plainFrozenLakeStep(g: PlainGrid, action: number, rng: Rng): [number, boolean] {
  let dir = action;
  const u = rng.uniform();
  if (u >= 1 - g.slip) dir = u < 1 - g.slip / 2 ? (dir + 3) % 4 : (dir + 1) % 4;
  const dr = [0, 1, 0, -1][dir];
  const dc = [-1, 0, 1, 0][dir];
  const r = g.r + dr;
  const c = g.c + dc;
  if (r >= 0 && r < g.rows.length && c >= 0 && c < g.rows[0].length && g.rows[r][c] !== 'W') {
    g.r = r;
    g.c = c;
  }
  g.steps++;
  const cell = g.rows[g.r][g.c];
  if (cell === 'G') return [1, true];
  if (cell === 'H') return [0, true];
  return [0, g.steps >= g.timeLimit];
}

/** 2048 board: 16 tile values (0 empty), row-major. Actions 0 Up, 1 Right, 2 Down, 3 Left. */
export function plain2048Move(board: number[], action: number): number {
  let score = 0;
  let changed = false;
  for (let line = 0; line < 4; line++) {
    // Cells of this line, starting at the wall the tiles move toward.
    const cells: number[] = [];
    for (let k = 0; k < 4; k++) {
      if (action === 0) cells.push(k * 4 + line);
      else if (action === 1) cells.push(line * 4 + 3 - k);
      else if (action === 2) cells.push((3 - k) * 4 + line);
      else cells.push(line * 4 + k);
    }
    const tiles = cells.map((c) => board[c]).filter((v) => v !== 0);
    const out: number[] = [];
    for (let k = 0; k < tiles.length; k++) {
      if (k + 1 < tiles.length && tiles[k] === tiles[k + 1] && tiles[k] < 32768) {
        out.push(tiles[k] * 2);
        score += tiles[k] * 2;
        k++; // the merged tile does not merge again
      } else out.push(tiles[k]);
    }
    while (out.length < 4) out.push(0);
    cells.forEach((c, k) => {
      if (board[c] !== out[k]) changed = true;
      board[c] = out[k];
    });
  }
  return changed ? score : -1;
}

/** A 2 (p = 0.9) or a 4 in a uniformly random empty cell: value first, as the original game. */
export function plain2048Spawn(board: number[], rng: Rng): void {
  const value = rng.uniform() < 0.9 ? 2 : 4;
  const empty: number[] = [];
  board.forEach((v, c) => {
    if (v === 0) empty.push(c);
  });
  board[empty[rng.int(empty.length)]] = value;
}

export function plain2048Legal(board: number[]): number[] {
  const legal: number[] = [];
  for (let a = 0; a < 4; a++) if (plain2048Move(board.slice(), a) >= 0) legal.push(a);
  return legal;
}

export interface PlainSokoban {
  grid: string[][];
  r: number;
  c: number;
  steps: number;
}

export function plainSokobanStart(text: string): PlainSokoban {
  const grid = text.split('\n').map((row) => row.split(''));
  let r = 0;
  let c = 0;
  grid.forEach((row, rr) =>
    row.forEach((ch, cc) => {
      if (ch === '@' || ch === '+') [r, c] = [rr, cc];
    }),
  );
  return { grid, r, c, steps: 0 };
}

/**
 * Sokoban step (0 Up, 1 Right, 2 Down, 3 Left) on a character grid, gym-sokoban rewards.
 * Returns [reward, done].
 */
export function plainSokobanStep(
  s: PlainSokoban,
  action: number,
  maxSteps = 120,
): [number, boolean] {
  const dr = [-1, 0, 1, 0][action];
  const dc = [0, 1, 0, -1][action];
  const g = s.grid;
  const onTarget = (ch: string): boolean => ch === '.' || ch === '+' || ch === '*';
  const isBox = (ch: string): boolean => ch === '$' || ch === '*';
  const free = (ch: string): boolean => ch === ' ' || ch === '.';
  let reward = -0.1;
  const tr = s.r + dr;
  const tc = s.c + dc;
  let move = free(g[tr][tc]);
  if (isBox(g[tr][tc]) && free(g[tr + dr][tc + dc])) {
    const br = tr + dr;
    const bc = tc + dc;
    if (onTarget(g[tr][tc])) reward -= 1;
    if (onTarget(g[br][bc])) reward += 1;
    g[br][bc] = onTarget(g[br][bc]) ? '*' : '$';
    g[tr][tc] = onTarget(g[tr][tc]) ? '.' : ' ';
    move = true;
  }
  if (move) {
    g[s.r][s.c] = onTarget(g[s.r][s.c]) ? '.' : ' ';
    g[tr][tc] = onTarget(g[tr][tc]) ? '+' : '@';
    s.r = tr;
    s.c = tc;
  }
  s.steps++;
  const solved = !g.some((row) => row.includes('$'));
  if (solved) reward += 10;
  return [reward, solved || s.steps >= maxSteps];
}

// ---------------------------------------------------------------------------------------------
// Timing.

/** Random legal action for each copy: uniform among the legal ones (all when no mask). */
function randomActions(env: VecEnv, actions: Int32Array, rng: Rng): void {
  const A = env.numActions;
  const mask = env.legalMask;
  for (let i = 0; i < env.numEnvs; i++) {
    if (mask === null) {
      actions[i] = rng.int(A);
      continue;
    }
    let count = 0;
    for (let a = 0; a < A; a++) count += mask[i * A + a];
    let k = count > 0 ? rng.int(count) : 0;
    let chosen = 0;
    for (let a = 0; a < A; a++) {
      if (!mask[i * A + a]) continue;
      if (k-- === 0) {
        chosen = a;
        break;
      }
    }
    actions[i] = chosen;
  }
}

/** Steps per second of `steps` env steps (calls of step x numEnvs), resetting finished copies. */
function timeEnv(env: VecEnv, steps: number, rng: Rng, nextTask: () => number): number {
  const actions = new Int32Array(env.numEnvs);
  const calls = Math.max(1, Math.ceil(steps / env.numEnvs));
  const t0 = performance.now();
  for (let s = 0; s < calls; s++) {
    randomActions(env, actions, rng);
    env.step(actions);
    for (let i = 0; i < env.numEnvs; i++)
      if (env.terminated[i] || env.truncated[i]) env.reset(i, nextTask());
  }
  return (calls * env.numEnvs) / ((performance.now() - t0) / 1000);
}

function timeLoop(steps: number, stepOnce: () => void): number {
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) stepOnce();
  return steps / ((performance.now() - t0) / 1000);
}

function best(repeats: number, measure: () => number): number {
  let top = 0;
  for (let k = 0; k < repeats; k++) top = Math.max(top, measure());
  return top;
}

export function benchEnvironments(opts: BenchOptions = {}): BenchRow[] {
  const steps = opts.stepsPerWorkload ?? 200_000;
  const numEnvs = opts.numEnvs ?? 64;
  const repeats = opts.repeats ?? 3;
  const root = Rng.fromSeed(opts.seed ?? 0);
  const rows: BenchRow[] = [];
  const row = (workload: string, env: number, reference: number): void => {
    rows.push({
      workload,
      envStepsPerSec: env,
      referenceStepsPerSec: reference,
      ratio: env / reference,
    });
  };

  {
    const means = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.05];
    const env = new BanditEnv({ kind: 'bernoulli', means: [means] }, numEnvs, root.split('bandit'));
    const policy = root.split('bandit-policy');
    const envRate = best(repeats, () => timeEnv(env, steps, policy, () => 0));
    const rng = root.split('bandit-plain');
    const refRate = best(repeats, () =>
      timeLoop(steps, () => plainBanditPull(means, rng.int(means.length), rng)),
    );
    row('bandit (Bernoulli, 10 arms)', envRate, refRate);
  }

  {
    const map = GRID_PRESETS.frozenlake8x8;
    const env = new GridWorldEnv(map, numEnvs, root.split('grid'));
    const policy = root.split('grid-policy');
    const envRate = best(repeats, () => timeEnv(env, steps, policy, () => 0));
    const rng = root.split('grid-plain');
    const g: PlainGrid = {
      rows: map.rows,
      slip: map.slip,
      timeLimit: map.timeLimit,
      r: 0,
      c: 0,
      steps: 0,
    };
    const refRate = best(repeats, () =>
      timeLoop(steps, () => {
        const [, done] = plainFrozenLakeStep(g, rng.int(4), rng);
        if (done) [g.r, g.c, g.steps] = [0, 0, 0];
      }),
    );
    row('gridworld (FrozenLake 8x8, slippery)', envRate, refRate);
  }

  {
    const env = new Game2048Env({}, numEnvs, root.split('2048'));
    let task = 0;
    const policy = root.split('2048-policy');
    const envRate = best(repeats, () => timeEnv(env, steps, policy, () => task++ % env.numTasks));
    const rng = root.split('2048-plain');
    const fresh = (): number[] => {
      const b = new Array<number>(16).fill(0);
      plain2048Spawn(b, rng);
      plain2048Spawn(b, rng);
      return b;
    };
    let board = fresh();
    const refRate = best(repeats, () =>
      timeLoop(steps, () => {
        const legal = plain2048Legal(board);
        plain2048Move(board, legal[rng.int(legal.length)]);
        plain2048Spawn(board, rng);
        if (plain2048Legal(board).length === 0) board = fresh();
      }),
    );
    row('2048 (random legal moves)', envRate, refRate);
  }

  {
    const levels: SokobanLevel[] = generateSokobanLevels({ width: 10, height: 10, boxes: 4 }, 16);
    const texts = levels.map(levelToText);
    const env = new SokobanEnv({ levels }, numEnvs);
    let task = 0;
    const policy = root.split('sokoban-policy');
    const envRate = best(repeats, () => timeEnv(env, steps, policy, () => task++ % levels.length));
    const rng = root.split('sokoban-plain');
    let episode = 0;
    let s = plainSokobanStart(texts[0]);
    const refRate = best(repeats, () =>
      timeLoop(steps, () => {
        const [, done] = plainSokobanStep(s, rng.int(4));
        if (done) s = plainSokobanStart(texts[++episode % texts.length]);
      }),
    );
    row('sokoban (generated 10x10, 4 boxes)', envRate, refRate);
  }
  return rows;
}

if (
  typeof process !== 'undefined' &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const steps = Number(process.argv[2] ?? 200_000);
  const rows = benchEnvironments({ stepsPerWorkload: steps });
  console.table(
    rows.map((r) => ({
      workload: r.workload,
      'env steps/s': Math.round(r.envStepsPerSec),
      'plain steps/s': Math.round(r.referenceStepsPerSec),
      ratio: r.ratio.toFixed(2),
    })),
  );
}

import { CELL_NAMES, type GridMap } from '../../core/envs/gridworld';
import type { Dir } from './keymap';

/**
 * Pure geometry and labels of GridworldView: which reward numbers to print, how policy arrows
 * and episode paths are drawn. Coordinates are in cell units (cell (r, c) spans [c, c+1] x [r, r+1]).
 */

/** Reward of landing on a cell when the map gives none; mirrors DEFAULT_REWARD in gridworld.ts. */
export const DEFAULT_CELL_REWARD: Record<string, number> = {
  S: 0,
  F: 0,
  H: 0,
  G: 1,
  W: 0,
  C: -100,
};

export function cellChar(map: GridMap, cell: number): string {
  const cols = map.rows[0].length;
  return map.rows[Math.floor(cell / cols)][cell % cols];
}

export function cellName(ch: string): string {
  return CELL_NAMES[ch] ?? 'unknown';
}

/** Reward for landing on (r, c): the map's own, else the default of its type. */
export function rewardAt(map: GridMap, r: number, c: number): number {
  return map.rewards ? map.rewards[r][c] : (DEFAULT_CELL_REWARD[map.rows[r][c]] ?? 0);
}

/** Cells the agent can stand on at a decision time (a heatmap or arrow means something there). */
export function isLiveChar(ch: string): boolean {
  return ch === 'F' || ch === 'S';
}

export interface RewardLabels {
  /** [numCells] text to print in each cell, or null when its reward is the usual one. */
  readonly labels: (string | null)[];
  /**
   * When every floor and start cell shares one non-default reward (CliffWalking's -1 per step),
   * it is said once here instead of printed in every cell.
   */
  readonly stepReward: number | null;
}

export function formatReward(v: number): string {
  const s = Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
  return v > 0 ? `+${s}` : s.replace('-', '−');
}

/** Reward numbers worth printing: those that differ from the default of the cell's type. */
export function rewardLabels(map: GridMap): RewardLabels {
  const rows = map.rows.length;
  const cols = map.rows[0].length;
  const labels: (string | null)[] = new Array<string | null>(rows * cols).fill(null);
  let stepReward: number | null = null;
  if (map.rewards) {
    // A shared per-step reward on every floor/start cell (CliffWalking) is stated once.
    const live: number[] = [];
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) if (isLiveChar(map.rows[r][c])) live.push(map.rewards[r][c]);
    if (live.length > 1 && live.every((v) => v === live[0]) && live[0] !== 0) stepReward = live[0];
  }
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const ch = map.rows[r][c];
      if (ch === 'W') continue; // never entered
      const v = rewardAt(map, r, c);
      const usual = isLiveChar(ch) && stepReward !== null ? stepReward : DEFAULT_CELL_REWARD[ch];
      if (v !== usual) labels[r * cols + c] = formatReward(v);
    }
  return { labels, stepReward };
}

/** Unit vector (dx, dy) of a direction in screen coordinates (y grows downward). */
export const DIR_VECTOR: Record<Dir, readonly [number, number]> = {
  L: [-1, 0],
  D: [0, 1],
  R: [1, 0],
  U: [0, -1],
};

/**
 * SVG path of an arrow from the centre of cell (r, c) in direction `dir`, its length a fraction
 * of the half cell proportional to the probability p (a short stub at p = 0 would read as
 * "possible", so arrows below `minProb` are omitted: returns null). With a value printed at the
 * bottom of the cell, the view raises the centre (`centreY`) and shortens the arrows (`scale`).
 */
export function arrowPath(
  r: number,
  c: number,
  dir: Dir,
  p: number,
  options: { minProb?: number; centreY?: number; scale?: number } = {},
): string | null {
  const { minProb = 0.02, centreY = 0.5, scale = 1 } = options;
  if (!(p >= minProb)) return null;
  const [dx, dy] = DIR_VECTOR[dir];
  const cx = c + 0.5;
  const cy = r + centreY;
  // From the centre towards the edge (0.5 away); `scale` < 1 leaves room for a value label.
  const len = (0.08 + 0.34 * Math.min(1, p)) * scale;
  const head = (0.06 + 0.06 * Math.min(1, p)) * Math.max(scale, 0.8);
  const tipX = cx + dx * len;
  const tipY = cy + dy * len;
  // Head: two barbs back from the tip, perpendicular (-dy, dx).
  const bx = tipX - dx * head;
  const by = tipY - dy * head;
  const px = -dy * head * 0.8;
  const py = dx * head * 0.8;
  const f = (x: number) => Number(x.toFixed(4));
  return (
    `M${f(cx)} ${f(cy)}L${f(bx)} ${f(by)}` +
    `M${f(bx + px)} ${f(by + py)}L${f(tipX)} ${f(tipY)}L${f(bx - px)} ${f(by - py)}Z`
  );
}

/**
 * An episode's cells as polylines of cell centres, split where consecutive cells are not
 * neighbours (CliffWalking's cliff sends the agent back to the start: a jump, not a walk).
 * A blocked move (same cell twice) adds no point.
 */
export function pathSegments(
  path: readonly number[],
  cols: number,
): (readonly [number, number])[][] {
  const segments: (readonly [number, number])[][] = [];
  let current: (readonly [number, number])[] = [];
  let prev = -1;
  for (const cell of path) {
    if (cell === prev) continue;
    const r = Math.floor(cell / cols);
    const c = cell % cols;
    if (prev >= 0) {
      const pr = Math.floor(prev / cols);
      const pc = prev % cols;
      if (Math.abs(pr - r) + Math.abs(pc - c) !== 1) {
        segments.push(current);
        current = [];
      }
    }
    current.push([c + 0.5, r + 0.5]);
    prev = cell;
  }
  if (current.length) segments.push(current);
  return segments;
}

/** Canonical direction index of the compiled grid (gridworld.ts: 0 L, 1 D, 2 R, 3 U). */
const CANONICAL = 'LDRU';

/** What the grid tables need to explain a step (a subset of CompiledGrid). */
export interface StepTables {
  readonly nextCell: ArrayLike<number>;
  readonly cellType: ArrayLike<number>;
  readonly starts: ArrayLike<number>;
}

/**
 * A one-line explanation of a human step that did not go as intended: blocked, slipped sideways
 * (FrozenLake's ice), or fell off a cliff and went back to the start. Null when it went as asked.
 */
export function describeGridStep(
  g: StepTables,
  from: number,
  to: number,
  intended: Dir,
  cliffType = 5,
): string | null {
  const names: Record<string, string> = { L: 'left', D: 'down', R: 'right', U: 'up' };
  const wanted = g.nextCell[from * 4 + CANONICAL.indexOf(intended)];
  const cliff = 'Fell off the cliff: back to the start.';
  if (g.cellType[wanted] === cliffType && to === g.starts[0]) return cliff;
  if (to === wanted) return to === from ? 'Blocked by a wall or the edge.' : null;
  // Several directions can leave the agent in place, so a slip into a wall is not named.
  if (to === from) return 'Slipped sideways into a wall or the edge.';
  for (let d = 0; d < 4; d++)
    if (g.nextCell[from * 4 + d] === to)
      return `Slipped: went ${names[CANONICAL[d]]} instead of ${names[intended]}.`;
  for (let d = 0; d < 4; d++)
    if (g.cellType[g.nextCell[from * 4 + d]] === cliffType && to === g.starts[0]) return cliff;
  return null;
}

/** Direction of action a under a map's order, or null for a malformed order (draw nothing). */
export function dirForActionSafe(actions: string, a: number): Dir | null {
  const d = actions[a];
  return d === 'L' || d === 'D' || d === 'R' || d === 'U' ? d : null;
}

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
 * "possible", so arrows below `minProb` are omitted: returns null).
 */
export function arrowPath(
  r: number,
  c: number,
  dir: Dir,
  p: number,
  minProb = 0.02,
): string | null {
  if (!(p >= minProb)) return null;
  const [dx, dy] = DIR_VECTOR[dir];
  const cx = c + 0.5;
  const cy = r + 0.5;
  const len = 0.08 + 0.34 * Math.min(1, p); // from the centre towards the edge (0.5 away)
  const head = 0.06 + 0.06 * Math.min(1, p);
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

import { Rng, RngBank } from '../rng';
import type { EnvSnapshot, VecEnv } from './types';

/**
 * Gridworlds, vectorized: FrozenLake 4x4 / 8x8, CliffWalking and teacher-edited maps, all one
 * class driven by a plain-data map (JSON-serialisable, so it fits in a shareable URL).
 *
 * Rules (Gymnasium FrozenLake-v1 and CliffWalking-v0, generalised):
 * - A move goes one cell in a compass direction. Leaving the grid or entering a wall leaves the
 *   agent where it was (Gymnasium clamps at the border the same way).
 * - Slip: the intended direction happens with probability 1 - slip, each perpendicular direction
 *   with probability slip / 2. Gymnasium's `is_slippery=True` picks uniformly among the intended
 *   and the two perpendicular directions, i.e. slip = 2/3; its `success_rate` is 1 - slip.
 * - Reward of a step = the reward of the cell the move lands on (a blocked move lands where it
 *   started). Defaults: 1 on G, -100 on C, 0 elsewhere, as in FrozenLake; CliffWalking's preset
 *   gives every cell -1 and cliff cells -100, which is Gymnasium's "-1 per step, -100 for the cliff".
 * - H (hole) and G (goal) end the episode (terminated = 1); reaching G is a success.
 * - C (cliff) does not end the episode: the agent goes back to the map's first start cell
 *   (Gymnasium CliffWalking: "stepping into the cliff ... returns the agent to the start").
 *   Always the first start (not the episode's own) so that the cell alone is a Markov state and
 *   exact computations stay tabular.
 * - The time limit cuts an episode after `timeLimit` steps (truncated = 1, only when the last step
 *   did not also terminate it). Gymnasium registers FrozenLake 4x4 with 100 steps, 8x8 with 200.
 * - Tasks are the start cells in row-major order: reset(i, k) puts copy i on start cell k.
 * State index = cell index (row * cols + col); observation = one-hot of the cell.
 */

/** Cell characters of the text format. */
export const CELL_CHARS = 'SFHGWC';
export const CELL_NAMES: Record<string, string> = {
  S: 'start',
  F: 'floor',
  H: 'hole',
  G: 'goal',
  W: 'wall',
  C: 'cliff',
};

/** Largest map side; keeps one-hot observations and exact models small. */
export const MAX_GRID_SIDE = 16;
export const MAX_TIME_LIMIT = 10000;

export interface GridMap {
  /**
   * One string per row, top row first: S start, F floor, H hole, G goal, W wall, C cliff.
   * Example (FrozenLake 4x4): ["SFFF", "FHFH", "FFFH", "HFFG"].
   */
  readonly rows: readonly string[];
  /**
   * Reward for landing on each cell, rewards[row][col]. Omitted: 1 on G, -100 on C, 0 elsewhere.
   */
  readonly rewards?: readonly (readonly number[])[];
  /** Probability the move goes sideways (split evenly between the two perpendiculars). */
  readonly slip: number;
  /** Episode length limit in steps (truncation). */
  readonly timeLimit: number;
  /**
   * Meaning of actions 0..3 as a permutation of the letters L D R U (Left, Down, Right, Up).
   * FrozenLake: 'LDRU'; CliffWalking: 'URDL'.
   */
  readonly actions: string;
}

export const FROZENLAKE_ACTIONS = 'LDRU';
export const CLIFFWALKING_ACTIONS = 'URDL';

const cliffRewards: number[][] = [0, 1, 2, 3].map((r) =>
  Array.from({ length: 12 }, (_, c) => (r === 3 && c >= 1 && c <= 10 ? -100 : -1)),
);

/** Built-in maps. Copy and edit with spread syntax: `{ ...GRID_PRESETS.cliffwalking, timeLimit: 50 }`. */
export const GRID_PRESETS = {
  /** Gymnasium FrozenLake-v1, map_name="4x4", is_slippery=True, max_episode_steps=100. */
  frozenlake4x4: {
    rows: ['SFFF', 'FHFH', 'FFFH', 'HFFG'],
    slip: 2 / 3,
    timeLimit: 100,
    actions: FROZENLAKE_ACTIONS,
  },
  /** Gymnasium FrozenLake8x8-v1 (map_name="8x8"), is_slippery=True, max_episode_steps=200. */
  frozenlake8x8: {
    rows: [
      'SFFFFFFF',
      'FFFFFFFF',
      'FFFHFFFF',
      'FFFFFHFF',
      'FFFHFFFF',
      'FHHFFFHF',
      'FHFFHFHF',
      'FFFHFFFG',
    ],
    slip: 2 / 3,
    timeLimit: 200,
    actions: FROZENLAKE_ACTIONS,
  },
  /**
   * Gymnasium CliffWalking (4x12, start bottom-left, goal bottom-right, cliff between them).
   * Gymnasium has no time limit; 100 steps here so every episode ends.
   */
  cliffwalking: {
    rows: ['FFFFFFFFFFFF', 'FFFFFFFFFFFF', 'FFFFFFFFFFFF', 'SCCCCCCCCCCG'],
    rewards: cliffRewards,
    slip: 0,
    timeLimit: 100,
    actions: CLIFFWALKING_ACTIONS,
  },
  /**
   * Teaching map: a near goal worth 0.3 (3 steps) and a far goal worth 1 (8 steps), a hole and a
   * little slip. Lower the far goal's reward below 0.3 and watch the agent switch goals.
   */
  twogoals: {
    rows: ['SFFFF', 'FWWWF', 'FGWFF', 'FFWFF', 'HFFFG'],
    rewards: [
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0.3, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ],
    slip: 0.1,
    timeLimit: 50,
    actions: FROZENLAKE_ACTIONS,
  },
} as const satisfies Record<string, GridMap>;

export type GridPresetName = keyof typeof GRID_PRESETS;
export const GRID_PRESET_NAMES = Object.keys(GRID_PRESETS) as GridPresetName[];

// Cell type codes of the compiled map.
export const FLOOR = 0;
export const START = 1;
export const HOLE = 2;
export const GOAL = 3;
export const WALL = 4;
export const CLIFF = 5;
const CODE_OF: Record<string, number> = { F: FLOOR, S: START, H: HOLE, G: GOAL, W: WALL, C: CLIFF };
const DEFAULT_REWARD = [0, 0, 0, 1, 0, -100];

/**
 * Canonical directions 0 Left, 1 Down, 2 Right, 3 Up (FrozenLake's order): d +- 1 (mod 4) are
 * exactly the two perpendiculars, as Gymnasium's slippery rule uses them.
 */
const DIR_ROW = [0, 1, 0, -1];
const DIR_COL = [-1, 0, 1, 0];
const DIR_LETTERS = 'LDRU';

/** A validated map as lookup tables, shared by the env's hot loop and the exact model. */
export interface CompiledGrid {
  readonly rows: number;
  readonly cols: number;
  readonly numCells: number;
  /** [numCells] cell type code (FLOOR, START, HOLE, GOAL, WALL, CLIFF). */
  readonly cellType: Uint8Array;
  /** [numCells] reward for landing on the cell. */
  readonly cellReward: Float64Array;
  /** [numCells * 4] cell reached by moving in canonical direction d (itself if blocked). */
  readonly nextCell: Int32Array;
  /** [4] canonical direction of each action. */
  readonly actionDir: Int32Array;
  /** Start cells in row-major order (= tasks). */
  readonly starts: Int32Array;
  readonly slip: number;
  readonly timeLimit: number;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/**
 * Every problem with a map, each naming its place (rows and columns counted from 1, top-left is
 * row 1, column 1). Empty when the map is valid. Accepts untrusted data (e.g. from a URL).
 */
export function validateGridMap(map: unknown): string[] {
  const errors: string[] = [];
  if (!isRecord(map)) return ['map must be an object with rows, slip, timeLimit and actions'];
  const rows = map.rows;
  if (!Array.isArray(rows) || rows.length === 0) return ['map has no rows'];
  for (let r = 0; r < rows.length; r++)
    if (typeof rows[r] !== 'string')
      errors.push(`row ${r + 1}: must be a string of cell characters`);
  if (errors.length) return errors;
  const lines = rows as string[];
  const height = lines.length;
  const width = lines[0].length;
  if (width === 0) errors.push('row 1: is empty');
  for (let r = 1; r < height; r++)
    if (lines[r].length !== width)
      errors.push(`row ${r + 1}: has ${lines[r].length} columns, row 1 has ${width}`);
  if (height > MAX_GRID_SIDE || width > MAX_GRID_SIDE)
    errors.push(
      `map is ${height}x${width} (rows x columns); at most ${MAX_GRID_SIDE}x${MAX_GRID_SIDE}`,
    );
  const allowed = CELL_CHARS.split('').join(' ');
  for (let r = 0; r < height; r++)
    for (let c = 0; c < lines[r].length; c++)
      if (!CELL_CHARS.includes(lines[r][c]))
        errors.push(
          `row ${r + 1}, column ${c + 1}: unknown character '${lines[r][c]}'; allowed: ${allowed}`,
        );

  const slip = map.slip;
  if (typeof slip !== 'number' || !(slip >= 0 && slip <= 1))
    errors.push(`slip must be a number in [0, 1], got ${String(slip)}`);
  const timeLimit = map.timeLimit;
  if (
    typeof timeLimit !== 'number' ||
    !Number.isInteger(timeLimit) ||
    timeLimit < 1 ||
    timeLimit > MAX_TIME_LIMIT
  )
    errors.push(
      `timeLimit must be an integer from 1 to ${MAX_TIME_LIMIT}, got ${String(timeLimit)}`,
    );
  const actions = map.actions;
  if (
    typeof actions !== 'string' ||
    actions.length !== 4 ||
    [...DIR_LETTERS].some((l) => !actions.includes(l))
  )
    errors.push(
      `actions must order the letters L D R U, e.g. 'LDRU' (FrozenLake) or 'URDL' (CliffWalking), got ${JSON.stringify(actions)}`,
    );

  if (map.rewards !== undefined) {
    const rw = map.rewards;
    if (!Array.isArray(rw) || rw.length !== height)
      errors.push(
        `rewards must have one row per map row (${height}), got ${Array.isArray(rw) ? rw.length : typeof rw}`,
      );
    else
      for (let r = 0; r < height; r++) {
        const row: unknown = rw[r];
        if (!Array.isArray(row) || row.length !== width) {
          errors.push(
            `rewards row ${r + 1}: needs ${width} numbers, got ${Array.isArray(row) ? row.length : typeof row}`,
          );
          continue;
        }
        for (let c = 0; c < width; c++)
          if (typeof row[c] !== 'number' || !Number.isFinite(row[c]))
            errors.push(`rewards row ${r + 1}, column ${c + 1}: not a finite number`);
      }
  }
  // Start / goal / reachability only make sense on a well-formed grid.
  if (errors.length) return errors;

  const grid = lines.join('');
  if (!grid.includes('S')) errors.push("map has no start cell 'S'");
  if (!grid.includes('G')) errors.push("map has no goal cell 'G'");
  if (errors.length) return errors;
  // Reachability ignores probabilities: with any slip < 1 every direction has positive
  // probability from some action, and with slip = 1 every direction is some action's perpendicular.
  // Holes end the episode and cliffs send the agent back, so neither is passed through.
  const reachesGoal = new Uint8Array(height * width);
  const queue: number[] = [];
  for (let k = 0; k < grid.length; k++)
    if (grid[k] === 'G') {
      reachesGoal[k] = 1;
      queue.push(k);
    }
  // Backward search from the goals; moves are symmetric between passable cells.
  while (queue.length) {
    const k = queue.pop() as number;
    const r = Math.floor(k / width);
    const c = k % width;
    for (let d = 0; d < 4; d++) {
      const r2 = r + DIR_ROW[d];
      const c2 = c + DIR_COL[d];
      if (r2 < 0 || r2 >= height || c2 < 0 || c2 >= width) continue;
      const k2 = r2 * width + c2;
      const ch = grid[k2];
      if (reachesGoal[k2] || ch === 'W' || ch === 'H' || ch === 'C' || ch === 'G') continue;
      reachesGoal[k2] = 1;
      queue.push(k2);
    }
  }
  for (let k = 0; k < grid.length; k++)
    if (grid[k] === 'S' && !reachesGoal[k])
      errors.push(
        `row ${Math.floor(k / width) + 1}, column ${(k % width) + 1}: no goal is reachable from this start`,
      );
  return errors;
}

/** Lookup tables of a map; throws with every validation message if the map is malformed. */
export function compileGridMap(map: GridMap): CompiledGrid {
  const errors = validateGridMap(map);
  if (errors.length) throw new Error(`invalid gridworld map: ${errors.join('; ')}`);
  const rows = map.rows.length;
  const cols = map.rows[0].length;
  const numCells = rows * cols;
  const cellType = new Uint8Array(numCells);
  const cellReward = new Float64Array(numCells);
  const nextCell = new Int32Array(numCells * 4);
  const starts: number[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      cellType[k] = CODE_OF[map.rows[r][c]];
      cellReward[k] = map.rewards ? map.rewards[r][c] : DEFAULT_REWARD[cellType[k]];
      if (cellType[k] === START) starts.push(k);
    }
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      for (let d = 0; d < 4; d++) {
        const r2 = r + DIR_ROW[d];
        const c2 = c + DIR_COL[d];
        const k2 = r2 * cols + c2;
        const blocked = r2 < 0 || r2 >= rows || c2 < 0 || c2 >= cols || cellType[k2] === WALL;
        nextCell[(r * cols + c) * 4 + d] = blocked ? r * cols + c : k2;
      }
  const actionDir = Int32Array.from(map.actions, (l) => DIR_LETTERS.indexOf(l));
  return {
    rows,
    cols,
    numCells,
    cellType,
    cellReward,
    nextCell,
    actionDir,
    starts: Int32Array.from(starts),
    slip: map.slip,
    timeLimit: map.timeLimit,
  };
}

export type ParseResult = { ok: true; map: GridMap } | { ok: false; errors: string[] };

/**
 * Parse the text format: one line per row of cell characters (S F H G W C); surrounding
 * whitespace and blank lines are ignored. Per-cell rewards, when wanted, come as a second text
 * grid of whitespace-separated numbers, one line per map row (e.g. "-1 -1 -100"). The other
 * fields default to a deterministic FrozenLake-style map with a 100-step limit.
 *
 *   parseGridText('SFFF\nFHFH\nFFFH\nHFFG', { slip: 2 / 3 })
 */
export function parseGridText(
  text: string,
  options: { rewardsText?: string; slip?: number; timeLimit?: number; actions?: string } = {},
): ParseResult {
  const rows = splitLines(text);
  const errors: string[] = [];
  let rewards: number[][] | undefined;
  if (options.rewardsText !== undefined && options.rewardsText.trim() !== '') {
    rewards = splitLines(options.rewardsText).map((line, r) =>
      line.split(/\s+/).map((tok, c) => {
        const v = Number(tok);
        if (!Number.isFinite(v))
          errors.push(`rewards row ${r + 1}, column ${c + 1}: '${tok}' is not a number`);
        return v;
      }),
    );
  }
  if (errors.length) return { ok: false, errors };
  const map: GridMap = {
    rows,
    ...(rewards ? { rewards } : {}),
    slip: options.slip ?? 0,
    timeLimit: options.timeLimit ?? 100,
    actions: options.actions ?? FROZENLAKE_ACTIONS,
  };
  const problems = validateGridMap(map);
  return problems.length ? { ok: false, errors: problems } : { ok: true, map };
}

function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** The map's cells as text (the inverse of parseGridText's first argument). */
export function gridToText(map: GridMap): string {
  return map.rows.join('\n');
}

/** Snapshot layout: cell, steps taken, task, done, terminated, truncated, success, rng x4. */
const SNAP_LEN = 11;

export class GridWorldEnv implements VecEnv {
  readonly family = 'gridworld';
  readonly numEnvs: number;
  readonly numActions = 4;
  readonly obsSize: number;
  readonly numStates: number;
  /** Number of start cells; may change with setMap. */
  numTasks: number;
  readonly numRewardComponents = 1;
  readonly obs: Float32Array;
  readonly stateIndex: Int32Array;
  readonly legalMask = null;
  readonly rewards: Float32Array;
  readonly rewardComponents: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly success: Uint8Array;

  private mapData: GridMap;
  private grid: CompiledGrid;
  /** [numEnvs] steps taken in the current episode. */
  private readonly steps: Int32Array;
  /** [numEnvs] task (start index) of the current episode. */
  private readonly task: Int32Array;
  /** [numEnvs] 1 once the episode has ended; further steps are no-ops until reset. */
  private readonly done: Uint8Array;
  private readonly rng: RngBank;

  /**
   * @param firstCopyIndex copy i draws from `rng.split(firstCopyIndex + i)`, so an env holding
   *   copies a..b of a larger population steps exactly like those copies of the large env.
   */
  constructor(map: GridMap, numEnvs: number, rng: Rng, firstCopyIndex = 0) {
    this.grid = compileGridMap(map);
    this.mapData = map;
    this.numEnvs = numEnvs;
    this.numStates = this.grid.numCells;
    this.obsSize = this.grid.numCells;
    this.numTasks = this.grid.starts.length;
    this.obs = new Float32Array(numEnvs * this.obsSize);
    this.stateIndex = new Int32Array(numEnvs);
    this.rewards = new Float32Array(numEnvs);
    this.rewardComponents = this.rewards;
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
    this.success = new Uint8Array(numEnvs);
    this.steps = new Int32Array(numEnvs);
    this.task = new Int32Array(numEnvs);
    this.done = new Uint8Array(numEnvs);
    this.rng = new RngBank(rng, numEnvs);
    if (firstCopyIndex !== 0)
      for (let i = 0; i < numEnvs; i++)
        this.rng.setState(i, rng.split(firstCopyIndex + i).getState());
    for (let i = 0; i < numEnvs; i++) this.reset(i, 0);
  }

  /**
   * Longest possible episode: the current map's time limit. setMap may raise it, so a trainer
   * that sizes buffers by it should read it again after a map edit.
   */
  get maxEpisodeSteps(): number {
    return this.grid.timeLimit;
  }

  /** The current map (plain data). */
  get map(): GridMap {
    return this.mapData;
  }

  /** The current map's lookup tables (read-only; replaced by setMap). */
  get compiled(): CompiledGrid {
    return this.grid;
  }

  reset(i: number, task: number): void {
    if (!(task >= 0 && task < this.numTasks))
      throw new Error(`gridworld: task must be in [0, ${this.numTasks}), got ${task}`);
    this.task[i] = task;
    this.steps[i] = 0;
    this.done[i] = 0;
    this.rewards[i] = 0;
    this.terminated[i] = 0;
    this.truncated[i] = 0;
    this.success[i] = 0;
    this.place(i, this.grid.starts[task]);
  }

  private place(i: number, cell: number): void {
    const o = i * this.obsSize;
    this.obs[o + this.stateIndex[i]] = 0;
    this.obs[o + cell] = 1;
    this.stateIndex[i] = cell;
  }

  step(actions: Int32Array, active?: Uint8Array): void {
    const g = this.grid;
    const keep = 1 - g.slip;
    const keepOrLeft = 1 - g.slip / 2;
    for (let i = 0; i < this.numEnvs; i++) {
      if ((active && !active[i]) || this.done[i]) {
        this.rewards[i] = 0;
        continue;
      }
      let dir = g.actionDir[actions[i]];
      // One uniform per step, drawn even when slip = 0, so streams stay aligned across map edits.
      const u = this.rng.uniform(i);
      if (u >= keep) dir = (dir + (u < keepOrLeft ? 3 : 1)) & 3;
      const landed = g.nextCell[this.stateIndex[i] * 4 + dir];
      const type = g.cellType[landed];
      this.rewards[i] = g.cellReward[landed];
      this.steps[i]++;
      let term = 0;
      if (type === HOLE) term = 1;
      else if (type === GOAL) {
        term = 1;
        this.success[i] = 1;
      }
      this.place(i, type === CLIFF ? g.starts[0] : landed);
      this.terminated[i] = term;
      this.truncated[i] = !term && this.steps[i] >= g.timeLimit ? 1 : 0;
      this.done[i] = term | this.truncated[i];
    }
  }

  snapshot(i: number): EnvSnapshot {
    const data = new Float64Array(SNAP_LEN);
    data[0] = this.stateIndex[i];
    data[1] = this.steps[i];
    data[2] = this.task[i];
    data[3] = this.done[i];
    data[4] = this.terminated[i];
    data[5] = this.truncated[i];
    data[6] = this.success[i];
    data.set(this.rng.getState(i), 7);
    return { family: this.family, data };
  }

  restore(i: number, snap: EnvSnapshot): void {
    if (snap.family !== this.family)
      throw new Error(`cannot restore a ${snap.family} snapshot into a gridworld`);
    const d = snap.data;
    if (d.length !== SNAP_LEN || !(d[0] >= 0 && d[0] < this.numStates))
      throw new Error('gridworld: snapshot does not fit this map');
    this.place(i, d[0]);
    this.steps[i] = d[1];
    this.task[i] = d[2];
    this.done[i] = d[3];
    this.terminated[i] = d[4];
    this.truncated[i] = d[5];
    this.success[i] = d[6];
    this.rewards[i] = 0;
    this.rng.setState(i, Array.from(d.subarray(7, 11)));
  }

  /**
   * Replace the map while training (a teacher edits a cell). The size must stay the same so
   * numStates / obsSize (the policy's shape) do not change. Copies in a running episode that now
   * stand on a wall, hole, goal or cliff are reset (to their task if it still exists, else task
   * 0); the others continue under the new rules. Throws with the validation messages if invalid.
   */
  setMap(map: GridMap): void {
    const next = compileGridMap(map);
    if (next.rows !== this.grid.rows || next.cols !== this.grid.cols)
      throw new Error(
        `gridworld.setMap: size changed from ${this.grid.rows}x${this.grid.cols} to ${next.rows}x${next.cols}; build a new env`,
      );
    this.grid = next;
    this.mapData = map;
    this.numTasks = next.starts.length;
    for (let i = 0; i < this.numEnvs; i++) {
      if (this.done[i]) continue;
      const type = next.cellType[this.stateIndex[i]];
      if (type === WALL || type === HOLE || type === GOAL || type === CLIFF)
        this.reset(i, this.task[i] < this.numTasks ? this.task[i] : 0);
      else if (this.task[i] >= this.numTasks) this.task[i] = 0;
    }
  }
}

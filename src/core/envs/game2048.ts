import { Rng, RngBank } from '../rng';
import type { EnvSnapshot, VecEnv } from './types';

/**
 * 2048, vectorized, following the original game (gabrielecirulli/2048, game_manager.js).
 *
 * - 4x4 board; actions 0 Up, 1 Right, 2 Down, 3 Left.
 * - A move slides every line toward the direction and merges equal neighbours once per move,
 *   pairing from the wall side: [2,2,2,2] -> [4,4,_,_], [4,4,8,_] -> [8,8,_,_],
 *   [2,_,2,4] -> [4,4,_,_]; a merged tile does not merge again in the same move.
 * - Reward (the game's score) = sum of the tiles created by merges.
 * - After a move that changed the board one tile spawns: 2 w.p. 0.9 else 4 (value drawn first, as
 *   in `addRandomTile`), in a uniformly random empty cell. A move that changes nothing spawns
 *   nothing. The game starts with 2 spawned tiles (`startTiles = 2`).
 * - The episode terminates when no move changes the board, optionally when a tile reaches
 *   `endTile`, and is truncated after `maxSteps` steps (0 = no limit).
 *
 * Storage: the board is log2 exponents (0 = empty, 1 = "2", ..., 15 = "32768"), one byte per cell,
 * [N * 16] row-major. A move reads each line (4 cells, ordered from the wall the tiles move toward)
 * into a 16-bit key (cell k in bits 4k..4k+3) and looks the result up in a table precomputed once
 * for left moves over all 65536 rows; the other directions only use a different cell order
 * (reversal / transposition), see LINE_CELLS. This is the row-table trick of nneonneo/2048-ai.
 * Two 32768 tiles are not merged (a 4-bit cell cannot hold 65536); unreachable for our agents.
 *
 * A finished copy (terminated or truncated) stands still with reward 0 until it is reset.
 *
 * Illegal moves (moves that change nothing) are excluded by `legalMask`; if one is taken anyway,
 * `illegalMove` decides: 'noop' (original game: the step is spent, nothing spawns),
 * 'terminate0' (gym-2048: the episode ends with reward 0), 'terminateMinus1' (Pgx `play2048`:
 * the episode ends with reward -1).
 *
 * Tasks are seeds: reset(i, task) draws the two start tiles from the stream
 * `rng.split('start').split(task)`, which depends only on the env's root stream and the task, so
 * G copies reset on the same task start from the same board. Later spawns come from copy i's own
 * stream `rng.split(copyOffset + i)`, so copies diverge after their first move.
 *
 * Reward components (for GDPO): [0] the score (merge sum; -1 on an illegal move under
 * 'terminateMinus1'), [1] survival: 1 for every step that made a legal move, else 0.
 * `rewards` = score + survivalWeight * survival; with the default survivalWeight 0 it is the game
 * score alone. Success: a tile >= `targetTile` appeared in the episode.
 * Observation: one-hot of the exponent of each cell, [16 cells x 16 channels] (channel 0 = empty).
 */
export type IllegalMovePolicy = 'noop' | 'terminate0' | 'terminateMinus1';

export interface Game2048Params {
  /** What an illegal move does if taken anyway (default 'noop', the original game). */
  readonly illegalMove?: IllegalMovePolicy;
  /** Tile value counted as success (default 256, reachable by small agents; the game's is 2048). */
  readonly targetTile?: number;
  /** Terminate when a tile reaches this value (0 = never, the default; the game continues). */
  readonly endTile?: number;
  /** Truncate after this many steps (0 = no limit, the default). */
  readonly maxSteps?: number;
  /** Number of start boards (tasks) reset() accepts (default 2^20). */
  readonly numTasks?: number;
  /** Weight of the survival component in `rewards` (default 0: rewards = game score). */
  readonly survivalWeight?: number;
}

export const GAME2048_DEFAULTS: Required<Game2048Params> = {
  illegalMove: 'noop',
  targetTile: 256,
  endTile: 0,
  maxSteps: 0,
  numTasks: 1 << 20,
  survivalWeight: 0,
};

export const UP = 0;
export const RIGHT = 1;
export const DOWN = 2;
export const LEFT = 3;

const CELLS = 16;
const CHANNELS = 16;
/** Exponent that cannot merge further (a 4-bit cell holds at most 15 = 32768). */
const MAX_EXP = 15;

function isPowerOfTwoTile(v: number): boolean {
  return Number.isInteger(v) && v >= 2 && v <= 32768 && (v & (v - 1)) === 0;
}

export function validateGame2048Params(p: Game2048Params): string[] {
  const errors: string[] = [];
  const q = { ...GAME2048_DEFAULTS, ...p };
  if (!['noop', 'terminate0', 'terminateMinus1'].includes(q.illegalMove))
    errors.push(
      `2048: illegalMove must be noop, terminate0 or terminateMinus1, got ${q.illegalMove}`,
    );
  if (!isPowerOfTwoTile(q.targetTile))
    errors.push(`2048: targetTile must be a power of two in [2, 32768], got ${q.targetTile}`);
  if (q.endTile !== 0 && !isPowerOfTwoTile(q.endTile))
    errors.push(`2048: endTile must be 0 or a power of two in [2, 32768], got ${q.endTile}`);
  if (!Number.isInteger(q.maxSteps) || q.maxSteps < 0)
    errors.push(`2048: maxSteps must be a non-negative integer, got ${q.maxSteps}`);
  if (!Number.isInteger(q.numTasks) || q.numTasks < 1)
    errors.push(`2048: numTasks must be a positive integer, got ${q.numTasks}`);
  if (!Number.isFinite(q.survivalWeight))
    errors.push(`2048: survivalWeight must be a finite number, got ${q.survivalWeight}`);
  return errors;
}

/**
 * Slide-and-merge of one line toward cell 0, on plain exponents. The single source of the rules:
 * the lookup table is built from it. Returns the merge score; writes the moved line into `out`.
 */
export function slideLine(line: ArrayLike<number>, out: number[]): number {
  let score = 0;
  let n = 0;
  let pending = 0; // exponent waiting for a partner (0 = none)
  for (let k = 0; k < line.length; k++) {
    const e = line[k];
    if (e === 0) continue;
    if (pending !== 0 && pending === e && e < MAX_EXP) {
      out[n++] = e + 1;
      score += 2 ** (e + 1);
      pending = 0; // the merged tile does not merge again in this move
    } else {
      if (pending !== 0) out[n++] = pending;
      pending = e;
    }
  }
  if (pending !== 0) out[n++] = pending;
  while (n < line.length) out[n++] = 0;
  return score;
}

/** ROW_MOVED[key] = key of the row after a move toward cell 0; ROW_SCORE[key] = merge score. */
let ROW_MOVED: Uint16Array | null = null;
let ROW_SCORE: Uint32Array | null = null;

function rowTables(): [Uint16Array, Uint32Array] {
  if (ROW_MOVED === null || ROW_SCORE === null) {
    const moved = new Uint16Array(65536);
    const score = new Uint32Array(65536);
    const line = [0, 0, 0, 0];
    const out = [0, 0, 0, 0];
    for (let key = 0; key < 65536; key++) {
      for (let k = 0; k < 4; k++) line[k] = (key >>> (4 * k)) & 15;
      score[key] = slideLine(line, out);
      moved[key] = out[0] | (out[1] << 4) | (out[2] << 8) | (out[3] << 12);
    }
    ROW_MOVED = moved;
    ROW_SCORE = score;
  }
  return [ROW_MOVED, ROW_SCORE];
}

/**
 * LINE_CELLS[(action * 4 + line) * 4 + k]: board cell of the k-th cell of a line, counted from the
 * wall the tiles move toward. Up reads columns top-down, Down bottom-up, Left rows left-to-right,
 * Right right-to-left, so one left-move table serves all four directions.
 */
const LINE_CELLS = new Uint8Array(64);
for (let line = 0; line < 4; line++) {
  for (let k = 0; k < 4; k++) {
    LINE_CELLS[(UP * 4 + line) * 4 + k] = k * 4 + line;
    LINE_CELLS[(RIGHT * 4 + line) * 4 + k] = line * 4 + (3 - k);
    LINE_CELLS[(DOWN * 4 + line) * 4 + k] = (3 - k) * 4 + line;
    LINE_CELLS[(LEFT * 4 + line) * 4 + k] = line * 4 + k;
  }
}

const SNAPSHOT_LENGTH = CELLS + 9;

export class Game2048Env implements VecEnv {
  readonly family = '2048';
  readonly numEnvs: number;
  readonly numActions = 4;
  readonly obsSize = CELLS * CHANNELS;
  readonly numStates = 0;
  readonly numTasks: number;
  readonly numRewardComponents = 2;
  /** The step limit, or undefined without one (the trainer then applies its own cap). */
  readonly maxEpisodeSteps?: number;
  readonly obs: Float32Array;
  readonly stateIndex: Int32Array;
  readonly legalMask: Uint8Array;
  readonly rewards: Float32Array;
  readonly rewardComponents: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly success: Uint8Array;

  /** [N * 16] log2 exponents, row-major (0 = empty). */
  readonly boards: Uint8Array;
  /** [N] score of the current episode so far. */
  readonly scores: Float64Array;
  /** [N] steps taken in the current episode. */
  readonly steps: Int32Array;
  /** [N] largest exponent on the board this episode. */
  readonly maxExponent: Uint8Array;

  readonly params: Required<Game2048Params>;
  private readonly rng: RngBank;
  private readonly startRoot: Rng;
  private readonly rowMoved: Uint16Array;
  private readonly rowScore: Uint32Array;
  private readonly targetExp: number;
  private readonly endExp: number;

  /**
   * @param copyOffset copy i draws its spawns from `rng.split(copyOffset + i)`, so a one-copy env
   *   with copyOffset = i reproduces copy i of a larger env (vectorized equals scalar).
   */
  constructor(params: Game2048Params, numEnvs: number, rng: Rng, copyOffset = 0) {
    const errors = validateGame2048Params(params);
    if (errors.length) throw new Error(errors.join('; '));
    this.params = { ...GAME2048_DEFAULTS, ...params };
    this.numEnvs = numEnvs;
    this.numTasks = this.params.numTasks;
    if (this.params.maxSteps > 0) this.maxEpisodeSteps = this.params.maxSteps;
    this.targetExp = Math.log2(this.params.targetTile);
    this.endExp = this.params.endTile === 0 ? 99 : Math.log2(this.params.endTile);
    [this.rowMoved, this.rowScore] = rowTables();
    this.boards = new Uint8Array(numEnvs * CELLS);
    this.scores = new Float64Array(numEnvs);
    this.steps = new Int32Array(numEnvs);
    this.maxExponent = new Uint8Array(numEnvs);
    this.obs = new Float32Array(numEnvs * this.obsSize);
    this.stateIndex = new Int32Array(numEnvs).fill(-1);
    this.legalMask = new Uint8Array(numEnvs * 4);
    this.rewards = new Float32Array(numEnvs);
    this.rewardComponents = new Float32Array(numEnvs * 2);
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
    this.success = new Uint8Array(numEnvs);
    this.rng = new RngBank(rng, numEnvs);
    if (copyOffset !== 0)
      for (let i = 0; i < numEnvs; i++) this.rng.setState(i, rng.split(copyOffset + i).getState());
    this.startRoot = rng.split('start');
    for (let i = 0; i < numEnvs; i++) this.reset(i, 0);
  }

  reset(i: number, task: number): void {
    if (!Number.isInteger(task) || task < 0 || task >= this.numTasks)
      throw new Error(`2048: task must be an integer in [0, ${this.numTasks}), got ${task}`);
    const b = i * CELLS;
    this.boards.fill(0, b, b + CELLS);
    // The start board depends on the task only (one small allocation per episode, not per step).
    const start = this.startRoot.split(task);
    for (let t = 0; t < 2; t++) {
      const exp = start.uniform() < 0.9 ? 1 : 2;
      this.placeTile(i, start.int(CELLS - t), exp);
    }
    this.scores[i] = 0;
    this.steps[i] = 0;
    this.clearStepOutputs(i);
    this.terminated[i] = 0;
    this.truncated[i] = 0;
    this.refresh(i);
  }

  /**
   * Put an arbitrary board (exponents, row-major) into copy i as a fresh episode. For tests, for
   * editing positions in the UI, and for the reference loop in the benchmark.
   */
  setBoard(i: number, exponents: ArrayLike<number>): void {
    if (exponents.length !== CELLS) throw new Error(`2048: a board has 16 cells`);
    for (let c = 0; c < CELLS; c++) {
      const e = exponents[c];
      if (!Number.isInteger(e) || e < 0 || e > MAX_EXP)
        throw new Error(`2048: cell ${c} exponent must be an integer in [0, 15], got ${e}`);
      this.boards[i * CELLS + c] = e;
    }
    this.scores[i] = 0;
    this.steps[i] = 0;
    this.clearStepOutputs(i);
    this.terminated[i] = 0;
    this.truncated[i] = 0;
    this.refresh(i);
  }

  step(actions: Int32Array, active?: Uint8Array): void {
    const moved = this.rowMoved;
    const rowScore = this.rowScore;
    const boards = this.boards;
    const p = this.params;
    for (let i = 0; i < this.numEnvs; i++) {
      // Inactive copies, and finished ones until their reset, stand still with reward 0.
      if ((active && !active[i]) || this.terminated[i] || this.truncated[i]) {
        this.clearStepOutputs(i);
        continue;
      }
      const a = actions[i];
      const b = i * CELLS;
      let score = 0;
      let changed = false;
      for (let line = 0; line < 4; line++) {
        const o = (a * 4 + line) * 4;
        const c0 = b + LINE_CELLS[o];
        const c1 = b + LINE_CELLS[o + 1];
        const c2 = b + LINE_CELLS[o + 2];
        const c3 = b + LINE_CELLS[o + 3];
        const key = boards[c0] | (boards[c1] << 4) | (boards[c2] << 8) | (boards[c3] << 12);
        const next = moved[key];
        if (next === key) continue;
        changed = true;
        score += rowScore[key];
        boards[c0] = next & 15;
        boards[c1] = (next >>> 4) & 15;
        boards[c2] = (next >>> 8) & 15;
        boards[c3] = next >>> 12;
      }
      this.steps[i]++;
      let scoreReward = 0;
      let survival = 0;
      if (changed) {
        scoreReward = score;
        survival = 1;
        this.spawn(i);
        this.refresh(i);
        if (!this.anyLegal(i) || this.maxExponent[i] >= this.endExp) this.terminated[i] = 1;
      } else if (p.illegalMove !== 'noop') {
        this.terminated[i] = 1;
        scoreReward = p.illegalMove === 'terminateMinus1' ? -1 : 0;
      }
      this.scores[i] += scoreReward;
      this.rewardComponents[i * 2] = scoreReward;
      this.rewardComponents[i * 2 + 1] = survival;
      this.rewards[i] = scoreReward + p.survivalWeight * survival;
      if (p.maxSteps > 0 && this.steps[i] >= p.maxSteps && !this.terminated[i])
        this.truncated[i] = 1;
    }
  }

  snapshot(i: number): EnvSnapshot {
    const data = new Float64Array(SNAPSHOT_LENGTH);
    for (let c = 0; c < CELLS; c++) data[c] = this.boards[i * CELLS + c];
    data[16] = this.scores[i];
    data[17] = this.steps[i];
    data[18] = this.terminated[i];
    data[19] = this.truncated[i];
    data[20] = this.success[i];
    data.set(this.rng.getState(i), 21);
    return { family: this.family, data };
  }

  restore(i: number, snap: EnvSnapshot): void {
    if (snap.family !== this.family || snap.data.length !== SNAPSHOT_LENGTH)
      throw new Error(`cannot restore a ${snap.family} snapshot into 2048`);
    const d = snap.data;
    for (let c = 0; c < CELLS; c++) this.boards[i * CELLS + c] = d[c];
    this.scores[i] = d[16];
    this.steps[i] = d[17];
    this.clearStepOutputs(i);
    this.terminated[i] = d[18];
    this.truncated[i] = d[19];
    this.refresh(i);
    this.success[i] = d[20];
    this.rng.setState(i, Array.from(d.subarray(21, 25)));
  }

  /** Copy i's board as tile values (0 = empty), row-major; for display and tests. */
  tiles(i: number): number[] {
    return Array.from(this.boards.subarray(i * CELLS, (i + 1) * CELLS), (e) => (e ? 2 ** e : 0));
  }

  private clearStepOutputs(i: number): void {
    this.rewards[i] = 0;
    this.rewardComponents[i * 2] = 0;
    this.rewardComponents[i * 2 + 1] = 0;
  }

  /** Original game order: the value (2 w.p. 0.9) first, then a uniform empty cell. */
  private spawn(i: number): void {
    const b = i * CELLS;
    let empty = 0;
    for (let c = 0; c < CELLS; c++) if (this.boards[b + c] === 0) empty++;
    if (empty === 0) return; // cannot happen after a move that changed the board
    const exp = this.rng.uniform(i) < 0.9 ? 1 : 2;
    this.placeTile(i, this.rng.int(i, empty), exp);
  }

  /** Put exponent `exp` into the k-th empty cell (row-major) of copy i. */
  private placeTile(i: number, k: number, exp: number): void {
    const b = i * CELLS;
    for (let c = 0; c < CELLS; c++) {
      if (this.boards[b + c] !== 0) continue;
      if (k === 0) {
        this.boards[b + c] = exp;
        return;
      }
      k--;
    }
  }

  /** Recompute observation, legal mask, max tile and success of copy i from its board. */
  private refresh(i: number): void {
    const b = i * CELLS;
    const obs = this.obs;
    const o = i * this.obsSize;
    obs.fill(0, o, o + this.obsSize);
    let maxExp = 0;
    for (let c = 0; c < CELLS; c++) {
      const e = this.boards[b + c];
      obs[o + c * CHANNELS + e] = 1;
      if (e > maxExp) maxExp = e;
    }
    this.maxExponent[i] = maxExp;
    if (maxExp >= this.targetExp) this.success[i] = 1;
    else if (this.steps[i] === 0) this.success[i] = 0;
    for (let a = 0; a < 4; a++) this.legalMask[i * 4 + a] = this.isLegal(i, a) ? 1 : 0;
  }

  private isLegal(i: number, a: number): boolean {
    const boards = this.boards;
    const b = i * CELLS;
    for (let line = 0; line < 4; line++) {
      const o = (a * 4 + line) * 4;
      const key =
        boards[b + LINE_CELLS[o]] |
        (boards[b + LINE_CELLS[o + 1]] << 4) |
        (boards[b + LINE_CELLS[o + 2]] << 8) |
        (boards[b + LINE_CELLS[o + 3]] << 12);
      if (this.rowMoved[key] !== key) return true;
    }
    return false;
  }

  private anyLegal(i: number): boolean {
    const m = i * 4;
    return (
      this.legalMask[m] + this.legalMask[m + 1] + this.legalMask[m + 2] + this.legalMask[m + 3] > 0
    );
  }
}

import type { EnvSnapshot, VecEnv } from './types';

/**
 * Sokoban, vectorized, with the rules and rewards of gym-sokoban (mpSchrader/gym-sokoban) /
 * Boxoban (deepmind/boxoban-levels):
 * - 4 actions: 0 Up, 1 Right, 2 Down, 3 Left. Moving into a box pushes it when the cell behind
 *   it is floor or target (not a wall, not another box: no chain pushes). Blocked moves are
 *   no-ops that still cost a step.
 * - Rewards (gym-sokoban `_calc_reward`): -0.1 per step, +1 for a box pushed onto a target, -1 for
 *   a box pushed off a target, +10 when all boxes are on targets (the episode terminates,
 *   success). Time limit 120 steps (gym-sokoban `max_steps`), reported as truncation.
 * - Optional deadlock termination: the episode ends when a push leaves a box in a corner that is
 *   not a target (it can never move again, so the level is lost).
 *
 * Tasks are levels: the env gets a fixed list of parsed levels (hand-written or generated) and
 * reset(i, k) puts copy i at the start of level k. Sokoban is deterministic: no random stream.
 *
 * A finished copy (terminated or truncated) stands still with reward 0 until it is reset.
 *
 * Storage: each copy's grid is padded to a fixed gridHeight x gridWidth (default: the largest
 * level; padding is wall), one byte per cell with bit flags WALL / TARGET / BOX, [N * H * W], plus
 * the player's cell index. Levels are enclosed, so a move never leaves the grid.
 * Observation: one-hot over 7 cell types (wall, floor, target, box, box on target, player,
 * player on target) per cell of the padded grid, [H * W * 7] (cell-major, channel fastest).
 * Reward components (for GDPO): [0] box terms (+1 on, -1 off, +10 all on), [1] step penalty.
 */

export const WALL = 1;
export const TARGET = 2;
export const BOX = 4;

/** Largest level side the parser accepts (also the largest padded grid). */
export const MAX_LEVEL_SIDE = 16;

/** Channel order of the observation. */
export const SOKOBAN_CHANNELS = [
  'wall',
  'floor',
  'target',
  'box',
  'boxOnTarget',
  'player',
  'playerOnTarget',
] as const;
const NUM_CHANNELS = SOKOBAN_CHANNELS.length;

/** A parsed, validated level: row-major bit flags (WALL | TARGET | BOX) and the player's cell. */
export interface SokobanLevel {
  readonly width: number;
  readonly height: number;
  /** [height * width] WALL / TARGET / BOX flags; unreachable outside floor is stored as wall. */
  readonly cells: Uint8Array;
  /** Player cell index, row * width + column. */
  readonly player: number;
  readonly numBoxes: number;
}

export type ParseResult =
  | { readonly ok: true; readonly level: SokobanLevel }
  | { readonly ok: false; readonly errors: string[] };

/**
 * Parse level text in the standard (XSB) characters: `#` wall, `@` player, `+` player on target,
 * `$` box, `*` box on target, `.` target, space floor (`-` and `_` are accepted as floor too, as in
 * the XSB convention for text where spaces get lost). Leading and trailing blank lines are
 * ignored; every other row must have the same length. Errors name 1-based row and column.
 */
export function parseSokobanLevel(text: string): ParseResult {
  const errors: string[] = [];
  const lines = text.replace(/\r/g, '').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) return { ok: false, errors: ['level is empty'] };
  const height = lines.length;
  const width = lines[0].length;
  if (height > MAX_LEVEL_SIDE || width > MAX_LEVEL_SIDE)
    errors.push(
      `level is ${width} columns x ${height} rows, larger than ${MAX_LEVEL_SIDE} x ${MAX_LEVEL_SIDE}`,
    );
  lines.forEach((line, r) => {
    if (line.length !== width)
      errors.push(`row ${r + 1} has ${line.length} columns, row 1 has ${width} (ragged rows)`);
  });
  if (errors.length) return { ok: false, errors };

  const cells = new Uint8Array(width * height);
  const players: number[] = [];
  let boxes = 0;
  let targets = 0;
  const at = (k: number): string => `row ${Math.floor(k / width) + 1}, column ${(k % width) + 1}`;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = r * width + c;
      const ch = lines[r][c];
      switch (ch) {
        case '#':
          cells[k] = WALL;
          break;
        case '@':
          players.push(k);
          break;
        case '+':
          players.push(k);
          cells[k] = TARGET;
          break;
        case '$':
          cells[k] = BOX;
          break;
        case '*':
          cells[k] = BOX | TARGET;
          break;
        case '.':
          cells[k] = TARGET;
          break;
        case ' ':
        case '-':
        case '_':
          break;
        default:
          errors.push(`${at(k)}: unknown character '${ch}' (use # @ + $ * . or space)`);
      }
      if (cells[k] & BOX) boxes++;
      if (cells[k] & TARGET) targets++;
    }
  }
  if (players.length === 0) errors.push('no player (@, or + on a target)');
  if (players.length > 1)
    errors.push(`more than one player: at ${players.map(at).join(' and at ')}`);
  if (boxes === 0) errors.push('no box ($, or * on a target)');
  if (boxes !== targets)
    errors.push(`${boxes} boxes ($ or *) but ${targets} targets (., + or *): they must be equal`);
  if (errors.length) return { ok: false, errors };

  // Enclosure: flood-fill the player's area (boxes can be walked around or pushed, so they do not
  // block it); it must not touch the border, and every box and target must lie inside it.
  const player = players[0];
  const inside = new Uint8Array(width * height);
  const stack = [player];
  inside[player] = 1;
  while (stack.length) {
    const k = stack.pop() as number;
    const r = Math.floor(k / width);
    const c = k % width;
    if (r === 0 || c === 0 || r === height - 1 || c === width - 1) {
      errors.push(`not enclosed by walls: the player can reach the edge at ${at(k)}`);
      return { ok: false, errors };
    }
    for (const n of [k - width, k + 1, k + width, k - 1]) {
      if (!inside[n] && !(cells[n] & WALL)) {
        inside[n] = 1;
        stack.push(n);
      }
    }
  }
  for (let k = 0; k < cells.length; k++) {
    if (inside[k] || cells[k] & WALL) continue;
    if (cells[k] & BOX) errors.push(`box at ${at(k)} is outside the player's area`);
    else if (cells[k] & TARGET) errors.push(`target at ${at(k)} is outside the player's area`);
    else cells[k] = WALL; // unreachable outside floor: drawn and observed as wall
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, level: { width, height, cells, player, numBoxes: boxes } };
}

/** Parse or throw with all error messages. */
export function parseSokobanLevelOrThrow(text: string): SokobanLevel {
  const result = parseSokobanLevel(text);
  if (!result.ok) throw new Error(`Sokoban level: ${result.errors.join('; ')}`);
  return result.level;
}

/** Level text (standard characters) of cell flags and a player cell. */
export function sokobanText(
  width: number,
  height: number,
  cells: ArrayLike<number>,
  player: number,
  stride = width,
): string {
  const rows: string[] = [];
  for (let r = 0; r < height; r++) {
    let row = '';
    for (let c = 0; c < width; c++) {
      const k = r * stride + c;
      const f = cells[k];
      if (k === player) row += f & TARGET ? '+' : '@';
      else if (f & WALL) row += '#';
      else if (f & BOX) row += f & TARGET ? '*' : '$';
      else row += f & TARGET ? '.' : ' ';
    }
    rows.push(row);
  }
  return rows.join('\n');
}

export function levelToText(level: SokobanLevel): string {
  return sokobanText(level.width, level.height, level.cells, level.player);
}

export interface SokobanParams {
  /** The tasks: reset(i, k) starts level k. */
  readonly levels: readonly SokobanLevel[];
  /** Truncate after this many steps (gym-sokoban: 120). */
  readonly maxSteps?: number;
  /** End the episode when a push leaves a box in a non-target corner (default false). */
  readonly deadlockTermination?: boolean;
  /** Observation grid (levels are padded with wall at the bottom and right); default: largest level. */
  readonly gridWidth?: number;
  readonly gridHeight?: number;
  /** Reward terms, gym-sokoban defaults. */
  readonly stepPenalty?: number;
  readonly boxOnTargetReward?: number;
  readonly boxOffTargetPenalty?: number;
  readonly allOnTargetReward?: number;
}

export const SOKOBAN_DEFAULTS = {
  maxSteps: 120,
  deadlockTermination: false,
  stepPenalty: -0.1,
  boxOnTargetReward: 1,
  boxOffTargetPenalty: -1,
  allOnTargetReward: 10,
} as const;

export function validateSokobanParams(p: SokobanParams): string[] {
  const errors: string[] = [];
  if (p.levels.length === 0) errors.push('sokoban: needs at least one level');
  const maxSteps = p.maxSteps ?? SOKOBAN_DEFAULTS.maxSteps;
  if (!Number.isInteger(maxSteps) || maxSteps < 1)
    errors.push(`sokoban: maxSteps must be a positive integer, got ${maxSteps}`);
  const w = Math.max(0, ...p.levels.map((l) => l.width));
  const h = Math.max(0, ...p.levels.map((l) => l.height));
  for (const [name, v, min] of [
    ['gridWidth', p.gridWidth, w],
    ['gridHeight', p.gridHeight, h],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > MAX_LEVEL_SIDE))
      errors.push(
        `sokoban: ${name} must be an integer between the largest level (${min}) and ${MAX_LEVEL_SIDE}, got ${v}`,
      );
  }
  for (const key of [
    'stepPenalty',
    'boxOnTargetReward',
    'boxOffTargetPenalty',
    'allOnTargetReward',
  ] as const) {
    const v = p[key];
    if (v !== undefined && !Number.isFinite(v))
      errors.push(`sokoban: ${key} must be a finite number, got ${v}`);
  }
  return errors;
}

export class SokobanEnv implements VecEnv {
  readonly family = 'sokoban';
  readonly numEnvs: number;
  readonly numActions = 4;
  readonly obsSize: number;
  readonly numStates = 0;
  readonly numTasks: number;
  readonly numRewardComponents = 2;
  /** The time limit (the trainer sizes its buffers by it). */
  readonly maxEpisodeSteps: number;
  readonly obs: Float32Array;
  readonly stateIndex: Int32Array;
  readonly legalMask = null;
  readonly rewards: Float32Array;
  readonly rewardComponents: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly success: Uint8Array;

  /** Padded grid size shared by every copy and the observation. */
  readonly gridWidth: number;
  readonly gridHeight: number;
  /** [N * gridHeight * gridWidth] WALL / TARGET / BOX flags of each copy. */
  readonly cells: Uint8Array;
  /** [N] player cell (row * gridWidth + column) of each copy. */
  readonly player: Int32Array;
  /** [N] level each copy is playing. */
  readonly task: Int32Array;
  /** [N] steps taken in the current episode. */
  readonly steps: Int32Array;
  /** [N] boxes currently on targets. */
  readonly boxesOnTarget: Int32Array;
  /** [N] boxes in the copy's level. */
  readonly numBoxes: Int32Array;

  private readonly gridCells: number;
  private readonly levelCells: Uint8Array;
  private readonly levelPlayer: Int32Array;
  private readonly levelBoxes: Int32Array;
  private readonly levelOnTarget: Int32Array;
  /** Cell offset of each action: Up, Right, Down, Left. */
  private readonly delta: Int32Array;
  private readonly maxSteps: number;
  private readonly deadlockTermination: boolean;
  private readonly stepPenalty: number;
  private readonly boxOnTargetReward: number;
  private readonly boxOffTargetPenalty: number;
  private readonly allOnTargetReward: number;

  constructor(
    readonly params: SokobanParams,
    numEnvs: number,
  ) {
    const errors = validateSokobanParams(params);
    if (errors.length) throw new Error(errors.join('; '));
    const levels = params.levels;
    this.numEnvs = numEnvs;
    this.numTasks = levels.length;
    this.gridWidth = params.gridWidth ?? Math.max(...levels.map((l) => l.width));
    this.gridHeight = params.gridHeight ?? Math.max(...levels.map((l) => l.height));
    const W = this.gridWidth;
    const C = W * this.gridHeight;
    this.gridCells = C;
    this.obsSize = C * NUM_CHANNELS;
    this.maxSteps = params.maxSteps ?? SOKOBAN_DEFAULTS.maxSteps;
    this.maxEpisodeSteps = this.maxSteps;
    this.deadlockTermination = params.deadlockTermination ?? SOKOBAN_DEFAULTS.deadlockTermination;
    this.stepPenalty = params.stepPenalty ?? SOKOBAN_DEFAULTS.stepPenalty;
    this.boxOnTargetReward = params.boxOnTargetReward ?? SOKOBAN_DEFAULTS.boxOnTargetReward;
    this.boxOffTargetPenalty = params.boxOffTargetPenalty ?? SOKOBAN_DEFAULTS.boxOffTargetPenalty;
    this.allOnTargetReward = params.allOnTargetReward ?? SOKOBAN_DEFAULTS.allOnTargetReward;
    this.delta = Int32Array.from([-W, 1, W, -1]);

    // Levels padded into the fixed grid once; reset copies a level's row of bytes.
    this.levelCells = new Uint8Array(levels.length * C).fill(WALL);
    this.levelPlayer = new Int32Array(levels.length);
    this.levelBoxes = new Int32Array(levels.length);
    this.levelOnTarget = new Int32Array(levels.length);
    levels.forEach((level, k) => {
      for (let r = 0; r < level.height; r++)
        for (let c = 0; c < level.width; c++) {
          const f = level.cells[r * level.width + c];
          this.levelCells[k * C + r * W + c] = f;
          if ((f & (BOX | TARGET)) === (BOX | TARGET)) this.levelOnTarget[k]++;
        }
      const pr = Math.floor(level.player / level.width);
      this.levelPlayer[k] = pr * W + (level.player % level.width);
      this.levelBoxes[k] = level.numBoxes;
    });

    this.cells = new Uint8Array(numEnvs * C);
    this.player = new Int32Array(numEnvs);
    this.task = new Int32Array(numEnvs);
    this.steps = new Int32Array(numEnvs);
    this.boxesOnTarget = new Int32Array(numEnvs);
    this.numBoxes = new Int32Array(numEnvs);
    this.obs = new Float32Array(numEnvs * this.obsSize);
    this.stateIndex = new Int32Array(numEnvs).fill(-1);
    this.rewards = new Float32Array(numEnvs);
    this.rewardComponents = new Float32Array(numEnvs * 2);
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
    this.success = new Uint8Array(numEnvs);
    for (let i = 0; i < numEnvs; i++) this.reset(i, 0);
  }

  reset(i: number, task: number): void {
    if (!Number.isInteger(task) || task < 0 || task >= this.numTasks)
      throw new Error(`sokoban: task must be an integer in [0, ${this.numTasks}), got ${task}`);
    const C = this.gridCells;
    this.cells.set(this.levelCells.subarray(task * C, (task + 1) * C), i * C);
    this.player[i] = this.levelPlayer[task];
    this.task[i] = task;
    this.steps[i] = 0;
    this.boxesOnTarget[i] = this.levelOnTarget[task];
    this.numBoxes[i] = this.levelBoxes[task];
    this.rewards[i] = 0;
    this.rewardComponents[i * 2] = 0;
    this.rewardComponents[i * 2 + 1] = 0;
    this.terminated[i] = 0;
    this.truncated[i] = 0;
    this.success[i] = 0;
    for (let k = 0; k < C; k++) this.writeObs(i, k);
  }

  step(actions: Int32Array, active?: Uint8Array): void {
    const cells = this.cells;
    const C = this.gridCells;
    for (let i = 0; i < this.numEnvs; i++) {
      // Inactive copies, and finished ones until their reset, stand still with reward 0.
      if ((active && !active[i]) || this.terminated[i] || this.truncated[i]) {
        this.rewards[i] = 0;
        this.rewardComponents[i * 2] = 0;
        this.rewardComponents[i * 2 + 1] = 0;
        continue;
      }
      const base = i * C;
      const d = this.delta[actions[i]];
      const p = this.player[i];
      const t = p + d;
      let boxReward = 0;
      let deadlocked = false;
      const ft = cells[base + t];
      if (!(ft & WALL)) {
        if (ft & BOX) {
          const b = t + d;
          const fb = cells[base + b];
          if (!(fb & (WALL | BOX))) {
            // Push: the box moves from t to b, the player from p to t.
            cells[base + t] = ft & ~BOX;
            cells[base + b] = fb | BOX;
            if (ft & TARGET) {
              boxReward += this.boxOffTargetPenalty;
              this.boxesOnTarget[i]--;
            }
            if (fb & TARGET) {
              boxReward += this.boxOnTargetReward;
              this.boxesOnTarget[i]++;
            } else if (this.deadlockTermination) {
              deadlocked = this.isCorner(base, b);
            }
            this.player[i] = t;
            this.writeObs(i, p);
            this.writeObs(i, t);
            this.writeObs(i, b);
          }
        } else {
          this.player[i] = t;
          this.writeObs(i, p);
          this.writeObs(i, t);
        }
      }
      this.steps[i]++;
      if (this.boxesOnTarget[i] === this.numBoxes[i]) {
        boxReward += this.allOnTargetReward;
        this.terminated[i] = 1;
        this.success[i] = 1;
      } else if (deadlocked) {
        this.terminated[i] = 1;
      }
      this.rewardComponents[i * 2] = boxReward;
      this.rewardComponents[i * 2 + 1] = this.stepPenalty;
      this.rewards[i] = boxReward + this.stepPenalty;
      if (this.steps[i] >= this.maxSteps && !this.terminated[i]) this.truncated[i] = 1;
    }
  }

  snapshot(i: number): EnvSnapshot {
    const C = this.gridCells;
    const n = this.numBoxes[i];
    const data = new Float64Array(6 + n);
    data[0] = this.task[i];
    data[1] = this.steps[i];
    data[2] = this.player[i];
    data[3] = this.terminated[i];
    data[4] = this.truncated[i];
    data[5] = this.success[i];
    let k = 6;
    for (let c = 0; c < C; c++) if (this.cells[i * C + c] & BOX) data[k++] = c;
    return { family: this.family, data };
  }

  restore(i: number, snap: EnvSnapshot): void {
    const d = snap.data;
    if (snap.family !== this.family || d.length !== 6 + this.levelBoxes[d[0]])
      throw new Error(`cannot restore a ${snap.family} snapshot into sokoban`);
    this.reset(i, d[0]);
    const C = this.gridCells;
    const base = i * C;
    for (let c = 0; c < C; c++) this.cells[base + c] &= ~BOX;
    let onTarget = 0;
    for (let k = 6; k < d.length; k++) {
      this.cells[base + d[k]] |= BOX;
      if (this.cells[base + d[k]] & TARGET) onTarget++;
    }
    this.boxesOnTarget[i] = onTarget;
    this.player[i] = d[2];
    this.steps[i] = d[1];
    this.terminated[i] = d[3];
    this.truncated[i] = d[4];
    this.success[i] = d[5];
    for (let c = 0; c < C; c++) this.writeObs(i, c);
  }

  /** Copy i's current state as level text (padded grid). */
  text(i: number): string {
    const C = this.gridCells;
    return sokobanText(
      this.gridWidth,
      this.gridHeight,
      this.cells.subarray(i * C, (i + 1) * C),
      this.player[i],
    );
  }

  /** A box on a non-target cell with a wall above or below and a wall left or right. */
  private isCorner(base: number, b: number): boolean {
    const W = this.gridWidth;
    const c = this.cells;
    const vertical = (c[base + b - W] | c[base + b + W]) & WALL;
    const horizontal = (c[base + b - 1] | c[base + b + 1]) & WALL;
    return vertical !== 0 && horizontal !== 0;
  }

  /** Rewrite the 7 one-hot channels of cell k of copy i. */
  private writeObs(i: number, k: number): void {
    const o = i * this.obsSize + k * NUM_CHANNELS;
    const f = this.cells[i * this.gridCells + k];
    let ch: number;
    if (f & WALL) ch = 0;
    else if (k === this.player[i]) ch = f & TARGET ? 6 : 5;
    else if (f & BOX) ch = f & TARGET ? 4 : 3;
    else ch = f & TARGET ? 2 : 1;
    for (let c = 0; c < NUM_CHANNELS; c++) this.obs[o + c] = 0;
    this.obs[o + ch] = 1;
  }
}

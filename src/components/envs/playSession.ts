import type { EnvSnapshot, VecEnv } from '../../core/envs/types';

/**
 * One human player on copy 0 of a one-copy core env: step, undo (snapshot/restore, so it is exact
 * and cheap for every family) and restart, with the counters the play components show. Pure
 * TypeScript on the main thread; the component re-renders from `stats` after each call.
 */
export type Outcome = 'playing' | 'won' | 'lost' | 'timeout';

export interface PlayStats {
  readonly steps: number;
  /** Reward of the last step, or null before the first. */
  readonly lastReward: number | null;
  /** Undiscounted return so far. */
  readonly ret: number;
  readonly outcome: Outcome;
}

export type StepResult = 'moved' | 'illegal' | 'finished';

const FRESH: PlayStats = { steps: 0, lastReward: null, ret: 0, outcome: 'playing' };

/** Undo depth; a long 2048 game stays a few hundred kB of snapshots. */
const MAX_HISTORY = 2000;

export function outcomeOf(env: VecEnv, i = 0): Outcome {
  if (env.terminated[i]) return env.success[i] ? 'won' : 'lost';
  if (env.truncated[i]) return 'timeout';
  return 'playing';
}

export class PlaySession<E extends VecEnv = VecEnv> {
  private history: { snap: EnvSnapshot; stats: PlayStats }[] = [];
  private readonly action = new Int32Array(1);
  private statsNow: PlayStats = FRESH;

  constructor(
    readonly env: E,
    private taskNow = 0,
  ) {
    if (env.numEnvs < 1) throw new Error('PlaySession needs an env with at least one copy');
    env.reset(0, taskNow);
  }

  get stats(): PlayStats {
    return this.statsNow;
  }

  get task(): number {
    return this.taskNow;
  }

  get canUndo(): boolean {
    return this.history.length > 0;
  }

  /**
   * Take `action`. Illegal actions (2048's legal mask) are refused without spending a step, as
   * the original game ignores a move that changes nothing.
   */
  step(action: number): StepResult {
    if (this.statsNow.outcome !== 'playing') return 'finished';
    const mask = this.env.legalMask;
    if (mask && !mask[action]) return 'illegal';
    this.history.push({ snap: this.env.snapshot(0), stats: this.statsNow });
    if (this.history.length > MAX_HISTORY) this.history.shift();
    this.action[0] = action;
    this.env.step(this.action);
    const r = this.env.rewards[0];
    this.statsNow = {
      steps: this.statsNow.steps + 1,
      lastReward: r,
      ret: this.statsNow.ret + r,
      outcome: outcomeOf(this.env),
    };
    return 'moved';
  }

  /** Back one step (also out of a finished episode). False when there is nothing to undo. */
  undo(): boolean {
    const last = this.history.pop();
    if (!last) return false;
    this.env.restore(0, last.snap);
    this.statsNow = last.stats;
    return true;
  }

  restart(task = this.taskNow): void {
    this.taskNow = task;
    this.env.reset(0, task);
    this.history = [];
    this.statsNow = FRESH;
  }
}

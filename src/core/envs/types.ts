/**
 * The contract every vectorized environment meets (see shared/design/environments.md).
 *
 * One object steps N copies held in typed arrays (struct of arrays); there is never an object per
 * copy. Outputs are written into the env's own buffers, which the caller reads after each call
 * and must not keep across calls (they are overwritten in place, so the hot loop allocates
 * nothing).
 */
export interface VecEnv {
  /** Family name, e.g. 'bandit', 'gridworld', '2048', 'sokoban'. */
  readonly family: string;
  /** Number of copies stepped together. */
  readonly numEnvs: number;
  /** Number of discrete actions (same for every copy). */
  readonly numActions: number;
  /** Length of one copy's observation vector for neural policies. */
  readonly obsSize: number;
  /**
   * Number of discrete states for tabular policies and exact computations, or 0 when the state
   * space is too large to enumerate (2048, Sokoban).
   */
  readonly numStates: number;
  /** Number of tasks `reset` accepts (bandit instances, start states, levels, seeds). */
  readonly numTasks: number;
  /** Longest possible episode (the time limit; 1 for bandits). The trainer sizes its buffers by it. */
  readonly maxEpisodeSteps?: number;
  /** Number of reward components (1 for most envs; 2 for two-component variants, for GDPO). */
  readonly numRewardComponents: number;

  /** [numEnvs * obsSize] observation of each copy, valid after reset/step. */
  readonly obs: Float32Array;
  /** [numEnvs] discrete state index of each copy (meaningful when numStates > 0). */
  readonly stateIndex: Int32Array;
  /** [numEnvs * numActions] 1 where the action is legal, or null when every action always is. */
  readonly legalMask: Uint8Array | null;
  /** [numEnvs] reward of the last step (sum of components). */
  readonly rewards: Float32Array;
  /** [numEnvs * numRewardComponents] reward components of the last step. */
  readonly rewardComponents: Float32Array;
  /** [numEnvs] 1 if the last step ended the episode by the rules (goal, hole, no move left). */
  readonly terminated: Uint8Array;
  /** [numEnvs] 1 if the last step ended the episode by the time limit. */
  readonly truncated: Uint8Array;
  /** [numEnvs] 1 if the copy achieved the env's goal in its current/last episode. */
  readonly success: Uint8Array;

  /** Copy i starts task `task` (0 <= task < numTasks), drawing any randomness from its own stream. */
  reset(i: number, task: number): void;
  /**
   * Step every copy whose `active[i]` is 1 (all copies when `active` is omitted) with
   * `actions[i]`. Inactive copies keep their state and report reward 0.
   */
  step(actions: Int32Array, active?: Uint8Array): void;
  /** A copy of copy i's full state, including its random stream (common random numbers). */
  snapshot(i: number): EnvSnapshot;
  /** Put copy i back into a snapshotted state; with the same actions it replays identically. */
  restore(i: number, snapshot: EnvSnapshot): void;
}

/** Opaque per-copy state. Plain data (structured-cloneable), so it can cross the worker boundary. */
export interface EnvSnapshot {
  readonly family: string;
  readonly data: Float64Array;
}

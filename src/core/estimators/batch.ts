/**
 * What an estimator sees of a rollout: groups, steps, rewards, log-probabilities, values, masks.
 * It never knows which environment produced the batch.
 *
 * Layout: E = numGroups * groupSize episodes, episode e belongs to group floor(e / groupSize)
 * (the G rollouts of one task are contiguous). Per-step arrays are [E * maxSteps], row-major by
 * episode; `mask[e * maxSteps + t]` is 1 where step t of episode e exists.
 */
export interface RolloutBatch {
  readonly numGroups: number;
  readonly groupSize: number;
  readonly numEpisodes: number;
  readonly maxSteps: number;
  readonly numActions: number;
  /** [E] task index of each episode (the same within a group). */
  readonly taskIds: Int32Array;
  /** [E] number of steps of each episode. */
  readonly lengths: Int32Array;
  /** [E] 1 if the episode ended by the rules, 0 if cut by the time limit. */
  readonly terminated: Uint8Array;
  /** [E] 1 if the episode reached the env's goal. */
  readonly success: Uint8Array;
  /** [E * T] 1 where the step exists. */
  readonly mask: Uint8Array;
  /** [E * T] reward of each step (sum of components). */
  readonly rewards: Float32Array;
  /** Number of reward components C (1 unless the env has several). */
  readonly numRewardComponents: number;
  /** [E * T * C] reward components of each step. */
  readonly rewardComponents: Float32Array;
  /** [E * T] action taken. */
  readonly actions: Int32Array;
  /** [E * T] tabular state index of each step (-1 where the env has no small state space). */
  readonly states: Int32Array;
  /** [E * T] log pi_old(a_t | s_t) under the policy that collected the batch. */
  readonly logp: Float32Array;
}

export function stepIndex(batch: RolloutBatch, episode: number, t: number): number {
  return episode * batch.maxSteps + t;
}

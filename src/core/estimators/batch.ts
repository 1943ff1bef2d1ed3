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

/** One episode, written out by hand (tests, examples, small tools). */
export interface EpisodeRecord {
  readonly rewards: readonly number[];
  readonly actions?: readonly number[];
  readonly states?: readonly number[];
  /** log pi_old(a_t | s_t); default 0. */
  readonly logp?: readonly number[];
  /** Default: the episode's group index. */
  readonly taskId?: number;
  /** Default 1 (ended by the rules). */
  readonly terminated?: 0 | 1;
  /** Default: 1 when the return is > 0. */
  readonly success?: 0 | 1;
  /** [T][C] reward components; default one component equal to the reward. */
  readonly components?: readonly (readonly number[])[];
}

/**
 * A RolloutBatch from a list of episodes in group order (episode e belongs to group
 * floor(e / groupSize)). Convenient and allocation-heavy: for tests and examples, not the trainer.
 */
export function makeRolloutBatch(
  episodes: readonly EpisodeRecord[],
  groupSize: number,
  numActions = 2,
): RolloutBatch {
  const E = episodes.length;
  if (E % groupSize !== 0)
    throw new Error(`makeRolloutBatch: ${E} episodes do not split into groups of ${groupSize}`);
  const T = Math.max(1, ...episodes.map((ep) => ep.rewards.length));
  const C = episodes[0]?.components?.[0]?.length ?? 1;
  const batch = {
    numGroups: E / groupSize,
    groupSize,
    numEpisodes: E,
    maxSteps: T,
    numActions,
    taskIds: new Int32Array(E),
    lengths: new Int32Array(E),
    terminated: new Uint8Array(E),
    success: new Uint8Array(E),
    mask: new Uint8Array(E * T),
    rewards: new Float32Array(E * T),
    numRewardComponents: C,
    rewardComponents: new Float32Array(E * T * C),
    actions: new Int32Array(E * T),
    states: new Int32Array(E * T),
    logp: new Float32Array(E * T),
  };
  episodes.forEach((ep, e) => {
    const len = ep.rewards.length;
    batch.taskIds[e] = ep.taskId ?? Math.floor(e / groupSize);
    batch.lengths[e] = len;
    batch.terminated[e] = ep.terminated ?? 1;
    const ret = ep.rewards.reduce((s, r) => s + r, 0);
    batch.success[e] = ep.success ?? (ret > 0 ? 1 : 0);
    for (let t = 0; t < len; t++) {
      const i = e * T + t;
      batch.mask[i] = 1;
      batch.rewards[i] = ep.rewards[t];
      batch.actions[i] = ep.actions?.[t] ?? 0;
      batch.states[i] = ep.states?.[t] ?? 0;
      batch.logp[i] = ep.logp?.[t] ?? 0;
      for (let k = 0; k < C; k++)
        batch.rewardComponents[i * C + k] = ep.components ? ep.components[t][k] : ep.rewards[t];
    }
  });
  return batch;
}

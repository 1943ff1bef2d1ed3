import type { RolloutBatch } from '../batch';

/** GAE advantages and the critic's regression targets, both [E * T] (0 where mask is 0). */
export interface GaeResult {
  readonly advantages: Float64Array;
  /** Critic targets A_t + V(s_t) (CleanRL: `returns = advantages + values`). */
  readonly criticTargets: Float64Array;
}

/**
 * Generalised advantage estimation (Schulman et al. 2016, "High-Dimensional Continuous Control
 * Using Generalized Advantage Estimation"; CleanRL ppo.py):
 *   delta_t = r_t + gamma V(s_{t+1}) nonterminal_{t+1} - V(s_t)
 *   A_t     = delta_t + gamma lambda nonterminal_{t+1} A_{t+1}
 * Inside an episode every next state is nonterminal. After the last step T-1:
 * - terminated (by the rules): V(s_T) = 0;
 * - truncated (time limit): V(s_T) = bootstrapValues[e] when `bootstrapTruncated`, else 0
 *   (CleanRL treats a truncation as a termination because gym's `done` merged both).
 *
 * @param values [E * T] critic values V(s_t) of the visited states.
 * @param bootstrapValues [E] V(s_T) of the state after the last step (used for truncations).
 */
export function gae(
  batch: RolloutBatch,
  values: ArrayLike<number>,
  bootstrapValues: ArrayLike<number> | undefined,
  gamma: number,
  lambda: number,
  bootstrapTruncated: boolean,
): GaeResult {
  const T = batch.maxSteps;
  const advantages = new Float64Array(batch.numEpisodes * T);
  const criticTargets = new Float64Array(batch.numEpisodes * T);
  for (let e = 0; e < batch.numEpisodes; e++) {
    const len = batch.lengths[e];
    const cut = !batch.terminated[e] && bootstrapTruncated;
    let nextValue = cut && bootstrapValues ? bootstrapValues[e] : 0;
    let nextAdvantage = 0;
    for (let t = len - 1; t >= 0; t--) {
      const i = e * T + t;
      const delta = batch.rewards[i] + gamma * nextValue - values[i];
      nextAdvantage = delta + gamma * lambda * nextAdvantage;
      advantages[i] = nextAdvantage;
      criticTargets[i] = nextAdvantage + values[i];
      nextValue = values[i];
    }
  }
  return { advantages, criticTargets };
}

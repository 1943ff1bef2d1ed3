import { groupMean } from '../normalise/stats';

/**
 * GRPO's baseline (Shao et al. 2024, DeepSeekMath): b_i = mean of the group's returns,
 * including R_i itself. That makes E[A_i] grad logp_i shrink by (G-1)/G: a biased (scaled)
 * estimate, harmless for the direction. r=[1,0,0,1] -> b=0.5.
 */
export function groupMeanBaseline(returns: ArrayLike<number>, groupSize: number): Float64Array {
  return groupMean(returns, groupSize);
}

/**
 * RLOO's baseline (Kool et al. 2019, "Buy 4 REINFORCE samples, get a baseline for free!"; TRL
 * RLOOTrainer): b_i = (sum_j R_j - R_i) / (G - 1), independent of rollout i, so unbiased.
 * r=[1,0,0,1] -> A = [2/3, -2/3, -2/3, 2/3].
 *
 * A group of one has no other rollouts: `singleton` 'zero' returns b = R (A = 0, TRL's
 * behaviour), 'raw' returns b = 0 (A = R, verl's `rloo` keeps the raw score).
 */
export function leaveOneOutBaseline(
  returns: ArrayLike<number>,
  groupSize: number,
  singleton: 'zero' | 'raw',
): Float64Array {
  const out = new Float64Array(returns.length);
  if (groupSize === 1) {
    for (let i = 0; i < returns.length; i++) out[i] = singleton === 'zero' ? returns[i] : 0;
    return out;
  }
  for (let g0 = 0; g0 < returns.length; g0 += groupSize) {
    let sum = 0;
    for (let j = 0; j < groupSize; j++) sum += returns[g0 + j];
    for (let j = 0; j < groupSize; j++) out[g0 + j] = (sum - returns[g0 + j]) / (groupSize - 1);
  }
  return out;
}

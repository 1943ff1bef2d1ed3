import { maskedMeanStd } from './stats';

/**
 * GDPO's decoupled normalisation for several reward components (GDPO: "Group reward-Decoupled
 * normalization Policy Optimization"): z-score each component k within its group, sum the
 * z-scores with weights w_k, then z-score the sum over the whole batch:
 *   z_ik = (R_ik - mean_group(R_k)) / (std_group(R_k) + eps),  s_i = sum_k w_k z_ik,
 *   A_i = (s_i - mean_batch(s)) / (std_batch(s) + eps).
 * Decoupling stops one high-variance component from drowning the others, which a z-score of
 * the summed reward would do. The group std uses `ddof`; the batch std ddof 1; eps 1e-4.
 *
 * @param componentReturns [E * C] per-episode return of each reward component.
 * @param weights [C] component weights (empty = all ones).
 * @returns [E] advantage per episode.
 */
export function decoupledAdvantages(
  componentReturns: ArrayLike<number>,
  numComponents: number,
  groupSize: number,
  weights: readonly number[],
  ddof: number,
  eps: number,
): Float64Array {
  const C = numComponents;
  const E = componentReturns.length / C;
  const summed = new Float64Array(E);
  for (let k = 0; k < C; k++) {
    const w = weights.length ? weights[k] : 1;
    for (let g0 = 0; g0 < E; g0 += groupSize) {
      let sum = 0;
      for (let j = 0; j < groupSize; j++) sum += componentReturns[(g0 + j) * C + k];
      const mean = sum / groupSize;
      let ss = 0;
      for (let j = 0; j < groupSize; j++) ss += (componentReturns[(g0 + j) * C + k] - mean) ** 2;
      const dof = groupSize - ddof;
      const std = dof > 0 ? Math.sqrt(ss / dof) : 0;
      for (let j = 0; j < groupSize; j++)
        summed[g0 + j] += (w * (componentReturns[(g0 + j) * C + k] - mean)) / (std + eps);
    }
  }
  const { mean, std } = maskedMeanStd(summed, undefined, 1);
  for (let e = 0; e < E; e++) summed[e] = (summed[e] - mean) / (std + eps);
  return summed;
}

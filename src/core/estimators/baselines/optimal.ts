/**
 * The variance-minimising constant baseline (Weaver & Tao 2001; Greensmith et al. 2004; used by
 * OBLR-PO): for the estimator g = (R - b) grad logp(tau),
 *   b* = sum_i |grad logp(tau_i)|^2 R_i / sum_i |grad logp(tau_i)|^2,
 * i.e. a return average weighted by how much each rollout moves the parameters.
 *
 * Computed per group (task) when G >= 2, else over the whole batch. Like group-mean it uses
 * rollout i's own return, so it carries an O(1/G) bias (OBLR-PO's abstract gives no
 * leave-one-out form; the weighting is the classic result above). With all norms 0 it falls
 * back to the plain mean.
 *
 * @param gradLogpSqNorms [E] |grad_theta log pi(tau_i)|^2 of each episode (the trainer computes
 *   it; `tabularGradLogpSqNorms` gives it exactly for tabular softmax policies).
 */
export function optimalBaseline(
  returns: ArrayLike<number>,
  gradLogpSqNorms: ArrayLike<number>,
  groupSize: number,
): Float64Array {
  const E = returns.length;
  const block = groupSize >= 2 ? groupSize : E;
  const out = new Float64Array(E);
  for (let g0 = 0; g0 < E; g0 += block) {
    let num = 0;
    let den = 0;
    let sum = 0;
    for (let j = g0; j < g0 + block; j++) {
      num += gradLogpSqNorms[j] * returns[j];
      den += gradLogpSqNorms[j];
      sum += returns[j];
    }
    out.fill(den > 0 ? num / den : sum / block, g0, g0 + block);
  }
  return out;
}

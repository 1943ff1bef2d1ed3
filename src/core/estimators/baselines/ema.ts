/**
 * Moving-average baseline per task (Sutton & Barto 2018, sec. 13.4, REINFORCE with baseline;
 * the baseline is a running mean of past returns rather than a learned V):
 *   b_k <- (1 - kappa) b_k + kappa mean_{e in task k} R_e.
 * `emaBaseline[k]` is NaN until task k is first seen; reading it as 0 then and initialising it
 * with the first mean afterwards keeps b independent of the batch that uses it (unbiased).
 */

/** b_e = the current EMA of episode e's task (0 for an unseen task). Read before updating. */
export function emaBaselineOf(emaBaseline: Float64Array, taskIds: Int32Array): Float64Array {
  const out = new Float64Array(taskIds.length);
  for (let e = 0; e < taskIds.length; e++) {
    const b = emaBaseline[taskIds[e]];
    out[e] = Number.isNaN(b) ? 0 : b;
  }
  return out;
}

/** In-place update of the per-task EMA with this batch's returns; the first batch initialises. */
export function updateEmaBaseline(
  emaBaseline: Float64Array,
  taskIds: Int32Array,
  returns: ArrayLike<number>,
  kappa: number,
): void {
  const sums = new Float64Array(emaBaseline.length);
  const counts = new Float64Array(emaBaseline.length);
  for (let e = 0; e < taskIds.length; e++) {
    sums[taskIds[e]] += returns[e];
    counts[taskIds[e]] += 1;
  }
  for (let k = 0; k < sums.length; k++) {
    if (counts[k] === 0) continue;
    const m = sums[k] / counts[k];
    const b = emaBaseline[k];
    emaBaseline[k] = Number.isNaN(b) ? m : (1 - kappa) * b + kappa * m;
  }
}

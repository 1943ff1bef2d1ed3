/**
 * Moving-average baseline per task (Sutton & Barto 2018, sec. 13.4, REINFORCE with baseline;
 * the baseline is a running mean of past returns rather than a learned V):
 *   b_k <- (1 - kappa) b_k + kappa mean_{e in task k} R_e,
 * and the same over all tasks, b_all <- (1 - kappa) b_all + kappa mean_e R_e.
 * An episode of a task not seen yet reads b_all: where every episode is a new task (2048 draws
 * one of 2^20 seeds, generated Sokoban one of hundreds of levels) a per-task average alone would
 * stay 0 and "REINFORCE + baseline" would be REINFORCE. Each is NaN until first set; reading 0
 * then, and using only earlier batches, keeps b independent of the batch that uses it (unbiased).
 */

/** b_e = the EMA of episode e's task, else of all tasks, else 0. Read before updating. */
export function emaBaselineOf(
  emaBaseline: Float64Array,
  emaAllTasks: Float64Array,
  taskIds: Int32Array,
): Float64Array {
  const out = new Float64Array(taskIds.length);
  const all = Number.isNaN(emaAllTasks[0]) ? 0 : emaAllTasks[0];
  for (let e = 0; e < taskIds.length; e++) {
    const b = emaBaseline[taskIds[e]];
    out[e] = Number.isNaN(b) ? all : b;
  }
  return out;
}

/** In-place update of the per-task and all-task EMAs with this batch's returns. */
export function updateEmaBaseline(
  emaBaseline: Float64Array,
  emaAllTasks: Float64Array,
  taskIds: Int32Array,
  returns: ArrayLike<number>,
  kappa: number,
): void {
  if (taskIds.length > 0) {
    let total = 0;
    for (let e = 0; e < taskIds.length; e++) total += returns[e];
    const m = total / taskIds.length;
    const b = emaAllTasks[0];
    emaAllTasks[0] = Number.isNaN(b) ? m : (1 - kappa) * b + kappa * m;
  }
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

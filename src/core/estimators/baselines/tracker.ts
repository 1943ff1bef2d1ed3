/**
 * SPO's per-task value tracker (Single-stream Policy Optimization, Xu & Ding 2025): one rollout
 * per task, A = R - p(x) with p(x) a running success estimate kept across updates, then
 * batch-normalised; tasks are sampled with weight sqrt(p(1-p)) + 0.05 to favour tasks the
 * policy solves about half of the time.
 *
 * The tracker is a discounted Beta posterior: alpha <- rho alpha + R, beta <- rho beta + (1 - R),
 * p = alpha / (alpha + beta), starting from Beta(1, 1) (p = 0.5). SPO adapts rho from the policy
 * change (KL); here rho is the fixed `trackerDecay` (simplification, stated in the preset card).
 * p is read before this batch's update, so the baseline does not depend on the batch.
 */
export interface TaskTracker {
  /** [numTasks] discounted success counts (Beta alpha). */
  readonly alpha: Float64Array;
  /** [numTasks] discounted failure counts (Beta beta). */
  readonly beta: Float64Array;
}

export function createTaskTracker(numTasks: number): TaskTracker {
  return { alpha: new Float64Array(numTasks).fill(1), beta: new Float64Array(numTasks).fill(1) };
}

/** p(x) per episode, read from the tracker before it sees this batch. */
export function trackerBaseline(tracker: TaskTracker, taskIds: Int32Array): Float64Array {
  const out = new Float64Array(taskIds.length);
  for (let e = 0; e < taskIds.length; e++) {
    const k = taskIds[e];
    out[e] = tracker.alpha[k] / (tracker.alpha[k] + tracker.beta[k]);
  }
  return out;
}

/** In place: decay the counts of every task seen in the batch by rho, then add its outcomes. */
export function updateTaskTracker(
  tracker: TaskTracker,
  taskIds: Int32Array,
  returns: ArrayLike<number>,
  rho: number,
): void {
  const seen = new Uint8Array(tracker.alpha.length);
  for (let e = 0; e < taskIds.length; e++) {
    const k = taskIds[e];
    if (!seen[k]) {
      seen[k] = 1;
      tracker.alpha[k] *= rho;
      tracker.beta[k] *= rho;
    }
    // Outcomes are success probabilities: clamp to [0, 1] so the Beta counts stay positive.
    const r = Math.min(1, Math.max(0, returns[e]));
    tracker.alpha[k] += r;
    tracker.beta[k] += 1 - r;
  }
}

/** SPO's task-sampling weights sqrt(p(1 - p)) + 0.05 (unnormalised; pass to Rng.categorical). */
export function trackerTaskWeights(tracker: TaskTracker): Float64Array {
  const out = new Float64Array(tracker.alpha.length);
  for (let k = 0; k < out.length; k++) {
    const p = tracker.alpha[k] / (tracker.alpha[k] + tracker.beta[k]);
    out[k] = Math.sqrt(p * (1 - p)) + 0.05;
  }
  return out;
}

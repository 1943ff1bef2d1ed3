/**
 * Statistics of contiguous groups of G episode scores (the G rollouts of a task are contiguous,
 * see batch.ts). Each returns one number per episode (its group's statistic), so callers can
 * combine them elementwise.
 */

/** mean of the group of each episode: (1/G) sum_j x_j. */
export function groupMean(scores: ArrayLike<number>, groupSize: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let g0 = 0; g0 < scores.length; g0 += groupSize) {
    let sum = 0;
    for (let j = 0; j < groupSize; j++) sum += scores[g0 + j];
    out.fill(sum / groupSize, g0, g0 + groupSize);
  }
  return out;
}

/**
 * std of the group of each episode, sqrt(sum_j (x_j - mean)^2 / (G - ddof)).
 * ddof 1 = unbiased (torch.std, TRL), ddof 0 = population (numpy default, Spinning Up).
 * A group of one with ddof 1 has no spread estimate: returns 0 (as nan_to_num would).
 */
export function groupStd(scores: ArrayLike<number>, groupSize: number, ddof: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let g0 = 0; g0 < scores.length; g0 += groupSize) {
    let sum = 0;
    for (let j = 0; j < groupSize; j++) sum += scores[g0 + j];
    const mean = sum / groupSize;
    let ss = 0;
    for (let j = 0; j < groupSize; j++) ss += (scores[g0 + j] - mean) ** 2;
    const dof = groupSize - ddof;
    out.fill(dof > 0 ? Math.sqrt(ss / dof) : 0, g0, g0 + groupSize);
  }
  return out;
}

/** 1 where all scores of the episode's group are equal (a zero-variance group), else 0. */
export function zeroVarianceGroups(scores: ArrayLike<number>, groupSize: number): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let g0 = 0; g0 < scores.length; g0 += groupSize) {
    let allEqual = 1;
    for (let j = 1; j < groupSize; j++) if (scores[g0 + j] !== scores[g0]) allEqual = 0;
    out.fill(allEqual, g0, g0 + groupSize);
  }
  return out;
}

/** Mean and std (ddof 0 or 1) of the entries where `keep` is 1 (all entries when omitted). */
export function maskedMeanStd(
  xs: ArrayLike<number>,
  keep: ArrayLike<number> | undefined,
  ddof: number,
): { mean: number; std: number; count: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    if (keep && !keep[i]) continue;
    n++;
    sum += xs[i];
  }
  const mean = n > 0 ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) {
    if (keep && !keep[i]) continue;
    ss += (xs[i] - mean) ** 2;
  }
  return { mean, std: n - ddof > 0 ? Math.sqrt(ss / (n - ddof)) : 0, count: n };
}

/**
 * Stratified advantage normalisation (Zhu et al. 2025, "Stratified GRPO: Handling Structural
 * Heterogeneity in Reinforcement Learning of LLM Search Agents"): trajectories of one task that
 * differ in structure (there: number of search calls; here: a stratum key per episode, by default
 * its length) are compared only with their own stratum:
 *   A_i = alpha * (R_i - mean_stratum) / (std_stratum + eps)
 *       + (1 - alpha) * (R_i - mean_group) / (std_group + eps).
 * Strata are formed inside each group. The paper's blend is taken as written in estimators.md;
 * the std uses `ddof` (a stratum of one gets std 0 and a within-stratum term of 0).
 *
 * @param strata [E] stratum key of each episode.
 * @returns [E] advantage per episode.
 */
export function stratifiedAdvantages(
  returns: ArrayLike<number>,
  strata: ArrayLike<number>,
  groupSize: number,
  alpha: number,
  ddof: number,
  eps: number,
): Float64Array {
  const E = returns.length;
  const out = new Float64Array(E);
  for (let g0 = 0; g0 < E; g0 += groupSize) {
    const g1 = g0 + groupSize;
    const global = zScore(returns, g0, g1, () => true, ddof, eps);
    for (let i = g0; i < g1; i++) {
      const key = strata[i];
      const within = zScore(returns, g0, g1, (j) => strata[j] === key, ddof, eps);
      out[i] = alpha * within(i) + (1 - alpha) * global(i);
    }
  }
  return out;
}

/** The z-score function of the members j in [from, to) with inStratum(j). */
function zScore(
  xs: ArrayLike<number>,
  from: number,
  to: number,
  inStratum: (j: number) => boolean,
  ddof: number,
  eps: number,
): (i: number) => number {
  let n = 0;
  let sum = 0;
  for (let j = from; j < to; j++)
    if (inStratum(j)) {
      n++;
      sum += xs[j];
    }
  const mean = sum / n;
  let ss = 0;
  for (let j = from; j < to; j++) if (inStratum(j)) ss += (xs[j] - mean) ** 2;
  const std = n - ddof > 0 ? Math.sqrt(ss / (n - ddof)) : 0;
  return (i) => (xs[i] - mean) / (std + eps);
}

/**
 * BNPO's beta normalisation (Xiao et al. 2025, "BNPO: Beta Normalization Policy Optimization"),
 * for binary rewards. With p_q the group's success rate, model p_q ~ Beta(alpha, beta) fitted by
 * moments over the batch's tasks: m, v = mean and (population) variance of p_q, v >= 1e-8,
 *   a = (m(1-m)/v - 1) m,  b = (m(1-m)/v - 1)(1-m),
 *   alpha = max(1 + a/3, 1),  beta = max(1 + b/3, 1),
 *   A_i = (r_i - p_q) / BetaPDF(p_q; alpha, beta),  1/pdf clamped to [0, 1e6].
 * With a single task there is no spread to fit: alpha = beta = 1 (pdf 1, plain mean baseline).
 * The /3 shrinkage follows the rule in the design spec (estimators.md), which cites BNPO.
 */

/** log Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative accuracy). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Beta density p^(alpha-1) (1-p)^(beta-1) / B(alpha, beta) on [0, 1]. */
export function betaPdf(p: number, alpha: number, beta: number): number {
  if (p < 0 || p > 1) return 0;
  if (alpha === 1 && beta === 1) return 1; // uniform: exact, without Lanczos round-off
  const logB = logGamma(alpha) + logGamma(beta) - logGamma(alpha + beta);
  const a1 = alpha - 1;
  const b1 = beta - 1;
  // 0^0 = 1: with alpha = 1 the factor p^0 is 1 even at p = 0.
  const lp = a1 === 0 ? 0 : a1 * Math.log(p);
  const lq = b1 === 0 ? 0 : b1 * Math.log(1 - p);
  return Math.exp(lp + lq - logB);
}

export interface BetaNormalisation {
  readonly alpha: number;
  readonly beta: number;
  /** [E] 1 / BetaPDF(p_q; alpha, beta) of each episode's group, clamped to [0, 1e6]. */
  readonly scale: Float64Array;
}

/** Fit alpha, beta by moments over the groups' success rates and return 1/pdf per episode. */
export function betaNormalisation(
  returns: ArrayLike<number>,
  groupSize: number,
): BetaNormalisation {
  const E = returns.length;
  const numGroups = E / groupSize;
  const rates = new Float64Array(numGroups);
  for (let g = 0; g < numGroups; g++) {
    let s = 0;
    for (let j = 0; j < groupSize; j++) s += returns[g * groupSize + j];
    rates[g] = s / groupSize;
  }
  let alpha = 1;
  let beta = 1;
  if (numGroups >= 2) {
    let m = 0;
    for (let g = 0; g < numGroups; g++) m += rates[g] / numGroups;
    let v = 0;
    for (let g = 0; g < numGroups; g++) v += (rates[g] - m) ** 2 / numGroups;
    v = Math.max(v, 1e-8);
    const common = (m * (1 - m)) / v - 1;
    alpha = Math.max(1 + (common * m) / 3, 1);
    beta = Math.max(1 + (common * (1 - m)) / 3, 1);
  }
  const scale = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const pdf = betaPdf(rates[Math.floor(e / groupSize)], alpha, beta);
    scale[e] = pdf > 0 ? Math.min(1 / pdf, 1e6) : 1e6;
  }
  return { alpha, beta, scale };
}

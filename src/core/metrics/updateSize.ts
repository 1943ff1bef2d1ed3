/**
 * Update size (metrics.md): approx KL(pi_old || pi_new) (k3), clip fraction (low/high), gradient
 * norm, explained variance of the critic. Named and computed as CleanRL's ppo.py logs them.
 * All per-step arrays are in the batch's [E * T] layout; `mask` selects existing steps.
 */

export interface ApproxKl {
  /** k3 = mean((ratio - 1) - log ratio), ratio = pi_new / pi_old: CleanRL `approx_kl`. */
  readonly approxKl: number;
  /** k1 = mean(-log ratio): CleanRL `old_approx_kl` (unbiased but noisy, can be negative). */
  readonly oldApproxKl: number;
}

/**
 * Sample estimates of KL(pi_old || pi_new) from the actions taken under pi_old (Schulman,
 * "Approximating KL Divergence", 2020; CleanRL ppo.py):
 *   logratio = logp_new - logp_old; ratio = exp(logratio);
 *   approx_kl = ((ratio - 1) - logratio).mean()   (k3: unbiased, >= 0 per sample)
 *   old_approx_kl = (-logratio).mean()            (k1)
 * NaN for no steps.
 */
export function approxKl(
  logpOld: ArrayLike<number>,
  logpNew: ArrayLike<number>,
  mask: ArrayLike<number>,
): ApproxKl {
  let k3 = 0;
  let k1 = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const logratio = logpNew[i] - logpOld[i];
    // expm1 keeps (ratio - 1) - logratio accurate when the policies are close.
    k3 += Math.expm1(logratio) - logratio;
    k1 -= logratio;
    n++;
  }
  return n > 0 ? { approxKl: k3 / n, oldApproxKl: k1 / n } : { approxKl: NaN, oldApproxKl: NaN };
}

export interface ClipFractions {
  /** Fraction of steps with ratio < 1 - epsLow. */
  readonly low: number;
  /** Fraction of steps with ratio > 1 + epsHigh. */
  readonly high: number;
  /** low + high: CleanRL `clipfrac` = mean(|ratio - 1| > eps) when epsLow = epsHigh. */
  readonly total: number;
  /**
   * Fractions where the clip is active in the PPO objective, i.e. min() picks the clipped term
   * and the step's gradient is 0: A < 0 and ratio < 1 - epsLow (low), A > 0 and
   * ratio > 1 + epsHigh (high). Only when advantages are passed; else NaN.
   */
  readonly activeLow: number;
  readonly activeHigh: number;
}

/**
 * Clip fractions of a PPO update with asymmetric bounds [1 - epsLow, 1 + epsHigh] (DAPO's
 * clip-higher; CleanRL ppo.py for the symmetric `clipfrac`). NaN for no steps.
 */
export function clipFractions(
  logpOld: ArrayLike<number>,
  logpNew: ArrayLike<number>,
  mask: ArrayLike<number>,
  epsLow: number,
  epsHigh: number,
  advantages?: ArrayLike<number>,
): ClipFractions {
  let low = 0;
  let high = 0;
  let activeLow = 0;
  let activeHigh = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    n++;
    const ratio = Math.exp(logpNew[i] - logpOld[i]);
    const a = advantages ? advantages[i] : 0;
    if (ratio < 1 - epsLow) {
      low++;
      if (a < 0) activeLow++;
    } else if (ratio > 1 + epsHigh) {
      high++;
      if (a > 0) activeHigh++;
    }
  }
  if (n === 0) return { low: NaN, high: NaN, total: NaN, activeLow: NaN, activeHigh: NaN };
  return {
    low: low / n,
    high: high / n,
    total: (low + high) / n,
    activeLow: advantages ? activeLow / n : NaN,
    activeHigh: advantages ? activeHigh / n : NaN,
  };
}

/**
 * Global L2 norm over several gradient arrays, sqrt(sum_k |g_k|^2): the quantity
 * torch.nn.utils.clip_grad_norm_ (CleanRL max_grad_norm 0.5) clips and returns.
 */
export function gradientGlobalNorm(grads: readonly ArrayLike<number>[]): number {
  let sq = 0;
  for (const g of grads) for (let j = 0; j < g.length; j++) sq += g[j] * g[j];
  return Math.sqrt(sq);
}

/**
 * Explained variance of a critic, CleanRL ppo.py:
 *   var_y = np.var(y_true); explained_var = np.nan if var_y == 0 else 1 - np.var(y_true - y_pred) / var_y
 * (population variances, ddof 0). 1 = perfect prediction, 0 = no better than any constant,
 * negative = worse than a constant. Over existing steps (mask 1; all when omitted). NaN when
 * there are no steps or the targets have zero variance; non-finite inputs give NaN.
 */
export function explainedVariance(
  predicted: ArrayLike<number>,
  target: ArrayLike<number>,
  mask?: ArrayLike<number>,
): number {
  let n = 0;
  let sumY = 0;
  let sumD = 0;
  for (let i = 0; i < target.length; i++) {
    if (mask && !mask[i]) continue;
    n++;
    sumY += target[i];
    sumD += target[i] - predicted[i];
  }
  if (n === 0) return NaN;
  const meanY = sumY / n;
  const meanD = sumD / n;
  let varY = 0;
  let varD = 0;
  for (let i = 0; i < target.length; i++) {
    if (mask && !mask[i]) continue;
    varY += (target[i] - meanY) ** 2;
    varD += (target[i] - predicted[i] - meanD) ** 2;
  }
  if (!(varY > 0)) return NaN; // zero variance, or NaN from non-finite inputs
  return 1 - varD / varY;
}

/**
 * The entropy-return law of Cui et al. 2025, "The Entropy Mechanism of Reinforcement Learning
 * for Reasoning Language Models" (arXiv 2505.22617): over training, the return R and the policy
 * entropy H (nats) follow R = −a·exp(H) + b. When entropy is spent (H = 0) the return can climb
 * no higher than the ceiling R = −a + b. (The paper fits it on early steps and predicts later.)
 *
 * The model is linear in (a, b) once x = exp(H), so ordinary least squares of R on x has a
 * closed form: slope β = Σ(x − x̄)(R − R̄) / Σ(x − x̄)², intercept b = R̄ − β·x̄, and a = −β.
 * Sums are taken about the means, which keeps them accurate when exp(H) barely varies.
 */

export interface EntropyFit {
  readonly a: number;
  readonly b: number;
  /** −a + b: the fitted return at zero entropy. */
  readonly ceiling: number;
  /** Coefficient of determination 1 − SS_res / SS_tot; NaN when the returns do not vary. */
  readonly r2: number;
  /** Points used. */
  readonly n: number;
}

export type EntropyFitResult =
  ({ readonly ok: true } & EntropyFit) | { readonly ok: false; readonly reason: string };

/** Fewer points leave no residual to judge the fit by (two points always fit exactly). */
export const MIN_FIT_POINTS = 3;

/**
 * Fits R = −a·exp(H) + b to (entropy[i], reward[i]) for i < length by least squares. Every
 * value must be finite: filter out updates without a return before fitting.
 */
export function fitEntropyReward(
  entropy: ArrayLike<number>,
  reward: ArrayLike<number>,
  length = Math.min(entropy.length, reward.length),
): EntropyFitResult {
  if (length > entropy.length || length > reward.length)
    return {
      ok: false,
      reason: `length ${length} exceeds the data (${entropy.length} entropies, ${reward.length} returns)`,
    };
  if (length < MIN_FIT_POINTS)
    return {
      ok: false,
      reason: `needs at least ${MIN_FIT_POINTS} updates to fit R = −a·exp(H) + b (has ${length})`,
    };
  const x = new Float64Array(length);
  let meanX = 0;
  let meanR = 0;
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(entropy[i]) || !Number.isFinite(reward[i]))
      return {
        ok: false,
        reason: `point ${i} is not finite (H = ${entropy[i]}, R = ${reward[i]})`,
      };
    x[i] = Math.exp(entropy[i]);
    if (!Number.isFinite(x[i]))
      return { ok: false, reason: `exp(H) overflows at point ${i} (H = ${entropy[i]})` };
    meanX += x[i];
    meanR += reward[i];
  }
  meanX /= length;
  meanR /= length;
  let sxx = 0;
  let sxr = 0;
  let srr = 0;
  for (let i = 0; i < length; i++) {
    const dx = x[i] - meanX;
    const dr = reward[i] - meanR;
    sxx += dx * dx;
    sxr += dx * dr;
    srr += dr * dr;
  }
  // No spread in exp(H) (entropy constant, up to rounding): the slope is not identifiable.
  if (!(sxx > 1e-12 * Math.max(1, meanX * meanX) * length))
    return {
      ok: false,
      reason: 'entropy does not vary across the updates, so the slope a cannot be fitted',
    };
  const slope = sxr / sxx;
  const a = 0 - slope; // not -slope: a flat fit reports a = 0, not -0
  const b = meanR - slope * meanX;
  // Residual sum of squares of the least-squares line: SS_tot − β²·Sxx.
  const ssRes = Math.max(0, srr - slope * sxr);
  const r2 = srr > 0 ? 1 - ssRes / srr : NaN;
  return { ok: true, a, b, ceiling: b - a, r2, n: length };
}

/** The fitted return at entropy h: −a·exp(h) + b. */
export function fittedReturn(fit: Pick<EntropyFit, 'a' | 'b'>, h: number): number {
  return -fit.a * Math.exp(h) + fit.b;
}

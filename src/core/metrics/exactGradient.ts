/**
 * Distance to the true gradient (metrics.md): cosine(g_hat, grad J) and |g_hat - grad J|^2, on
 * bandits and small gridworlds where grad J is exact (`banditExact`, `policyGradient` in
 * envs/exact.ts, both d J / d logits). This is what makes an estimator's bias visible: an
 * unbiased estimator's cosine tends to 1 as the batch grows, a biased one's does not.
 *
 * Sign convention: g_hat is an ASCENT direction, an estimate of +grad J. Estimators produce the
 * gradient of a loss to minimise (`tabularLossGradient(...).grad` ~ -grad J), so pass
 * `sign: 'loss'` for those and they are negated; the trainer's tabular update direction
 * (`g = -grad(loss)`) is already an ascent direction: `sign: 'ascent'`.
 *
 * Scale: the squared distance depends on the aggregation's scale. With token-mean weights on
 * one-step episodes (bandits) or seq-mean weights, E[g_hat] = grad J for REINFORCE; with
 * token-mean on multi-step episodes g_hat estimates grad J / (mean episode length). The cosine
 * is scale-free.
 */
export type GradientSign = 'loss' | 'ascent';

export interface ExactGradientDistance {
  /** cos(g_hat, grad J); NaN when either is the zero vector. */
  readonly cosine: number;
  /** |g_hat - grad J|^2. */
  readonly squaredError: number;
  readonly estimateNorm: number;
  readonly exactNorm: number;
}

export function exactGradientDistance(
  estimate: ArrayLike<number>,
  exactGradJ: ArrayLike<number>,
  sign: GradientSign,
): ExactGradientDistance {
  if (estimate.length !== exactGradJ.length)
    throw new Error(
      `exactGradientDistance: estimate has ${estimate.length} entries, exact ${exactGradJ.length}`,
    );
  const s = sign === 'loss' ? -1 : 1;
  let dot = 0;
  let ee = 0;
  let xx = 0;
  let err = 0;
  for (let j = 0; j < estimate.length; j++) {
    const g = s * estimate[j];
    const x = exactGradJ[j];
    dot += g * x;
    ee += g * g;
    xx += x * x;
    err += (g - x) * (g - x);
  }
  const estimateNorm = Math.sqrt(ee);
  const exactNorm = Math.sqrt(xx);
  const cosine =
    estimateNorm > 0 && exactNorm > 0
      ? Math.max(-1, Math.min(1, dot / (estimateNorm * exactNorm)))
      : NaN;
  return { cosine, squaredError: err, estimateNorm, exactNorm };
}

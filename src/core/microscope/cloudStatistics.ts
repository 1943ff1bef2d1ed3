/**
 * What M independent gradient estimates g_1..g_M (each a vector of P numbers) say about the
 * estimator, against the exact gradient grad J:
 *   mean     g_bar = (1/M) sum_m g_m
 *   bias     b = g_bar - grad J                       (estimates E[g] - grad J)
 *   variance V = tr Cov = sum_j (1/(M-1)) sum_m (g_mj - g_bar_j)^2   (unbiased, ddof 1)
 *   MSE      (1/M) sum_m |g_m - grad J|^2 = |b|^2 + ((M-1)/M) V   (the empirical identity)
 * Standard errors: SE(g_bar_j) = sqrt(Var_j / M) per coordinate; for V and MSE the standard error
 * of a mean of M per-batch squared distances, sd / sqrt(M).
 *
 * |b|^2 is itself noisy: for an unbiased estimator E|g_bar - grad J|^2 = V / M, so |b|^2 below
 * that "noise floor" cannot be told from 0. `maxBiasZ` is the test the microscope reports:
 * max_j |b_j| / SE_j, about 3 or less when the estimator is unbiased.
 */
export interface CloudStatistics {
  readonly mean: Float64Array;
  readonly bias: Float64Array;
  /** [P] standard error of each coordinate of the mean (and so of the bias). */
  readonly biasSe: Float64Array;
  /** |b|^2. */
  readonly biasSq: number;
  /** V / M: the expected |b|^2 of an unbiased estimator (what |b|^2 cannot go below). */
  readonly biasSqFloor: number;
  /** max_j |b_j| / SE_j (0 when the bias is exactly 0, Infinity when SE is 0 but b is not). */
  readonly maxBiasZ: number;
  /** tr Cov of one batch's estimate. */
  readonly variance: number;
  readonly varianceSe: number;
  readonly mse: number;
  readonly mseSe: number;
  readonly batches: number;
}

export function cloudStatistics(
  estimates: Float64Array,
  numBatches: number,
  exact: ArrayLike<number>,
): CloudStatistics {
  const M = numBatches;
  const P = exact.length;
  if (estimates.length !== M * P)
    throw new Error(`cloudStatistics: ${estimates.length} numbers are not ${M} estimates of ${P}`);
  if (M < 2) throw new Error(`cloudStatistics: needs at least 2 estimates, got ${M}`);
  const mean = new Float64Array(P);
  for (let m = 0; m < M; m++) for (let j = 0; j < P; j++) mean[j] += estimates[m * P + j] / M;
  const varJ = new Float64Array(P);
  const dev = new Float64Array(M); // |g_m - g_bar|^2
  const err = new Float64Array(M); // |g_m - grad J|^2
  for (let m = 0; m < M; m++)
    for (let j = 0; j < P; j++) {
      const g = estimates[m * P + j];
      const d = g - mean[j];
      varJ[j] += (d * d) / (M - 1);
      dev[m] += d * d;
      err[m] += (g - exact[j]) ** 2;
    }
  const bias = mean.map((g, j) => g - exact[j]);
  const biasSe = varJ.map((v) => Math.sqrt(v / M));
  let maxBiasZ = 0;
  for (let j = 0; j < P; j++) {
    const z = bias[j] === 0 ? 0 : biasSe[j] > 0 ? Math.abs(bias[j]) / biasSe[j] : Infinity;
    maxBiasZ = Math.max(maxBiasZ, z);
  }
  const variance = varJ.reduce((s, v) => s + v, 0);
  const mse = err.reduce((s, e) => s + e, 0) / M;
  return {
    mean,
    bias,
    biasSe,
    biasSq: bias.reduce((s, b) => s + b * b, 0),
    biasSqFloor: variance / M,
    maxBiasZ,
    variance,
    // dev sums to (M-1) V, so V is (M/(M-1)) times the mean of dev: scale its SE the same way.
    varianceSe: (standardErrorOfMean(dev) * M) / (M - 1),
    mse,
    mseSe: standardErrorOfMean(err),
    batches: M,
  };
}

function standardErrorOfMean(xs: Float64Array): number {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const ss = xs.reduce((s, x) => s + (x - mean) ** 2, 0);
  return Math.sqrt(ss / (n - 1) / n);
}

import type { AdvantagePlan } from '../estimators/advantages';
import type { RolloutBatch } from '../estimators/batch';
import { tabularLogPolicy } from '../estimators/tabular/softmax';

/**
 * Gradient variance metric (metrics.md, "Gradient variance"). From per-sample gradients g_i
 * (one row per episode) of the surrogate:
 *   tr Cov(g_i) / N      the variance of the batch-mean gradient estimate (sum of the variances
 *                        of its coordinates),
 *   |mean g|^2           the squared norm of the estimate,
 *   SNR = |mean g|^2 / (tr Cov(g_i) / N).
 *
 * ddof: Cov uses the unbiased sample covariance (divide by N - 1), so tr Cov / N is an unbiased
 * estimate of the variance of the batch mean when the g_i are independent. N = 1 has no spread
 * estimate: variance and SNR are NaN. Note E|mean g|^2 = |E g|^2 + tr Cov / N, so the SNR read
 * off one batch is biased upwards by about 1 (a pure-noise gradient shows SNR ~ 1, not 0).
 *
 * Caveat (documented, not corrected): with group baselines (GRPO, RLOO) or token-mean weights
 * the rows of one batch are not independent (they share the group mean, the step count), so
 * tr Cov / N is the variance the batch would have if they were; it is still the quantity that
 * tracks how noisy the update direction is.
 *
 * Sign: rows may be loss gradients or ascent directions; variance, |mean|^2 and SNR do not
 * depend on the sign.
 */
export interface GradientVariance {
  readonly numSamples: number;
  readonly numParams: number;
  /** tr Cov(g_i), unbiased (ddof 1), with g_i scaled so that the estimate is their mean. */
  readonly traceCov: number;
  /** tr Cov(g_i) / N: the variance of the batch gradient estimate. */
  readonly varianceOfMean: number;
  /** |estimate|^2 = |mean g|^2. */
  readonly meanSqNorm: number;
  /** |mean g|^2 / (tr Cov / N); NaN when N < 2, Infinity when all rows are equal and nonzero. */
  readonly snr: number;
}

/**
 * How the rows combine into the batch estimate: `mean` (g_hat = (1/N) sum_i g_i, the textbook
 * per-sample gradient) or `sum` (g_hat = sum_i c_i, each row one episode's contribution to the
 * batch loss, as `tabularPerEpisodeGradients` returns; then g_i = N c_i).
 */
export type RowForm = 'mean' | 'sum';

/**
 * Streaming per-coordinate mean and sum of squared deviations (Welford 1962), so rows can be
 * added one at a time without keeping the [N x P] matrix. Numerically stable for large SNR.
 */
export class GradientMoments {
  readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private n = 0;

  constructor(readonly numParams: number) {
    this.mean = new Float64Array(numParams);
    this.m2 = new Float64Array(numParams);
  }

  get count(): number {
    return this.n;
  }

  /** Adds one row g (length P, read from g[offset ..]). */
  add(g: ArrayLike<number>, offset = 0): void {
    this.n += 1;
    const inv = 1 / this.n;
    for (let j = 0; j < this.numParams; j++) {
      const x = g[offset + j];
      const delta = x - this.mean[j];
      this.mean[j] += delta * inv;
      this.m2[j] += delta * (x - this.mean[j]);
    }
  }

  /** The metric for the rows added so far (see `RowForm` for `form`). */
  result(form: RowForm = 'mean'): GradientVariance {
    let ss = 0;
    let sq = 0;
    for (let j = 0; j < this.numParams; j++) {
      ss += this.m2[j];
      sq += this.mean[j] * this.mean[j];
    }
    return varianceFromSums(ss, sq, this.n, this.numParams, form);
  }
}

/**
 * The metric from two sums over the N rows g_i (wherever they were computed, e.g. on the device):
 * `sumSqDeviations` = sum_i |g_i - mean g|^2 and `meanSqNorm` = |mean g|^2, for rows as given
 * (before the `RowForm` scaling).
 */
export function varianceFromSums(
  sumSqDeviations: number,
  meanSqNormOfRows: number,
  numSamples: number,
  numParams: number,
  form: RowForm,
): GradientVariance {
  const N = numSamples;
  // Rows given as contributions c_i: g_i = N c_i scales the mean by N and Cov by N^2.
  const scale = form === 'sum' ? N : 1;
  const traceCov = N > 1 ? (sumSqDeviations / (N - 1)) * scale * scale : NaN;
  const varianceOfMean = traceCov / N;
  const meanSqNorm = N > 0 ? meanSqNormOfRows * scale * scale : NaN;
  let snr = meanSqNorm / varianceOfMean;
  if (varianceOfMean === 0) snr = meanSqNorm === 0 ? NaN : Infinity;
  return { numSamples: N, numParams, traceCov, varianceOfMean, meanSqNorm, snr };
}

/** Gradient variance of a row-major [N x P] matrix of per-sample gradients. */
export function gradientVariance(
  perSample: ArrayLike<number>,
  numSamples: number,
  numParams: number,
  form: RowForm = 'mean',
): GradientVariance {
  if (perSample.length !== numSamples * numParams)
    throw new Error(
      `gradientVariance: ${perSample.length} entries is not ${numSamples} x ${numParams}`,
    );
  const moments = new GradientMoments(numParams);
  for (let i = 0; i < numSamples; i++) moments.add(perSample, i * numParams);
  return moments.result(form);
}

/** Chart-title text: which parameters the tabular per-sample gradients cover. */
export const TABULAR_GRADIENT_COVERAGE =
  'all policy parameters (the S x A logits table), per episode, vanilla surrogate';

/**
 * One episode's contribution to the gradient of the vanilla surrogate loss with respect to the
 * logits table (estimators.md section 5; the chain rule of `tabularLossGradient`):
 *   c_e = sum_{t in e} w_t (-A_t) (onehot(a_t) - pi(.|s_t)) on the block of state s_t,
 * written into out[offset .. offset + S * A) (overwritten). sum_e c_e equals
 * `tabularLossGradient(...).grad` for a vanilla spec without entropy or KL terms: the rows are
 * loss gradients (minus the ascent direction). `logPolicy` is `tabularLogPolicy(logits, S, A)`;
 * callers that have `policy` = exp(logPolicy) at hand pass it to save an exp per step.
 */
export function tabularEpisodeGradient(
  batch: RolloutBatch,
  plan: AdvantagePlan,
  logPolicy: Float64Array,
  numStates: number,
  episode: number,
  out: Float64Array,
  offset = 0,
  policy?: Float64Array,
): void {
  const A = batch.numActions;
  out.fill(0, offset, offset + numStates * A);
  const T = batch.maxSteps;
  for (let t = 0; t < batch.lengths[episode]; t++) {
    const i = episode * T + t;
    const w = plan.stepWeights[i];
    if (!batch.mask[i] || w === 0) continue;
    const coef = -w * plan.advantages[i]; // d(-w A logp) / dlogp
    const o = offset + batch.states[i] * A;
    const p = batch.states[i] * A;
    const a = batch.actions[i];
    for (let b = 0; b < A; b++) {
      const pb = policy ? policy[p + b] : Math.exp(logPolicy[p + b]);
      out[o + b] += coef * ((b === a ? 1 : 0) - pb);
    }
  }
}

/**
 * Per-episode contributions to the vanilla surrogate's loss gradient w.r.t. the logits table,
 * row-major [E x S * A]; their sum is the batch gradient (use `gradientVariance(.., 'sum')`).
 * Memory: E * S * A doubles; for large tables stream rows through `tabularEpisodeGradient` and
 * `GradientMoments` instead.
 */
export function tabularPerEpisodeGradients(
  batch: RolloutBatch,
  plan: AdvantagePlan,
  logits: ArrayLike<number>,
  numStates: number,
  numActions: number,
): Float64Array {
  if (numActions !== batch.numActions)
    throw new Error(
      `tabularPerEpisodeGradients: numActions ${numActions} != batch's ${batch.numActions}`,
    );
  const P = numStates * numActions;
  const logPolicy = tabularLogPolicy(logits, numStates, numActions);
  const policy = logPolicy.map(Math.exp);
  const out = new Float64Array(batch.numEpisodes * P);
  for (let e = 0; e < batch.numEpisodes; e++)
    tabularEpisodeGradient(batch, plan, logPolicy, numStates, e, out, e * P, policy);
  return out;
}

/** Gradient variance of the tabular vanilla surrogate, streamed (no [E x S*A] matrix). */
export function tabularGradientVariance(
  batch: RolloutBatch,
  plan: AdvantagePlan,
  logits: ArrayLike<number>,
  numStates: number,
): GradientVariance {
  return tabularGradientStatistics(batch, plan, logits, numStates).variance;
}

/**
 * The tabular gradient variance and the batch estimate sum_e c_e together, touching only the
 * states each episode visited: an episode's row c_e is zero outside them, so
 *   sum_e |c_e - mean c|^2 = sum_e |c_e|^2 - N |mean c|^2
 * needs |c_e|^2 over the visited rows only (the trainer computes this for every run at every
 * update, and a FrozenLake 8x8 episode visits a few of its 64 states). Same numbers as
 * `gradientVariance(tabularPerEpisodeGradients(..), N, P, 'sum')` up to rounding (tested); the
 * difference of sums is clamped at 0 against cancellation when all rows are nearly equal.
 */
export function tabularGradientStatistics(
  batch: RolloutBatch,
  plan: AdvantagePlan,
  logits: ArrayLike<number>,
  numStates: number,
): { variance: GradientVariance; estimate: Float64Array } {
  const A = batch.numActions;
  const T = batch.maxSteps;
  const P = numStates * A;
  const logPolicy = tabularLogPolicy(logits, numStates, A);
  const policy = logPolicy.map(Math.exp);
  const row = new Float64Array(P);
  const estimate = new Float64Array(P);
  const touched = new Int32Array(Math.max(1, T));
  const isTouched = new Uint8Array(numStates);
  let sumSqNorms = 0;
  const N = batch.numEpisodes;
  for (let e = 0; e < N; e++) {
    let visited = 0;
    for (let t = 0; t < batch.lengths[e]; t++) {
      const i = e * T + t;
      const w = plan.stepWeights[i];
      if (!batch.mask[i] || w === 0) continue;
      const s = batch.states[i];
      if (!isTouched[s]) {
        isTouched[s] = 1;
        touched[visited++] = s;
      }
      const coef = -w * plan.advantages[i];
      const a = batch.actions[i];
      for (let b = 0; b < A; b++) row[s * A + b] += coef * ((b === a ? 1 : 0) - policy[s * A + b]);
    }
    for (let k = 0; k < visited; k++) {
      const o = touched[k] * A;
      for (let b = 0; b < A; b++) {
        const c = row[o + b];
        sumSqNorms += c * c;
        estimate[o + b] += c;
        row[o + b] = 0;
      }
      isTouched[touched[k]] = 0;
    }
  }
  let meanSqNorm = 0;
  for (let j = 0; j < P; j++) meanSqNorm += (estimate[j] / N) ** 2;
  const sumSqDeviations = Math.max(0, sumSqNorms - N * meanSqNorm);
  return { variance: varianceFromSums(sumSqDeviations, meanSqNorm, N, P, 'sum'), estimate };
}

/**
 * Chart-title text: which parameters `logitPerSampleGradients` covers (neural policies).
 * With `hidden` null only the output bias is covered.
 */
export const LOGIT_GRADIENT_COVERAGE =
  'output layer of the policy network (weights and bias of the logits layer), per episode';
export const LOGIT_BIAS_GRADIENT_COVERAGE = 'output-layer bias of the policy network, per episode';

/** Per-step loss coefficients dL/dlogp_t of the vanilla surrogate: -w_t A_t ([E * T]). */
export function vanillaStepCoefficients(plan: AdvantagePlan): Float64Array {
  const out = new Float64Array(plan.advantages.length);
  for (let i = 0; i < out.length; i++) out[i] = -plan.stepWeights[i] * plan.advantages[i];
  return out;
}

/**
 * Per-episode gradients of the surrogate loss w.r.t. the last (logits) layer of an MLP policy,
 * logits_t = h_t W + b with W [H x A] and b [A] (the layout of one run's slice of
 * `StackedMlp`'s last weight and bias). With g_t = dL/dlogp_t (vanilla: -w_t A_t, see
 * `vanillaStepCoefficients`; other surrogates: w_t times their dl/dlogp) and
 * dlogp_t/dlogits_t = onehot(a_t) - pi_t:
 *   dL/dW = sum_{t in e} h_t (x) d_t,  dL/db = sum_{t in e} d_t,  d_t = g_t (onehot(a_t) - pi_t).
 * Summing over the steps of an episode makes each episode one sample whatever its length, and
 * the rows sum to the batch gradient of those parameters (exact, cheap: no backprop).
 *
 * Inputs in the batch's step layout [E * T]: `probs` [E * T * A] pi_t at the parameters being
 * differentiated (for the first gradient of an update, the acting policy), `hidden`
 * [E * T * H] the last hidden activation h_t (the observation if the MLP has no hidden layer),
 * or null to cover only the bias. Output row-major [E x (H * A + A)]: W row-major, then b.
 */
export function logitPerSampleGradients(
  batch: RolloutBatch,
  stepCoefficients: ArrayLike<number>,
  probs: ArrayLike<number>,
  hidden: ArrayLike<number> | null,
  hiddenSize: number,
): Float64Array {
  const A = batch.numActions;
  const T = batch.maxSteps;
  const H = hidden ? hiddenSize : 0;
  const P = H * A + A;
  const out = new Float64Array(batch.numEpisodes * P);
  const d = new Float64Array(A);
  for (let e = 0; e < batch.numEpisodes; e++) {
    const row = e * P;
    for (let t = 0; t < batch.lengths[e]; t++) {
      const i = e * T + t;
      const g = stepCoefficients[i];
      if (!batch.mask[i] || g === 0) continue;
      const a = batch.actions[i];
      for (let b = 0; b < A; b++) d[b] = g * ((b === a ? 1 : 0) - probs[i * A + b]);
      if (hidden)
        for (let k = 0; k < H; k++) {
          const h = hidden[i * H + k];
          if (h === 0) continue;
          const o = row + k * A;
          for (let b = 0; b < A; b++) out[o + b] += h * d[b];
        }
      const ob = row + H * A;
      for (let b = 0; b < A; b++) out[ob + b] += d[b];
    }
  }
  return out;
}

import type { EstimatorSpec } from '../estimators/spec';
import { armRewardMoments, type MicroscopeBandit } from './banditBatches';

/**
 * Closed forms the microscope is checked against, for a one-task bandit, softmax logits z,
 * pi = softmax(z), arm means mu_a = E[R | a] and second moments m_a = E[R^2 | a].
 *
 * Fixed baseline b (REINFORCE: b = 0; an EMA or a perfect critic at their fixed point: b = J).
 * One pull gives g = (R - b) s_a with a ~ pi and the score s_a = grad_z log pi(a) = e_a - pi.
 *   E[g] = sum_a pi_a (mu_a - b)(e_a - pi) = pi*mu - J pi = grad J,
 *          because sum_a pi_a (e_a - pi) = 0 (the baseline term vanishes: Williams 1992).
 *   E[g g^T] = sum_a pi_a c_a s_a s_a^T with c_a = E[(R - b)^2 | a] = m_a - 2 b mu_a + b^2,
 *   Cov(g) = E[g g^T] - grad J grad J^T,
 *   tr Cov(g) = sum_a pi_a c_a |e_a - pi|^2 - |grad J|^2,  |e_a - pi|^2 = 1 - 2 pi_a + |pi|^2.
 * A batch of N independent pulls averaged with weights 1/N (every aggregation on one-step
 * episodes) has Cov(g_hat) = Cov(g) / N. Groups do not matter here: the pulls are independent.
 */
export function fixedBaselineCovariance(
  bandit: MicroscopeBandit,
  pi: ArrayLike<number>,
  baseline: number,
  batchSize: number,
): Float64Array {
  const K = pi.length;
  const { mean, secondMoment } = armRewardMoments(bandit);
  const J = dot(pi, mean);
  const gradJ = Array.from(pi, (p, a) => p * (mean[a] - J));
  const cov = new Float64Array(K * K);
  for (let a = 0; a < K; a++) {
    const c = secondMoment[a] - 2 * baseline * mean[a] + baseline * baseline;
    for (let i = 0; i < K; i++)
      for (let j = 0; j < K; j++) {
        const si = (i === a ? 1 : 0) - pi[i];
        const sj = (j === a ? 1 : 0) - pi[j];
        cov[i * K + j] += pi[a] * c * si * sj;
      }
  }
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++) cov[i * K + j] = (cov[i * K + j] - gradJ[i] * gradJ[j]) / batchSize;
  return cov;
}

/** tr Cov(g_hat) for a fixed baseline (the formula above). */
export function fixedBaselineVariance(
  bandit: MicroscopeBandit,
  pi: ArrayLike<number>,
  baseline: number,
  batchSize: number,
): number {
  const K = pi.length;
  const cov = fixedBaselineCovariance(bandit, pi, baseline, batchSize);
  let trace = 0;
  for (let i = 0; i < K; i++) trace += cov[i * K + i];
  return trace;
}

/**
 * E[g_hat] = c grad J for GRPO's advantage (group mean, then divide by the group's std + eps) on
 * a one-task Bernoulli bandit. Derivation: given k successes in a group of G (p = k / G), the
 * successful pulls' arms are independent draws from pi(a | R=1) = pi*mu / J and the failed ones
 * from pi*(1-mu) / (1-J); with pi(.|R=1) - pi = grad J / J and pi(.|R=0) - pi = -grad J / (1-J),
 *   E[(1/G) sum_i (R_i - p) s_i | k] = [k(1-p)/J + (G-k)p/(1-J)] grad J / G
 *                                   = p(1-p) / (J(1-J)) grad J.
 * So with the group std sd_k = sqrt(G p(1-p) / (G - ddof)) and k ~ Binomial(G, J),
 *   c = sum_k P(k) p(1-p) / ((sd_k + eps) J(1-J)).
 * Without the std (Dr. GRPO's mean baseline) the same sum gives E[p(1-p)] / (J(1-J)) = (G-1)/G.
 * The direction is exactly grad J's; only the length is off: c > 1 (longer) unless J(1-J) is
 * large, since c ~ sqrt((G-1)/G) E[sqrt(p(1-p))] / (J(1-J)) ~ 1 / sqrt(J(1-J)) for large G
 * ("Understanding R1-Zero-Like Training", Liu et al. 2025, on the std's question weighting).
 */
export function groupStdExpectedScale(J: number, G: number, ddof: number, eps: number): number {
  if (!(J > 0 && J < 1) || G < 2) return 0; // every group is all-equal: A = 0
  let c = 0;
  for (let k = 1; k < G; k++) {
    const p = k / G;
    const sd = Math.sqrt((G * p * (1 - p)) / (G - ddof));
    c += binomialPmf(k, G, J) * ((p * (1 - p)) / (sd + eps));
  }
  return c / (J * (1 - J));
}

/** What theory says about one estimator on this bandit: E[g_hat] = scale * grad J, and tr Cov. */
export interface EstimatorTheory {
  /** E[g_hat] = scale * grad J, or null when no closed form is implemented for this spec. */
  readonly scale: number | null;
  /** tr Cov(g_hat), or null when no closed form is implemented. */
  readonly variance: number | null;
}

/**
 * The closed forms above, where they apply exactly: one-step episodes (every return target and
 * aggregation reduces to R with weight 1/N, except a fixed Dr. GRPO length L, which divides by L),
 * no selection, filters, entropy bonus or covariance regulariser. A KL to the frozen policy is 0
 * with zero gradient except k1 in the loss, whose gradient w (e_a - pi) has mean 0: it leaves the
 * scale and changes the variance.
 */
export function estimatorTheory(
  spec: EstimatorSpec,
  bandit: MicroscopeBandit,
  pi: ArrayLike<number>,
  batchSize: number,
  groupSize: number,
): EstimatorTheory {
  const none = { scale: null, variance: null };
  if (
    spec.selection !== 'none' ||
    spec.dropZeroVariance ||
    spec.difficultyFilter ||
    spec.entropyCoef !== 0 ||
    spec.covRegulariser !== 'none'
  )
    return none;
  const k1Noise = spec.klCoef > 0 && spec.klPlacement === 'loss' && spec.klEstimator === 'k1';
  const L =
    spec.aggregation === 'seq-mean-token-sum-norm' && spec.aggregationMaxLength > 0
      ? spec.aggregationMaxLength
      : 1;
  const J = dot(pi, armRewardMoments(bandit).mean);
  const G = groupSize;
  const fixed = (b: number): EstimatorTheory => ({
    scale: 1 / L,
    variance: k1Noise ? null : fixedBaselineVariance(bandit, pi, b, batchSize) / (L * L),
  });
  if (spec.normalisation === 'none') {
    switch (spec.baseline) {
      case 'none':
        return fixed(0);
      case 'ema':
      case 'critic':
        return fixed(J);
      case 'tracker':
        return fixed(Math.min(1, Math.max(0, J)));
      case 'group-mean':
        return { scale: (G - 1) / G / L, variance: null };
      case 'leave-one-out':
        if (G >= 2) return { scale: 1 / L, variance: null };
        return spec.looSingleton === 'raw' ? fixed(0) : { scale: 0, variance: 0 };
      default:
        return none;
    }
  }
  if (
    spec.normalisation === 'group-std' &&
    spec.baseline === 'group-mean' &&
    bandit.kind === 'bernoulli'
  )
    return { scale: groupStdExpectedScale(J, G, spec.stdDdof, spec.stdEps) / L, variance: null };
  return none;
}

function binomialPmf(k: number, n: number, p: number): number {
  let logC = 0;
  for (let i = 1; i <= k; i++) logC += Math.log(n - k + i) - Math.log(i);
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

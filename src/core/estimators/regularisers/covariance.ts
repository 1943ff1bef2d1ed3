import type { Rng } from '../../rng';
import type { EstimatorSpec } from '../spec';

/**
 * Covariance-based entropy control (Cui et al. 2025, "The Entropy Mechanism of Reinforcement
 * Learning for Reasoning Language Models"; reference: verl `compute_policy_loss_clip_cov` and
 * `compute_policy_loss_kl_cov`). Entropy collapses through steps whose log-probability and
 * advantage co-vary strongly; per valid step
 *   cov_t = (logp_t - mean logp) (A_t - mean A)   (means over the valid steps, logp detached).
 *
 * Selection rules (as in verl):
 * - Clip-Cov: candidates are valid steps not already clipped by PPO (-A clip(rho) <= -A rho)
 *   with lb < cov_t < ub; a uniformly random subset of max(1, floor(ratio * #valid)) of them
 *   (fewer if there are fewer candidates) has its loss and gradient removed.
 * - KL-Cov: the max(1, floor(ratio * #valid)) valid steps with the largest cov_t get the penalty
 *   coef * |logp - logp_old| added to their (unclipped, -rho A) loss.
 * The selection is data, not gradient: compute it with the current logp before differentiating.
 */

/** cov_t per step (0 where invalid). `valid[i]` nonzero marks a step that is in the loss. */
export function stepCovariance(
  advantages: ArrayLike<number>,
  logp: ArrayLike<number>,
  valid: ArrayLike<number>,
): Float64Array {
  let n = 0;
  let meanA = 0;
  let meanL = 0;
  for (let i = 0; i < valid.length; i++)
    if (valid[i]) {
      n++;
      meanA += advantages[i];
      meanL += logp[i];
    }
  meanA /= Math.max(n, 1);
  meanL /= Math.max(n, 1);
  const cov = new Float64Array(valid.length);
  for (let i = 0; i < valid.length; i++)
    if (valid[i]) cov[i] = (logp[i] - meanL) * (advantages[i] - meanA);
  return cov;
}

function countValid(valid: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < valid.length; i++) if (valid[i]) n++;
  return n;
}

export interface ClipCovParams {
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
  readonly clipLow: number;
  readonly clipHigh: number;
}

/** Clip-Cov: 1 on the steps whose gradient is detached (random subset drawn from `rng`). */
export function clipCovSelection(
  advantages: ArrayLike<number>,
  logp: ArrayLike<number>,
  logpOld: ArrayLike<number>,
  valid: ArrayLike<number>,
  p: ClipCovParams,
  rng: Rng,
): Uint8Array {
  const cov = stepCovariance(advantages, logp, valid);
  const candidates: number[] = [];
  for (let i = 0; i < valid.length; i++) {
    if (!valid[i]) continue;
    const rho = Math.exp(logp[i] - logpOld[i]);
    const A = advantages[i];
    const clippedByPpo = -A * Math.min(Math.max(rho, 1 - p.clipLow), 1 + p.clipHigh) > -A * rho;
    if (!clippedByPpo && cov[i] > p.low && cov[i] < p.high) candidates.push(i);
  }
  const k = Math.min(Math.max(Math.floor(p.ratio * countValid(valid)), 1), candidates.length);
  // Partial Fisher-Yates: the first k entries become a uniform random k-subset.
  for (let j = 0; j < k; j++) {
    const r = j + rng.int(candidates.length - j);
    const tmp = candidates[j];
    candidates[j] = candidates[r];
    candidates[r] = tmp;
  }
  const selected = new Uint8Array(valid.length);
  for (let j = 0; j < k; j++) selected[candidates[j]] = 1;
  return selected;
}

/** KL-Cov: 1 on the top-k valid steps by covariance (ties broken by lower index). */
export function klCovSelection(
  advantages: ArrayLike<number>,
  logp: ArrayLike<number>,
  valid: ArrayLike<number>,
  ratio: number,
): Uint8Array {
  const cov = stepCovariance(advantages, logp, valid);
  const idx: number[] = [];
  for (let i = 0; i < valid.length; i++) if (valid[i]) idx.push(i);
  const k = Math.min(Math.max(Math.floor(ratio * idx.length), 1), idx.length);
  idx.sort((a, b) => cov[b] - cov[a] || a - b);
  const selected = new Uint8Array(valid.length);
  for (let j = 0; j < k; j++) selected[idx[j]] = 1;
  return selected;
}

/**
 * The step selection a spec's covariance regulariser asks for: Clip-Cov's detached steps or
 * KL-Cov's penalised steps (neither for `none`). `logp` is the current policy's log-probability
 * of the taken actions, `logpOld` the collecting policy's; `valid` marks the steps in the loss.
 */
export function covarianceSelection(
  spec: EstimatorSpec,
  advantages: ArrayLike<number>,
  logp: ArrayLike<number>,
  logpOld: ArrayLike<number>,
  valid: ArrayLike<number>,
  rng: Rng,
): { clipCovMask?: Uint8Array; klCovMask?: Uint8Array } {
  if (spec.covRegulariser === 'clip-cov') {
    const params: ClipCovParams = {
      ratio: spec.clipCovRatio,
      low: spec.clipCovLow,
      high: spec.clipCovHigh,
      clipLow: spec.clipLow,
      clipHigh: spec.clipHigh,
    };
    return { clipCovMask: clipCovSelection(advantages, logp, logpOld, valid, params, rng) };
  }
  if (spec.covRegulariser === 'kl-cov')
    return { klCovMask: klCovSelection(advantages, logp, valid, spec.klCovRatio) };
  return {};
}

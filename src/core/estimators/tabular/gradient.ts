import type { AdvantagePlan } from '../advantages';
import type { RolloutBatch } from '../batch';
import { klDLogp, klValue } from '../regularisers/kl';
import type { EstimatorSpec } from '../spec';
import { surrogateDLogp, surrogateLoss, surrogateParams } from '../surrogates';
import { batchStepLogp, tabularEntropy, tabularLogPolicy } from './softmax';

/** Per-step selections and inputs beyond the batch and the plan. */
export interface TabularLossExtras {
  /** [E * T] log pi_old of the taken actions; default batch.logp. */
  readonly oldLogp?: ArrayLike<number>;
  /** [E * T] log pi_ref of the taken actions (KL in the loss). */
  readonly refLogp?: ArrayLike<number>;
  /** [E * T] 1 = Clip-Cov removes this step's loss and gradient. */
  readonly clipCovMask?: Uint8Array;
  /** [E * T] 1 = KL-Cov adds klCovCoef |logp - logp_old| to this step. */
  readonly klCovMask?: Uint8Array;
  /** [E * T] aggregation weights to use instead of plan.stepWeights (e.g. one minibatch's). */
  readonly stepWeights?: ArrayLike<number>;
  /** [E * T] buffer for the returned `logp` (reused by the trainer; default a fresh array). */
  readonly logpBuffer?: Float64Array;
}

export interface TabularLoss {
  readonly loss: number;
  /** dLoss / dz, [S * A]. */
  readonly grad: Float64Array;
  /** [E * T] log pi(a_t | s_t) under the current logits. */
  readonly logp: Float64Array;
}

/**
 * Exact loss and gradient w.r.t. the logits of a tabular softmax policy:
 *   L = sum_t w_t [ l(logp_t; logp_old_t, A_t) + beta k(logp_t, logp_ref_t)
 *                   + c_kl-cov m_t |logp_t - logp_old_t| ] (1 - clipcov_t)
 *       - c_H sum_t w_t H(s_t)
 * Chain rule through log pi: dL/dz[s,.] += g_t (e_{a_t} - pi(.|s_t)) with g_t = dL/dlogp_t, and
 * the entropy term adds c_H w_t pi(b|s)(log pi(b|s) + H(s)) (since dH/dz_b = -pi_b (log pi_b + H)).
 * The same formulas in tfjs (tfjs/policy-loss.ts) must give the same gradient (tested).
 */
export function tabularLossGradient(
  batch: RolloutBatch,
  plan: AdvantagePlan,
  spec: EstimatorSpec,
  logits: ArrayLike<number>,
  numStates: number,
  extras: TabularLossExtras = {},
): TabularLoss {
  const A = batch.numActions;
  const logPolicy = tabularLogPolicy(logits, numStates, A);
  const entropy = tabularEntropy(logPolicy, numStates, A);
  const logp = batchStepLogp(logPolicy, batch, extras.logpBuffer);
  const oldLogp = extras.oldLogp ?? batch.logp;
  const weights = extras.stepWeights ?? plan.stepWeights;
  const sp = surrogateParams(spec);
  const klInLoss = spec.klCoef > 0 && spec.klPlacement === 'loss';
  if (klInLoss && !extras.refLogp)
    throw new Error('tabularLossGradient: refLogp is needed for a KL in the loss');
  const grad = new Float64Array(numStates * A);
  // pi = exp(log pi) and the entropy term c_H pi(b|s) (log pi(b|s) + H(s)) once per table, not
  // once per step (the same numbers).
  const policy = logPolicy.map(Math.exp);
  const entropyTerm = new Float64Array(numStates * A);
  for (let s = 0; s < numStates; s++)
    for (let b = 0; b < A; b++) {
      const k = s * A + b;
      entropyTerm[k] = spec.entropyCoef * policy[k] * (logPolicy[k] + entropy[s]);
    }
  let loss = 0;
  const T = batch.maxSteps;
  // Only the steps that exist (t < lengths[e]); same order as walking all of [E * T].
  for (let e = 0; e < batch.numEpisodes; e++)
    for (let i = e * T, end = i + batch.lengths[e]; i < end; i++) {
      const w = weights[i];
      if (!batch.mask[i] || w === 0) continue;
      const s = batch.states[i];
      const o = s * A;
      const lp = logp[i];
      const adv = plan.advantages[i];
      let l = 0;
      let g = 0;
      if (!extras.clipCovMask?.[i]) {
        if (extras.klCovMask?.[i]) {
          // KL-Cov replaces the step's loss by -rho A + c |log rho| (verl kl_cov).
          const d = lp - oldLogp[i];
          const rho = Math.exp(d);
          l = -rho * adv + spec.klCovCoef * Math.abs(d);
          g = -rho * adv + spec.klCovCoef * Math.sign(d);
        } else {
          l = surrogateLoss(sp, lp, oldLogp[i], adv);
          g = surrogateDLogp(sp, lp, oldLogp[i], adv);
        }
      }
      if (klInLoss && extras.refLogp) {
        l += spec.klCoef * klValue(spec.klEstimator, lp, extras.refLogp[i]);
        g += spec.klCoef * klDLogp(spec.klEstimator, lp, extras.refLogp[i]);
      }
      loss += w * (l - spec.entropyCoef * entropy[s]);
      const a = batch.actions[i];
      for (let b = 0; b < A; b++)
        grad[o + b] += w * (g * ((b === a ? 1 : 0) - policy[o + b]) + entropyTerm[o + b]);
    }
  return { loss, grad, logp };
}

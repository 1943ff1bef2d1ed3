import * as tf from '@tensorflow/tfjs-core';
import type { PolicyLossCoefs } from './coefs';

/**
 * Per-step tensors of R independent runs stacked on the leading axis, each [R, S] with S = E * T
 * steps in the batch layout. Padded steps need mask 0, weight 0 and finite logp (e.g. 0).
 */
export interface PolicyLossInputs {
  /** log pi_theta(a_t | s_t): the only input the gradient flows through. */
  readonly logp: tf.Tensor2D;
  readonly oldLogp: tf.Tensor2D;
  readonly advantages: tf.Tensor2D;
  /** Aggregation weights w_t (plan.stepWeights; 0 on padded and dropped steps). */
  readonly stepWeights: tf.Tensor2D;
  readonly mask: tf.Tensor2D;
  /** Policy entropy H(s_t) (differentiable) for the entropy bonus. */
  readonly entropy?: tf.Tensor2D;
  /** log pi_ref(a_t | s_t) for a KL in the loss. */
  readonly refLogp?: tf.Tensor2D;
  /** 1 = Clip-Cov removes the step (regularisers/covariance.ts). */
  readonly clipCovMask?: tf.Tensor2D;
  /** 1 = KL-Cov penalises the step. */
  readonly klCovMask?: tf.Tensor2D;
}

/** Masked mean over the step axis: [R, S] -> [R]. */
function maskedMean(x: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  return tf.div(tf.sum(tf.mul(x, mask), 1), tf.maximum(tf.sum(mask, 1), 1));
}

/** |x| whose gradient is sign(x) with sign(0) = 0, as in PyTorch (tf.abs routes 0 to -1). */
function absTorch(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sign(x));
}

/**
 * Per-run policy losses [R] (the trainer sums them and differentiates; runs are independent):
 *   l_t = sum_k sel_k l_k(t)                                  surrogate (surrogates/*.ts)
 *   l_t = -rho A + c |log rho|        on KL-Cov steps
 *   l_t = 0                           on Clip-Cov steps
 *   l_t += beta k(logp, logp_ref) - c_H H(s_t)
 *   loss = sum_t w_t l_t.
 * Same formulas as tabular/gradient.ts, which is checked against this function's autodiff.
 */
export function policyLossTf(inputs: PolicyLossInputs, c: PolicyLossCoefs): tf.Tensor1D {
  return tf.tidy(() => {
    const { logp, oldLogp, mask } = inputs;
    const A = normalisedAdvantages(inputs.advantages, mask, c);
    const logRatio = tf.sub(logp, oldLogp);
    const rho = tf.exp(logRatio);
    const negA = tf.neg(A);

    const vanilla = tf.mul(negA, logp);
    const ratio = tf.mul(negA, rho);
    const clippedRho = tf.minimum(tf.maximum(rho, tf.sub(1, c.clipLow)), tf.add(1, c.clipHigh));
    const clip = tf.maximum(ratio, tf.mul(negA, clippedRho));
    const dualOn = tf.mul(
      tf.cast(tf.less(A, 0), 'float32'),
      tf.cast(tf.greater(c.dualClip, 0), 'float32'),
    );
    const dual = tf.minimum(clip, tf.mul(negA, c.dualClip));
    const ppo = tf.add(tf.mul(dualOn, dual), tf.mul(tf.sub(1, dualOn), clip));
    const mdpo = tf.add(
      ratio,
      tf.mul(c.mdpoInvStep, tf.add(tf.sub(tf.mul(rho, logRatio), rho), 1)),
    );
    let l: tf.Tensor = tf.addN([
      tf.mul(c.vanilla, vanilla),
      tf.mul(c.ratio, ratio),
      tf.mul(c.ppoClip, ppo),
      tf.mul(c.mdpo, mdpo),
    ]);
    if (inputs.klCovMask) {
      const klCov = tf.add(ratio, tf.mul(c.klCovCoef, absTorch(logRatio)));
      l = tf.add(tf.mul(inputs.klCovMask, klCov), tf.mul(tf.sub(1, inputs.klCovMask), l));
    }
    if (inputs.clipCovMask) l = tf.mul(l, tf.sub(1, inputs.clipCovMask));
    if (inputs.refLogp) {
      const d = tf.sub(logp, inputs.refLogp);
      const k3 = tf.sub(tf.add(tf.exp(tf.neg(d)), d), 1);
      const kl = tf.addN([
        tf.mul(c.k1, d),
        tf.mul(c.k2, tf.mul(0.5, tf.square(d))),
        tf.mul(c.k3, k3),
      ]);
      l = tf.add(l, tf.mul(c.klCoef, kl));
    }
    if (inputs.entropy) l = tf.sub(l, tf.mul(c.entropyCoef, inputs.entropy));
    return tf.sum(tf.mul(inputs.stepWeights, l), 1) as tf.Tensor1D;
  });
}

/** CleanRL's per-minibatch whitening, for the runs whose advantageNorm is 1 (constant input). */
function normalisedAdvantages(A: tf.Tensor2D, mask: tf.Tensor2D, c: PolicyLossCoefs): tf.Tensor2D {
  const n = tf.sum(mask, 1, true);
  const mean = tf.div(tf.sum(tf.mul(A, mask), 1, true), tf.maximum(n, 1));
  const centred = tf.mul(tf.sub(A, mean), mask);
  const std = tf.sqrt(tf.div(tf.sum(tf.square(centred), 1, true), tf.maximum(tf.sub(n, 1), 1)));
  const whitened = tf.div(centred, tf.add(std, c.advantageNormEps));
  return tf.add(tf.mul(c.advantageNorm, whitened), tf.mul(tf.sub(1, c.advantageNorm), A));
}

/** Per-run diagnostics [R], named as CleanRL / TRL log them. */
export interface PolicyDiagnosticsTf {
  /** mean of (rho - 1) - log rho: the k3 estimate of KL(pi_old || pi_theta) (CleanRL approx_kl). */
  readonly approxKl: tf.Tensor1D;
  /** fraction of steps with A < 0 and rho < 1 - eps_low (TRL clip_ratio/low_mean). */
  readonly clipFracLow: tf.Tensor1D;
  /** fraction of steps with A > 0 and rho > 1 + eps_high (TRL clip_ratio/high_mean). */
  readonly clipFracHigh: tf.Tensor1D;
  /** mean k3 KL to the reference, 0 without one. */
  readonly klRef: tf.Tensor1D;
  /** mean entropy of the visited states, 0 when not given. */
  readonly entropy: tf.Tensor1D;
}

export function policyDiagnosticsTf(
  inputs: PolicyLossInputs,
  c: PolicyLossCoefs,
): PolicyDiagnosticsTf {
  return tf.tidy(() => {
    const { logp, oldLogp, mask, advantages: A } = inputs;
    const logRatio = tf.sub(logp, oldLogp);
    const rho = tf.exp(logRatio);
    const approxKl = maskedMean(tf.sub(tf.sub(rho, 1), logRatio), mask);
    const low = tf.logicalAnd(tf.less(rho, tf.sub(1, c.clipLow)), tf.less(A, 0));
    const high = tf.logicalAnd(tf.greater(rho, tf.add(1, c.clipHigh)), tf.greater(A, 0));
    const zeros = tf.zeros([logp.shape[0]]) as tf.Tensor1D;
    let klRef = zeros;
    if (inputs.refLogp) {
      const d = tf.sub(logp, inputs.refLogp);
      klRef = maskedMean(tf.sub(tf.add(tf.exp(tf.neg(d)), d), 1) as tf.Tensor2D, mask);
    }
    return {
      approxKl,
      clipFracLow: maskedMean(tf.cast(low, 'float32') as tf.Tensor2D, mask),
      clipFracHigh: maskedMean(tf.cast(high, 'float32') as tf.Tensor2D, mask),
      klRef,
      entropy: inputs.entropy ? maskedMean(inputs.entropy, mask) : zeros,
    };
  });
}

import * as tf from '@tensorflow/tfjs-core';
import type { EstimatorSpec } from '../spec';

/**
 * Per-run constants of the tfjs losses, one row per run ([R, 1] each), so R runs with different
 * estimators train in one batched call. Choices are one-hot selector columns: each run's loss is
 * sum_k selector_k * l_k, with every l_k finite, so unselected branches add exactly 0.
 */
export const POLICY_COEF_NAMES = [
  'vanilla',
  'ratio',
  'ppoClip',
  'mdpo',
  'clipLow',
  'clipHigh',
  'dualClip',
  'mdpoInvStep',
  'entropyCoef',
  'klCoef',
  'k1',
  'k2',
  'k3',
  'klCovCoef',
  'advantageNorm',
  'advantageNormEps',
] as const;
export type PolicyCoefName = (typeof POLICY_COEF_NAMES)[number];
export type PolicyLossCoefs = Record<PolicyCoefName, tf.Tensor2D>;

/** The constants of one run as plain numbers (what policyLossCoefsTf stacks). */
export function policyCoefRow(spec: EstimatorSpec): Record<PolicyCoefName, number> {
  return {
    vanilla: spec.surrogate === 'vanilla' ? 1 : 0,
    ratio: spec.surrogate === 'ratio' ? 1 : 0,
    ppoClip: spec.surrogate === 'ppo-clip' ? 1 : 0,
    mdpo: spec.surrogate === 'mdpo' ? 1 : 0,
    clipLow: spec.clipLow,
    clipHigh: spec.clipHigh,
    dualClip: spec.dualClip,
    mdpoInvStep: 1 / spec.mdpoStepSize,
    entropyCoef: spec.entropyCoef,
    // A KL placed in the reward is already inside the advantages: not in the loss.
    klCoef: spec.klPlacement === 'loss' ? spec.klCoef : 0,
    k1: spec.klEstimator === 'k1' ? 1 : 0,
    k2: spec.klEstimator === 'k2' ? 1 : 0,
    k3: spec.klEstimator === 'k3' ? 1 : 0,
    klCovCoef: spec.covRegulariser === 'kl-cov' ? spec.klCovCoef : 0,
    // CleanRL whitens advantages per minibatch; with one minibatch the plan already did it.
    advantageNorm: spec.normalisation === 'batch-std' && spec.minibatches > 1 ? 1 : 0,
    advantageNormEps: spec.batchStdEps,
  };
}

/** [R, 1] coefficient tensors for R runs. The caller disposes them (`disposeCoefs`). */
export function policyLossCoefsTf(specs: readonly EstimatorSpec[]): PolicyLossCoefs {
  const rows = specs.map(policyCoefRow);
  const out = {} as Record<PolicyCoefName, tf.Tensor2D>;
  for (const name of POLICY_COEF_NAMES)
    out[name] = tf.tensor2d(
      rows.map((r) => r[name]),
      [rows.length, 1],
    );
  return out;
}

export function disposeCoefs(coefs: Partial<Record<string, tf.Tensor>>): void {
  for (const t of Object.values(coefs)) t?.dispose();
}

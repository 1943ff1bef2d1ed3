import type { EstimatorSpec, OptimizerKind } from '../spec';

/**
 * The optimiser as data, so the trainer can build it for a network (tf.train.sgd / tf.train.adam
 * with the explicit epsilon) and the tabular code can step it in plain TypeScript.
 * - sgd: theta -= lr g
 * - adam (Kingma & Ba 2015): bias-corrected moments, epsilon passed explicitly because tfjs's
 *   default depends on the backend (CleanRL uses 1e-5)
 * - natural (Kakade 2001): theta -= lr F^-1 g, tabular policies only (tabular/natural.ts)
 * - normalized-momentum (Fatkhullin et al. 2023, "Stochastic Policy Gradient Methods: Improved
 *   Sample Complexity for Fisher-non-degenerate Policies", N-PG-IGT):
 *   d <- beta d + (1 - beta) g, theta -= lr d / |d|. The paper evaluates g at the IGT point
 *   `igtPoint(theta, thetaPrev, 1 - beta)`; a trainer that samples there gets N-PG-IGT proper.
 */
export interface OptimizerConfig {
  readonly kind: OptimizerKind;
  readonly learningRate: number;
  readonly adamEpsilon: number;
  readonly adamBeta1: number;
  readonly adamBeta2: number;
  readonly naturalDamping: number;
  readonly momentumBeta: number;
  /** Global grad-norm clip, 0 = off. */
  readonly maxGradNorm: number;
}

export function optimizerConfig(spec: EstimatorSpec): OptimizerConfig {
  return {
    kind: spec.optimizer,
    learningRate: spec.learningRate,
    adamEpsilon: spec.adamEpsilon,
    adamBeta1: spec.adamBeta1,
    adamBeta2: spec.adamBeta2,
    naturalDamping: spec.naturalDamping,
    momentumBeta: spec.momentumBeta,
    maxGradNorm: spec.maxGradNorm,
  };
}

import type { EstimatorSpec } from './spec';
import { groupFields } from './validate';

/**
 * What the trainer must provide for a spec, each need listed with the fields that cause it
 * (empty list = not needed). Derived from the spec, so overrides are accounted for.
 */
export interface EstimatorNeeds {
  /** G >= 2 rollouts per task. */
  readonly groupRollouts: readonly string[];
  /** A learned V(s): AdvantageInputs.values (+ bootstrapValues), and a value loss. */
  readonly critic: readonly string[];
  /** log pi_ref of the taken actions (the initial policy, frozen). */
  readonly referencePolicy: readonly string[];
  /** A tabular softmax policy (logits table). */
  readonly tabularPolicy: readonly string[];
  /** Greedy (argmax) rollouts with common random numbers: AdvantageInputs.greedyReturns. */
  readonly greedyRollouts: readonly string[];
  /** Monte Carlo values from env clones: AdvantageInputs.mcValues. */
  readonly mcValues: readonly string[];
  /** Per-episode |grad log pi(tau)|^2: AdvantageInputs.gradLogpSqNorms. */
  readonly gradLogpNorms: readonly string[];
  /** Several reward components from the env. */
  readonly rewardComponents: readonly string[];
  /** SPO task sampling with trackerTaskWeights(state.tracker). */
  readonly taskSampling: readonly string[];
  /** Covariance selection before each loss (clipCovSelection / klCovSelection, seeded). */
  readonly covarianceSelection: readonly string[];
  /** Passes over each batch and minibatches per pass. */
  readonly epochs: number;
  readonly minibatches: number;
}

export function estimatorNeeds(s: EstimatorSpec): EstimatorNeeds {
  const critic: string[] = [];
  if (s.returnTarget === 'gae') critic.push('returnTarget: gae');
  if (s.baseline === 'critic') critic.push('baseline: critic');
  return {
    groupRollouts: groupFields(s),
    critic,
    referencePolicy: s.klCoef > 0 ? [`klCoef: ${s.klCoef}`] : [],
    tabularPolicy: s.optimizer === 'natural' ? ['optimizer: natural'] : [],
    greedyRollouts: s.baseline === 'greedy' ? ['baseline: greedy'] : [],
    mcValues: s.baseline === 'mc-rollouts' ? ['baseline: mc-rollouts'] : [],
    gradLogpNorms: s.baseline === 'optimal' ? ['baseline: optimal'] : [],
    rewardComponents: s.normalisation === 'decoupled' ? ['normalisation: decoupled'] : [],
    taskSampling: s.baseline === 'tracker' ? ['baseline: tracker'] : [],
    covarianceSelection: s.covRegulariser !== 'none' ? [`covRegulariser: ${s.covRegulariser}`] : [],
    epochs: s.epochs,
    minibatches: s.minibatches,
  };
}

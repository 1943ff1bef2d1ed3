import {
  computeAdvantages,
  createEstimatorState,
  type AdvantageInputs,
  type EstimatorState,
} from '../estimators/advantages';
import type { RolloutBatch } from '../estimators/batch';
import { estimatorNeeds } from '../estimators/needs';
import { covarianceSelection } from '../estimators/regularisers/covariance';
import type { EstimatorSpec } from '../estimators/spec';
import { tabularGradLogpSqNorms } from '../estimators/tabular/grad-logp-norms';
import { tabularLossGradient } from '../estimators/tabular/gradient';
import type { Rng } from '../rng';

/**
 * What an estimator cannot get from a frozen-policy bandit batch, with the reason. The trainer
 * does not support Monte Carlo values either (trainer.ts), so neither does the microscope.
 */
export function unsupportedByMicroscope(spec: EstimatorSpec): string | null {
  if (spec.baseline === 'mc-rollouts')
    return 'baseline mc-rollouts is not supported (the trainer does not support it either)';
  return null;
}

/**
 * Estimator state for a frozen policy: a stateful baseline is taken at the fixed point it reaches
 * when the policy never changes. The EMA of the returns of task k converges to the task's expected
 * return (Sutton & Barto 13.4), and so does SPO's success tracker; a fresh state (EMA read as 0
 * before the first batch) would make "REINFORCE + baseline" the same as REINFORCE.
 * `taskValues` gives one value per task (a one-task bandit: [J]).
 */
export function frozenEstimatorState(taskValues: ArrayLike<number>): EstimatorState {
  const state = createEstimatorState(taskValues.length);
  for (let k = 0; k < taskValues.length; k++) {
    state.emaBaseline[k] = taskValues[k];
    const p = Math.min(1, Math.max(0, taskValues[k]));
    state.tracker.alpha[k] = p;
    state.tracker.beta[k] = 1 - p;
  }
  return state;
}

/** What a frozen policy knows about itself, for the inputs an estimator needs. */
export interface FrozenPolicyTruth {
  readonly numStates: number;
  /** [numTasks] expected discounted return of each task (stateful baselines' fixed point). */
  taskValues(gamma: number): ArrayLike<number>;
  /** [E * T] V_t(s_t) of a perfect critic. */
  criticValues(batch: RolloutBatch, gamma: number): ArrayLike<number>;
}

/**
 * One estimator's estimate of +grad_z J from one batch drawn from the frozen policy (logits z):
 * the same composition the trainer runs (computeAdvantages, then the exact tabular gradient of
 * the surrogate, tabularLossGradient), negated because estimators minimise a loss. This is the
 * first gradient of an update, at pi = pi_old: ratios are 1, so PPO clipping is inactive and
 * epochs/minibatches/optimiser (natural gradient, grad-norm clipping) play no part; regularisers
 * (entropy bonus, KL) are included, so their pull away from grad J shows up as bias.
 *
 * Inputs the spec needs come from the frozen policy itself (`truth`):
 * - critic / GAE values: the exact V_t(s_t) (a perfect critic; a bandit's V = J);
 * - reference policy: the frozen policy (so a KL term is 0 in value; k1's gradient is not);
 * - greedy returns: from the sampler (common random numbers);
 * - |grad log pi|^2 for the optimal baseline: exact, tabularGradLogpSqNorms;
 * - Clip-Cov's random subset: drawn from `rng`.
 */
export function estimatorGradient(
  spec: EstimatorSpec,
  batch: RolloutBatch,
  greedyReturns: (gamma: number) => ArrayLike<number>,
  logits: ArrayLike<number>,
  truth: FrozenPolicyTruth,
  rng: Rng,
): Float64Array {
  const needs = estimatorNeeds(spec);
  const E = batch.numEpisodes;
  const S = truth.numStates;
  const inputs: AdvantageInputs = {
    ...(needs.critic.length
      ? {
          values: truth.criticValues(batch, spec.gamma),
          // Episodes end by the rules or at the time limit, where no steps are left: V = 0.
          bootstrapValues: new Float64Array(E),
        }
      : {}),
    ...(needs.referencePolicy.length ? { refLogp: batch.logp } : {}),
    ...(needs.greedyRollouts.length ? { greedyReturns: greedyReturns(spec.gamma) } : {}),
    ...(needs.gradLogpNorms.length
      ? { gradLogpSqNorms: tabularGradLogpSqNorms(batch, logits, S) }
      : {}),
  };
  const plan = computeAdvantages(
    batch,
    spec,
    frozenEstimatorState(truth.taskValues(spec.gamma)),
    inputs,
  );
  let masks = {};
  if (needs.covarianceSelection.length) {
    const valid = new Uint8Array(batch.mask.length);
    for (let i = 0; i < valid.length; i++)
      valid[i] = batch.mask[i] && plan.stepWeights[i] !== 0 ? 1 : 0;
    masks = covarianceSelection(spec, plan.advantages, batch.logp, batch.logp, valid, rng);
  }
  const { grad } = tabularLossGradient(batch, plan, spec, logits, S, {
    refLogp: batch.logp,
    ...masks,
  });
  for (let j = 0; j < grad.length; j++) grad[j] = -grad[j];
  return grad;
}

import { FIELD_RULES, describeRule } from '../../core/estimators';
import type { FieldName } from './fieldSections';

/**
 * One line per field for tooltips, condensed from the doc comments in core/estimators/spec.ts
 * (those are not available at runtime). The allowed range is added from FIELD_RULES, not here.
 */
export const FIELD_DOCS: Record<FieldName, string> = {
  returnTarget:
    'What each step is credited with: the whole episode return, the reward-to-go, or GAE with a critic.',
  gamma: 'Discount factor gamma.',
  gaeLambda: 'GAE lambda: 1 = Monte Carlo minus V, 0 = one-step TD.',
  bootstrapTruncated:
    'On a time-limit cut, bootstrap from V(s_T) (true, correct for a truncation) or treat it as a termination (false, as CleanRL ppo.py).',
  baseline: 'What is subtracted from the target: A = target - b.',
  emaRate: 'EMA rate kappa: b <- (1 - kappa) b + kappa mean(R).',
  looSingleton: 'Leave-one-out with a group of one: A = 0 (TRL) or the raw score (verl rloo).',
  trackerDecay: 'SPO tracker forgetting factor rho: counts decay by rho each update.',
  mcRollouts:
    'mc-rollouts: number K of rollouts from each env clone, with uniformly random legal actions (as ProAct).',
  mcHorizon: 'mc-rollouts: horizon H, the maximum length of each of those rollouts.',
  normalisation: 'How advantages are rescaled after the baseline.',
  stdDdof: 'Delta degrees of freedom of the group std: 1 = unbiased (TRL), 0 = population.',
  stdEps: 'eps in A / (std + eps) for group-std, decoupled and stratified (TRL 1e-4, verl 1e-6).',
  batchStdEps: 'eps in (A - mean) / (std + eps) for batch-std (CleanRL 1e-8).',
  rewardWeights: 'decoupled (GDPO): weight w_k of each reward component; empty = all ones.',
  stratifiedAlpha: 'stratified: weight alpha of the within-stratum z-score.',
  selection: 'Keep or weight samples by outcome (Negative Reinforcement paper).',
  wReinforceLambda: 'W-REINFORCE weight lambda of successful samples (paper: 0.1).',
  dropZeroVariance: 'Skip groups whose rewards are all equal (DAPO dynamic sampling).',
  difficultyFilter:
    'Keep only tasks whose group success rate lies in [difficultyLow, difficultyHigh].',
  difficultyLow: 'Lowest group success rate kept by the difficulty filter.',
  difficultyHigh: 'Highest group success rate kept by the difficulty filter.',
  surrogate: 'Per-step loss: vanilla -A logp, ratio -rho A, PPO clip, or MDPO.',
  clipLow: 'PPO lower clip eps: rho >= 1 - clipLow.',
  clipHigh: 'PPO upper clip eps: rho <= 1 + clipHigh (DAPO clip-higher: 0.28).',
  dualClip: 'Dual clip constant c for A < 0 (verl: 3); 0 = off.',
  mdpoStepSize: 'MDPO step size t in -rho A + (1/t) KL(pi || pi_old).',
  epochs: 'Passes over each batch (PPO: 4).',
  minibatches: 'Minibatches per epoch (PPO: 4).',
  targetKl: 'Stop the epochs early when approx KL > 1.5 targetKl (Spinning Up); 0 = off.',
  aggregation: 'How per-step losses are averaged into one number.',
  aggregationMaxLength:
    'seq-mean-token-sum-norm: the fixed max length L (Dr. GRPO); 0 = the batch maximum.',
  entropyCoef: 'Entropy bonus coefficient c_H (loss -= c_H * entropy).',
  reference: 'Reference policy of the KL term: none, or the policy at the start of training.',
  klCoef: 'KL coefficient beta; > 0 needs a reference.',
  klEstimator: 'KL estimator: k1 = log ratio, k2 = squared / 2, k3 = exp(-x) + x - 1.',
  klPlacement: 'Put the KL in the loss (GRPO) or subtract it from the per-step reward (RLOO).',
  covRegulariser:
    'Covariance-based regulariser against entropy collapse (Entropy Mechanism paper).',
  clipCovRatio: 'Clip-Cov: fraction of steps whose gradient is detached (paper: 2e-4 for LLMs).',
  clipCovLow: 'Clip-Cov: lower end of the covariance band of candidate steps (paper: 1).',
  clipCovHigh: 'Clip-Cov: upper end of the covariance band of candidate steps (paper: 5).',
  klCovRatio: 'KL-Cov: fraction of steps with the largest covariance that get the KL penalty.',
  klCovCoef: 'KL-Cov: coefficient of |log rho| on the selected steps (paper: 1).',
  maxGradNorm: 'Global gradient-norm clip (CleanRL 0.5); 0 = off.',
  valueCoef: 'Critic loss coefficient (CleanRL vf_coef 0.5).',
  valueClip: 'Clip of the critic update around the old value (CleanRL 0.2); 0 = off.',
  optimizer: 'Update rule applied to the gradient.',
  learningRate: 'Learning rate.',
  adamEpsilon: "Adam's epsilon, passed explicitly: tfjs's default depends on the backend.",
  adamBeta1: "Adam's first-moment decay.",
  adamBeta2: "Adam's second-moment decay.",
  naturalDamping: 'Natural gradient damping lambda: (d_s F_s + lambda I) x = g_s.',
  momentumBeta: 'Normalized momentum beta: d <- beta d + (1 - beta) g, step -lr d / |d|.',
};

/** The tooltip of a field: what it is and its allowed range. */
export function fieldTooltip(field: FieldName): string {
  return `${FIELD_DOCS[field]} Allowed: ${describeRule(FIELD_RULES[field])}.`;
}

import type { EstimatorContext, EstimatorOverrides, EstimatorSpec } from './spec';
import { EstimatorConfigError, validateEstimator } from './validate';

export { EstimatorConfigError, validateEstimator } from './validate';

/**
 * Defaults shared by every preset: plain REINFORCE (Williams 1992) on whole-episode returns with
 * SGD. Each preset below changes only what its source changes; every value is visible here.
 */
const common: Omit<EstimatorSpec, 'preset'> = {
  returnTarget: 'episode',
  gamma: 1,
  gaeLambda: 0.95,
  bootstrapTruncated: true,
  baseline: 'none',
  emaRate: 0.1,
  looSingleton: 'zero',
  trackerDecay: 0.9,
  mcRollouts: 8,
  mcHorizon: 20,
  normalisation: 'none',
  stdDdof: 1,
  stdEps: 1e-4,
  batchStdEps: 1e-8,
  rewardWeights: [],
  stratifiedAlpha: 0.5,
  selection: 'none',
  wReinforceLambda: 0.1,
  dropZeroVariance: false,
  difficultyFilter: false,
  difficultyLow: 0,
  difficultyHigh: 1,
  surrogate: 'vanilla',
  clipLow: 0.2,
  clipHigh: 0.2,
  dualClip: 0,
  mdpoStepSize: 1,
  epochs: 1,
  minibatches: 1,
  targetKl: 0,
  aggregation: 'token-mean',
  aggregationMaxLength: 0,
  entropyCoef: 0,
  reference: 'none',
  klCoef: 0,
  klEstimator: 'k3',
  klPlacement: 'loss',
  covRegulariser: 'none',
  // The paper's LLM values (2e-4 / 2e-3 of the tokens) select at most one step of a playground
  // batch; 2% keeps the effect visible. Bands lb = 1, ub = 5 and KL coefficient 1 are the paper's.
  clipCovRatio: 0.02,
  clipCovLow: 1,
  clipCovHigh: 5,
  klCovRatio: 0.02,
  klCovCoef: 1,
  maxGradNorm: 0,
  valueCoef: 0.5,
  valueClip: 0,
  optimizer: 'sgd',
  learningRate: 0.1,
  adamEpsilon: 1e-5,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  naturalDamping: 1e-2,
  momentumBeta: 0.9,
};

/** GRPO's advantage as in TRL GRPOTrainer: group mean, unbiased group std, eps 1e-4. */
const grpoAdvantage = {
  baseline: 'group-mean',
  normalisation: 'group-std',
  stdDdof: 1,
  stdEps: 1e-4,
  surrogate: 'ppo-clip',
  clipLow: 0.2,
  clipHigh: 0.2,
} as const;

/** Named bundles of choices; the source of each is in its card (cards.ts). */
/**
 * REINFORCE (Williams 1992) averages over episodes the sum over each episode's steps,
 * (1/E) sum_e sum_t A_t grad log pi(a_t|s_t): an unbiased estimate of grad J. Token-mean would
 * divide by the batch's step count instead, a random scale that biases it on multi-step
 * episodes (the estimator microscope shows the bias on FrozenLake); on bandits the two agree.
 */
const williams = { aggregation: 'seq-mean-token-sum' } as const;

export const PRESETS = {
  reinforce: { ...common, ...williams, preset: 'reinforce' },
  'reinforce-baseline': { ...common, ...williams, preset: 'reinforce-baseline', baseline: 'ema' },
  'optimal-baseline': { ...common, ...williams, preset: 'optimal-baseline', baseline: 'optimal' },
  a2c: {
    ...common,
    preset: 'a2c',
    returnTarget: 'gae',
    gamma: 0.99,
    gaeLambda: 1,
    baseline: 'critic',
    entropyCoef: 0.01,
    valueCoef: 0.5,
    maxGradNorm: 0.5,
    optimizer: 'adam',
    learningRate: 7e-4,
    adamEpsilon: 1e-5,
  },
  ppo: {
    ...common,
    preset: 'ppo',
    returnTarget: 'gae',
    gamma: 0.99,
    gaeLambda: 0.95,
    bootstrapTruncated: false,
    baseline: 'critic',
    normalisation: 'batch-std',
    batchStdEps: 1e-8,
    surrogate: 'ppo-clip',
    clipLow: 0.2,
    clipHigh: 0.2,
    epochs: 4,
    minibatches: 4,
    entropyCoef: 0.01,
    valueCoef: 0.5,
    valueClip: 0.2,
    maxGradNorm: 0.5,
    optimizer: 'adam',
    learningRate: 2.5e-4,
    adamEpsilon: 1e-5,
  },
  rloo: {
    ...common,
    preset: 'rloo',
    baseline: 'leave-one-out',
    looSingleton: 'zero',
    aggregation: 'seq-mean-token-sum',
    reference: 'initial',
    klCoef: 0.05,
    klEstimator: 'k1',
    klPlacement: 'reward',
  },
  grpo: {
    ...common,
    ...grpoAdvantage,
    preset: 'grpo',
    aggregation: 'seq-mean-token-mean',
    klCoef: 0,
    klEstimator: 'k3',
    klPlacement: 'loss',
  },
  'dr-grpo': {
    ...common,
    preset: 'dr-grpo',
    baseline: 'group-mean',
    normalisation: 'none',
    surrogate: 'ppo-clip',
    aggregation: 'seq-mean-token-sum-norm',
  },
  dapo: {
    ...common,
    ...grpoAdvantage,
    preset: 'dapo',
    clipLow: 0.2,
    clipHigh: 0.28,
    aggregation: 'token-mean',
    dropZeroVariance: true,
  },
  bnpo: {
    ...common,
    preset: 'bnpo',
    baseline: 'group-mean',
    normalisation: 'beta',
    surrogate: 'ppo-clip',
    aggregation: 'token-mean',
  },
  gdpo: {
    ...common,
    preset: 'gdpo',
    baseline: 'group-mean',
    normalisation: 'decoupled',
    surrogate: 'ppo-clip',
    aggregation: 'seq-mean-token-mean',
  },
  remax: {
    ...common,
    preset: 'remax',
    baseline: 'greedy',
    aggregation: 'seq-mean-token-sum',
  },
  psr: { ...common, preset: 'psr', selection: 'psr' },
  nsr: { ...common, preset: 'nsr', selection: 'nsr' },
  'w-reinforce': {
    ...common,
    preset: 'w-reinforce',
    selection: 'w-reinforce',
    wReinforceLambda: 0.1,
  },
  'clip-cov': {
    ...common,
    ...grpoAdvantage,
    preset: 'clip-cov',
    aggregation: 'token-mean',
    covRegulariser: 'clip-cov',
  },
  'kl-cov': {
    ...common,
    ...grpoAdvantage,
    preset: 'kl-cov',
    surrogate: 'ratio',
    aggregation: 'token-mean',
    covRegulariser: 'kl-cov',
  },
  spo: {
    ...common,
    preset: 'spo',
    baseline: 'tracker',
    normalisation: 'batch-std',
    surrogate: 'ppo-clip',
    aggregation: 'token-mean',
  },
  mdpo: {
    ...common,
    preset: 'mdpo',
    baseline: 'ema',
    surrogate: 'mdpo',
    mdpoStepSize: 1,
    epochs: 4,
  },
  'natural-pg': {
    ...common,
    preset: 'natural-pg',
    baseline: 'ema',
    optimizer: 'natural',
    naturalDamping: 1e-2,
  },
  'entropy-pg': {
    ...common,
    preset: 'entropy-pg',
    baseline: 'ema',
    entropyCoef: 0.05,
  },
} as const satisfies Record<string, EstimatorSpec>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export const PRESET_LABELS: Record<PresetName, string> = {
  reinforce: 'REINFORCE',
  'reinforce-baseline': 'REINFORCE + baseline',
  'optimal-baseline': 'Optimal-baseline PG',
  a2c: 'A2C',
  ppo: 'PPO',
  rloo: 'RLOO',
  grpo: 'GRPO',
  'dr-grpo': 'Dr. GRPO',
  dapo: 'DAPO-style',
  bnpo: 'BNPO',
  gdpo: 'GDPO',
  remax: 'ReMax',
  psr: 'PSR',
  nsr: 'NSR',
  'w-reinforce': 'W-REINFORCE',
  'clip-cov': 'Clip-Cov',
  'kl-cov': 'KL-Cov',
  spo: 'SPO',
  mdpo: 'MDPO',
  'natural-pg': 'Natural PG',
  'entropy-pg': 'Entropy-regularised PG',
};

/**
 * Eight estimators a course compares side by side, from plain REINFORCE to PPO and the
 * group-relative family (issue 7's class: 4-8 estimators x 3-5 seeds at once). The class e2e
 * test, the seeds tests and scripts/class-speed.ts all train this class.
 */
export const CLASS_PRESETS: readonly PresetName[] = [
  'reinforce',
  'reinforce-baseline',
  'rloo',
  'grpo',
  'dr-grpo',
  'ppo',
  'remax',
  'bnpo',
];

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/**
 * Preset plus overrides, validated (also against `context`: group size, tabular policy, reward
 * components). Throws EstimatorConfigError whose problems each name a field and its allowed range.
 */
export function resolveEstimator(
  preset: string,
  overrides: EstimatorOverrides = {},
  context: EstimatorContext = {},
): EstimatorSpec {
  if (!isPresetName(preset))
    throw new EstimatorConfigError([
      `preset must be one of ${PRESET_NAMES.join(', ')}, got "${preset}"`,
    ]);
  const spec: EstimatorSpec = { ...PRESETS[preset], ...overrides, preset };
  // validateEstimator also reports override keys that are not fields (typos from URLs or JSON).
  const problems = validateEstimator(spec, context);
  if (problems.length) throw new EstimatorConfigError(problems);
  return spec;
}

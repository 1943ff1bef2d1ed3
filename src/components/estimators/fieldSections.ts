import { FIELD_NAMES, type EstimatorSpec } from '../../core/estimators';

/** A field of EstimatorSpec other than `preset` (the keys of FIELD_RULES). */
export type FieldName = (typeof FIELD_NAMES)[number];

export type SectionId =
  | 'target'
  | 'baseline'
  | 'normalisation'
  | 'selection'
  | 'surrogate'
  | 'regularisers'
  | 'optimiser';

export interface Section {
  readonly id: SectionId;
  /** The heading of the section in shared/design/estimators.md. */
  readonly title: string;
  readonly fields: readonly FieldName[];
}

/**
 * The fields grouped as the sections of estimators.md (and the comments in spec.ts), so a card,
 * a diff and the editor all read in the order of the catalog. Every field appears exactly once
 * (checked by the test), so a new spec field fails the test until it is placed here.
 */
export const SECTIONS: readonly Section[] = [
  {
    id: 'target',
    title: '1. Return target',
    fields: ['returnTarget', 'gamma', 'gaeLambda', 'bootstrapTruncated'],
  },
  {
    id: 'baseline',
    title: '2. Baseline',
    fields: ['baseline', 'emaRate', 'looSingleton', 'trackerDecay', 'mcRollouts', 'mcHorizon'],
  },
  {
    id: 'normalisation',
    title: '3. Normalisation',
    fields: [
      'normalisation',
      'stdDdof',
      'stdEps',
      'batchStdEps',
      'rewardWeights',
      'stratifiedAlpha',
    ],
  },
  {
    id: 'selection',
    title: '4. Sample selection',
    fields: [
      'selection',
      'wReinforceLambda',
      'dropZeroVariance',
      'difficultyFilter',
      'difficultyLow',
      'difficultyHigh',
    ],
  },
  {
    id: 'surrogate',
    title: '5. Surrogate & aggregation',
    fields: [
      'surrogate',
      'clipLow',
      'clipHigh',
      'dualClip',
      'mdpoStepSize',
      'epochs',
      'minibatches',
      'targetKl',
      'aggregation',
      'aggregationMaxLength',
    ],
  },
  {
    id: 'regularisers',
    title: '6. Regularisers',
    fields: [
      'entropyCoef',
      'reference',
      'klCoef',
      'klEstimator',
      'klPlacement',
      'covRegulariser',
      'clipCovRatio',
      'clipCovLow',
      'clipCovHigh',
      'klCovRatio',
      'klCovCoef',
      'maxGradNorm',
      'valueCoef',
      'valueClip',
    ],
  },
  {
    id: 'optimiser',
    title: '7. Optimiser',
    fields: [
      'optimizer',
      'learningRate',
      'adamEpsilon',
      'adamBeta1',
      'adamBeta2',
      'naturalDamping',
      'momentumBeta',
    ],
  },
];

const SECTION_OF = new Map<FieldName, SectionId>(
  SECTIONS.flatMap((s) => s.fields.map((f) => [f, s.id] as const)),
);

export function sectionOf(field: FieldName): SectionId {
  const id = SECTION_OF.get(field);
  if (!id) throw new Error(`field ${field} is in no section of fieldSections.ts`);
  return id;
}

/**
 * The choices that name an estimator: a compact card always shows them, whatever their value
 * (the rest it shows only when the preset or the run changed them).
 */
export const KEY_FIELDS: readonly FieldName[] = [
  'returnTarget',
  'baseline',
  'normalisation',
  'selection',
  'surrogate',
  'aggregation',
  'optimizer',
  'learningRate',
];

const zScore = (s: EstimatorSpec) =>
  s.normalisation === 'group-std' ||
  s.normalisation === 'decoupled' ||
  s.normalisation === 'stratified';
const critic = (s: EstimatorSpec) => s.returnTarget === 'gae' || s.baseline === 'critic';
const kl = (s: EstimatorSpec) => s.klCoef > 0;

/**
 * Fields that only matter with some other choice (e.g. gaeLambda only with returnTarget gae),
 * following where computeAdvantages and the losses read each field. Fields not listed are always
 * used. Unused fields are dimmed in the card and the editor rather than hidden.
 */
const USED_WHEN: Partial<Record<FieldName, (s: EstimatorSpec) => boolean>> = {
  gaeLambda: (s) => s.returnTarget === 'gae',
  bootstrapTruncated: (s) => s.returnTarget === 'gae',
  emaRate: (s) => s.baseline === 'ema',
  looSingleton: (s) => s.baseline === 'leave-one-out',
  trackerDecay: (s) => s.baseline === 'tracker',
  mcRollouts: (s) => s.baseline === 'mc-rollouts',
  mcHorizon: (s) => s.baseline === 'mc-rollouts',
  stdDdof: zScore,
  stdEps: zScore,
  batchStdEps: (s) => s.normalisation === 'batch-std',
  rewardWeights: (s) => s.normalisation === 'decoupled',
  stratifiedAlpha: (s) => s.normalisation === 'stratified',
  wReinforceLambda: (s) => s.selection === 'w-reinforce',
  difficultyLow: (s) => s.difficultyFilter,
  difficultyHigh: (s) => s.difficultyFilter,
  clipLow: (s) => s.surrogate === 'ppo-clip',
  clipHigh: (s) => s.surrogate === 'ppo-clip',
  dualClip: (s) => s.surrogate === 'ppo-clip',
  mdpoStepSize: (s) => s.surrogate === 'mdpo',
  aggregationMaxLength: (s) => s.aggregation === 'seq-mean-token-sum-norm',
  reference: kl,
  klEstimator: kl,
  klPlacement: kl,
  clipCovRatio: (s) => s.covRegulariser === 'clip-cov',
  clipCovLow: (s) => s.covRegulariser === 'clip-cov',
  clipCovHigh: (s) => s.covRegulariser === 'clip-cov',
  klCovRatio: (s) => s.covRegulariser === 'kl-cov',
  klCovCoef: (s) => s.covRegulariser === 'kl-cov',
  valueCoef: critic,
  valueClip: critic,
  adamEpsilon: (s) => s.optimizer === 'adam',
  adamBeta1: (s) => s.optimizer === 'adam',
  adamBeta2: (s) => s.optimizer === 'adam',
  naturalDamping: (s) => s.optimizer === 'natural',
  momentumBeta: (s) => s.optimizer === 'normalized-momentum',
};

/** Whether a field changes anything given the spec's other choices. */
export function fieldInUse(s: EstimatorSpec, field: FieldName): boolean {
  return USED_WHEN[field]?.(s) ?? true;
}

/** A parameter of one option (gaeLambda of gae, clipHigh of ppo-clip), not a choice of its own. */
export function isOptionParameter(field: FieldName): boolean {
  return field in USED_WHEN;
}

import type { EstimatorContext, EstimatorSpec } from './spec';

type Field = Exclude<keyof EstimatorSpec, 'preset'>;

/** One schema for every field: its type and allowed range (validation, UI controls, docs). */
export type FieldRule =
  | {
      readonly kind: 'number';
      readonly min?: number;
      readonly max?: number;
      /** min / max excluded from the range. */
      readonly openMin?: boolean;
      readonly openMax?: boolean;
      readonly integer?: boolean;
      /** Extra allowed value outside the range (e.g. 0 = off). */
      readonly off?: number;
    }
  | { readonly kind: 'enum'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number-list' };

const num = (r: Omit<Extract<FieldRule, { kind: 'number' }>, 'kind'> = {}): FieldRule => ({
  kind: 'number',
  ...r,
});
const oneOf = (...values: (string | number)[]): FieldRule => ({ kind: 'enum', values });
const bool: FieldRule = { kind: 'boolean' };
const unit = num({ min: 0, max: 1 });
const positive = num({ min: 0, openMin: true });
const nonNegative = num({ min: 0 });
const count = num({ min: 1, integer: true });

export const FIELD_RULES: Record<Field, FieldRule> = {
  returnTarget: oneOf('episode', 'reward-to-go', 'gae'),
  gamma: unit,
  gaeLambda: unit,
  bootstrapTruncated: bool,
  baseline: oneOf(
    'none',
    'ema',
    'group-mean',
    'leave-one-out',
    'critic',
    'greedy',
    'optimal',
    'tracker',
    'mc-rollouts',
  ),
  emaRate: num({ min: 0, max: 1, openMin: true }),
  looSingleton: oneOf('zero', 'raw'),
  trackerDecay: num({ min: 0, max: 1, openMin: true }),
  mcRollouts: count,
  mcHorizon: count,
  normalisation: oneOf('none', 'group-std', 'batch-std', 'beta', 'decoupled', 'stratified'),
  stdDdof: oneOf(0, 1),
  stdEps: nonNegative,
  batchStdEps: nonNegative,
  rewardWeights: { kind: 'number-list' },
  stratifiedAlpha: unit,
  selection: oneOf('none', 'psr', 'nsr', 'w-reinforce'),
  wReinforceLambda: nonNegative,
  dropZeroVariance: bool,
  difficultyFilter: bool,
  difficultyLow: unit,
  difficultyHigh: unit,
  surrogate: oneOf('vanilla', 'ratio', 'ppo-clip', 'mdpo'),
  clipLow: num({ min: 0, max: 1, openMin: true, openMax: true }),
  clipHigh: positive,
  dualClip: num({ min: 1, openMin: true, off: 0 }),
  mdpoStepSize: positive,
  epochs: count,
  minibatches: count,
  targetKl: nonNegative,
  aggregation: oneOf(
    'token-mean',
    'seq-mean-token-mean',
    'seq-mean-token-sum',
    'seq-mean-token-sum-norm',
  ),
  aggregationMaxLength: num({ min: 0, integer: true }),
  entropyCoef: nonNegative,
  reference: oneOf('none', 'initial'),
  klCoef: nonNegative,
  klEstimator: oneOf('k1', 'k2', 'k3'),
  klPlacement: oneOf('loss', 'reward'),
  covRegulariser: oneOf('none', 'clip-cov', 'kl-cov'),
  clipCovRatio: num({ min: 0, max: 1, openMin: true }),
  clipCovLow: num(),
  clipCovHigh: num(),
  klCovRatio: num({ min: 0, max: 1, openMin: true }),
  klCovCoef: nonNegative,
  maxGradNorm: nonNegative,
  valueCoef: nonNegative,
  valueClip: nonNegative,
  optimizer: oneOf('sgd', 'adam', 'natural', 'normalized-momentum'),
  learningRate: positive,
  adamEpsilon: positive,
  adamBeta1: num({ min: 0, max: 1, openMax: true }),
  adamBeta2: num({ min: 0, max: 1, openMax: true }),
  naturalDamping: positive,
  momentumBeta: num({ min: 0, max: 1, openMax: true }),
};

export const FIELD_NAMES = Object.keys(FIELD_RULES) as Field[];

/** The allowed range in words, e.g. "in (0, 1]", "> 0", "one of sgd, adam". */
export function describeRule(rule: FieldRule): string {
  switch (rule.kind) {
    case 'enum':
      return `one of ${rule.values.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'number-list':
      return 'a list of finite numbers';
    case 'number': {
      const int = rule.integer ? 'an integer ' : '';
      const off = rule.off !== undefined ? ` (or ${rule.off} = off)` : '';
      const { min, max } = rule;
      if (min !== undefined && max !== undefined)
        return `${int}in ${rule.openMin ? '(' : '['}${min}, ${max}${rule.openMax ? ')' : ']'}${off}`;
      if (min !== undefined) return `${int}${rule.openMin ? '>' : '>='} ${min}${off}`;
      if (max !== undefined) return `${int}${rule.openMax ? '<' : '<='} ${max}${off}`;
      return `a finite number${off}`;
    }
  }
}

/** Whether `v` satisfies a field rule (also used by the experiment schema for URL values). */
export function checkField(rule: FieldRule, v: unknown): boolean {
  switch (rule.kind) {
    case 'enum':
      return rule.values.includes(v as string | number);
    case 'boolean':
      return typeof v === 'boolean';
    case 'number-list':
      return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      if (rule.off !== undefined && v === rule.off) return true;
      if (rule.integer && !Number.isInteger(v)) return false;
      if (rule.min !== undefined && (rule.openMin ? v <= rule.min : v < rule.min)) return false;
      if (rule.max !== undefined && (rule.openMax ? v >= rule.max : v > rule.max)) return false;
      return true;
    }
  }
}

/** Fields of `spec` that need G >= 2 rollouts per task. */
export function groupFields(s: EstimatorSpec): string[] {
  const f: string[] = [];
  if (s.baseline === 'group-mean' || s.baseline === 'leave-one-out')
    f.push(`baseline: ${s.baseline}`);
  if (['group-std', 'beta', 'decoupled', 'stratified'].includes(s.normalisation))
    f.push(`normalisation: ${s.normalisation}`);
  if (s.dropZeroVariance) f.push('dropZeroVariance');
  if (s.difficultyFilter) f.push('difficultyFilter');
  return f;
}

/**
 * Every problem of a spec, each starting with the field's name and stating the allowed range.
 * Empty when the spec is valid. `context` adds checks against what the run provides.
 */
export function validateEstimator(s: EstimatorSpec, context: EstimatorContext = {}): string[] {
  const p: string[] = [];
  const record = s as unknown as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (key !== 'preset' && !(key in FIELD_RULES))
      p.push(`${key}: unknown field; allowed fields: ${FIELD_NAMES.join(', ')}`);
  for (const field of FIELD_NAMES) {
    const rule = FIELD_RULES[field];
    const v = record[field];
    if (!checkField(rule, v))
      p.push(`${field} must be ${describeRule(rule)}, got ${JSON.stringify(v)}`);
  }
  if (p.length) return p; // cross-field rules assume well-typed fields

  if (s.klCoef > 0 && s.reference === 'none')
    p.push(`reference must be initial when klCoef > 0 (a KL needs a reference policy), got none`);
  if (s.returnTarget === 'gae' && s.baseline !== 'critic')
    p.push(
      `baseline must be critic with returnTarget gae (V is GAE's baseline), got ${s.baseline}`,
    );
  if (
    (s.normalisation === 'decoupled' || s.normalisation === 'stratified') &&
    s.baseline !== 'group-mean'
  )
    p.push(
      `baseline must be group-mean with normalisation ${s.normalisation} (it z-scores within groups), got ${s.baseline}`,
    );
  if (
    (s.normalisation === 'decoupled' || s.normalisation === 'stratified') &&
    s.returnTarget !== 'episode'
  )
    p.push(
      `returnTarget must be episode with normalisation ${s.normalisation}, got ${s.returnTarget}`,
    );
  if (s.selection !== 'none' && s.baseline !== 'none')
    p.push(
      `baseline must be none with selection ${s.selection} (outcome selection sets A itself), got ${s.baseline}`,
    );
  if (s.selection !== 'none' && s.normalisation !== 'none')
    p.push(`normalisation must be none with selection ${s.selection}, got ${s.normalisation}`);
  if (s.difficultyFilter && s.difficultyLow > s.difficultyHigh)
    p.push(`difficultyLow must be <= difficultyHigh (${s.difficultyHigh}), got ${s.difficultyLow}`);
  if (s.covRegulariser === 'clip-cov' && s.clipCovLow >= s.clipCovHigh)
    p.push(`clipCovLow must be < clipCovHigh (${s.clipCovHigh}), got ${s.clipCovLow}`);

  const G = context.groupSize;
  if (G !== undefined) {
    if (!Number.isInteger(G) || G < 1) p.push(`groupSize must be an integer >= 1, got ${G}`);
    else if (G < 2) {
      const fields = groupFields(s);
      // RLOO with one rollout is allowed on purpose: looSingleton says what A becomes.
      const blocking = fields.filter((f) => f !== 'baseline: leave-one-out');
      if (blocking.length) p.push(`groupSize must be >= 2 for ${blocking.join(', ')}, got ${G}`);
    }
  }
  if (context.tabular === false && s.optimizer === 'natural')
    p.push('optimizer must be sgd, adam or normalized-momentum for a neural policy, got natural');
  const C = context.numRewardComponents;
  if (
    C !== undefined &&
    s.normalisation === 'decoupled' &&
    s.rewardWeights.length > 0 &&
    s.rewardWeights.length !== C
  )
    p.push(
      `rewardWeights must have ${C} entries (one per reward component) or none, got ${s.rewardWeights.length}`,
    );
  return p;
}

export class EstimatorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'EstimatorConfigError';
  }
}

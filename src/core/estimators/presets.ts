import type { EstimatorOverrides, EstimatorSpec } from './spec';

const common: Omit<EstimatorSpec, 'preset'> = {
  returnTarget: 'episode',
  gamma: 1,
  baseline: 'none',
  emaRate: 0.1,
  aggregation: 'token-mean',
  entropyCoef: 0,
  optimizer: 'sgd',
  learningRate: 0.1,
  adamEpsilon: 1e-5,
};

/** Named bundles of choices, each citing its source. */
export const PRESETS = {
  /** Williams (1992), "Simple statistical gradient-following algorithms": A = R, no baseline. */
  reinforce: { ...common, preset: 'reinforce' },
  /**
   * REINFORCE with baseline (Sutton & Barto 2018, sec. 13.4) where the baseline is an
   * exponential moving average of past returns, kept per task.
   */
  'reinforce-baseline': { ...common, preset: 'reinforce-baseline', baseline: 'ema' },
} as const satisfies Record<string, EstimatorSpec>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export const PRESET_LABELS: Record<PresetName, string> = {
  reinforce: 'REINFORCE',
  'reinforce-baseline': 'REINFORCE + baseline',
};

export class EstimatorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'EstimatorConfigError';
  }
}

/** Preset plus overrides, validated. Throws EstimatorConfigError naming each bad field. */
export function resolveEstimator(
  preset: string,
  overrides: EstimatorOverrides = {},
): EstimatorSpec {
  if (!(preset in PRESETS))
    throw new EstimatorConfigError([
      `unknown preset "${preset}"; allowed: ${PRESET_NAMES.join(', ')}`,
    ]);
  const spec: EstimatorSpec = { ...PRESETS[preset as PresetName], ...overrides };
  const problems = validateEstimator(spec);
  if (problems.length) throw new EstimatorConfigError(problems);
  return spec;
}

export function validateEstimator(s: EstimatorSpec): string[] {
  const p: string[] = [];
  const num = (v: number) => typeof v === 'number' && Number.isFinite(v);
  if (!num(s.learningRate) || s.learningRate <= 0)
    p.push(`learningRate must be > 0, got ${s.learningRate}`);
  if (!num(s.gamma) || s.gamma < 0 || s.gamma > 1)
    p.push(`gamma must be in [0, 1], got ${s.gamma}`);
  if (!num(s.emaRate) || s.emaRate <= 0 || s.emaRate > 1)
    p.push(`emaRate must be in (0, 1], got ${s.emaRate}`);
  if (!num(s.entropyCoef) || s.entropyCoef < 0)
    p.push(`entropyCoef must be >= 0, got ${s.entropyCoef}`);
  if (!num(s.adamEpsilon) || s.adamEpsilon <= 0)
    p.push(`adamEpsilon must be > 0, got ${s.adamEpsilon}`);
  if (!['episode', 'reward-to-go'].includes(s.returnTarget))
    p.push(`returnTarget must be episode or reward-to-go, got ${s.returnTarget}`);
  if (!['none', 'ema'].includes(s.baseline))
    p.push(`baseline must be none or ema, got ${s.baseline}`);
  if (!['token-mean', 'seq-mean-token-mean', 'seq-mean-token-sum'].includes(s.aggregation))
    p.push(
      `aggregation must be token-mean, seq-mean-token-mean or seq-mean-token-sum, got ${s.aggregation}`,
    );
  if (!['sgd', 'adam'].includes(s.optimizer))
    p.push(`optimizer must be sgd or adam, got ${s.optimizer}`);
  return p;
}

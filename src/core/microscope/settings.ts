import { GRID_PRESETS, type GridPresetName } from '../envs/gridworld';
import type { EnvConfig } from '../envs/registry';
import { PRESET_NAMES, type PresetName } from '../estimators/presets';
import type { MicroscopeConfig } from './microscope';
import { problemShape, validateProblem, type MicroscopeProblem } from './problem';
import type { SweepAxis } from './sweep';

/**
 * Everything the microscope view shows, as plain data: what a shareable link holds
 * (experiment/viewCodec.ts) and what the view edits.
 *
 * Sources: the 3-armed example bandit (its arm means editable), one of the gridworld presets,
 * or `experiment`: the environment of the experiment the link (or the Train tab) holds, when it
 * is a Bernoulli/Gaussian bandit (one task or a suite) or a gridworld, custom maps included.
 */
export const MICROSCOPE_GRIDS = [
  'frozenlake4x4',
  'frozenlake8x8',
  'cliffwalking',
  'twogoals',
] as const satisfies readonly GridPresetName[];
export const MICROSCOPE_SOURCES = ['example', 'experiment', ...MICROSCOPE_GRIDS] as const;
export type MicroscopeSource = (typeof MICROSCOPE_SOURCES)[number];

export const SOURCE_LABELS: Record<MicroscopeSource, string> = {
  example: '3-armed example bandit',
  experiment: "the Train tab's environment",
  frozenlake4x4: 'FrozenLake 4x4',
  frozenlake8x8: 'FrozenLake 8x8',
  cliffwalking: 'CliffWalking',
  twogoals: 'Two goals',
};

export const SWEEP_AXES = ['batch', 'group'] as const satisfies readonly SweepAxis[];

export interface MicroscopeSettings {
  readonly source: MicroscopeSource;
  /** Arm means of the example bandit (used with source `example` only). */
  readonly means: readonly number[];
  /** [S * A] logits of the frozen policy, or null for the source's default policy. */
  readonly logits: readonly number[] | null;
  readonly batchSize: number;
  readonly groupSize: number;
  readonly batches: number;
  readonly seed: number;
  readonly axis: SweepAxis;
  readonly estimators: readonly PresetName[];
}

/** The example's arms and its default policy pi = (0.45, 0.35, 0.2). */
export const EXAMPLE_MEANS = [0.2, 0.5, 0.8] as const;
export const EXAMPLE_PI = [0.45, 0.35, 0.2] as const;

/** Checked when the view opens (issue 8); the others are one click away. */
export const DEFAULT_MICROSCOPE_ESTIMATORS: readonly PresetName[] = [
  'reinforce',
  'reinforce-baseline',
  'rloo',
  'grpo',
  'dr-grpo',
];

export function defaultMicroscopeSettings(): MicroscopeSettings {
  return {
    source: 'example',
    means: [...EXAMPLE_MEANS],
    logits: null,
    batchSize: 16,
    groupSize: 4,
    batches: 500,
    seed: 1,
    axis: 'batch',
    estimators: [...DEFAULT_MICROSCOPE_ESTIMATORS],
  };
}

/** Preset names in the microscope's colour order: the defaults first. */
export const MICROSCOPE_ESTIMATOR_ORDER: readonly PresetName[] = [
  ...DEFAULT_MICROSCOPE_ESTIMATORS,
  ...PRESET_NAMES.filter((p) => !DEFAULT_MICROSCOPE_ESTIMATORS.includes(p)),
];

/**
 * The problem a source stands for, or why the microscope cannot look at it. `experimentEnv` is
 * the experiment's environment (envConfigOf), needed for source `experiment` only.
 */
export function problemOfSource(
  s: Pick<MicroscopeSettings, 'source' | 'means'>,
  experimentEnv: EnvConfig | null,
): MicroscopeProblem | string {
  if (s.source === 'example')
    return { family: 'bandit', bandit: { kind: 'bernoulli', means: [...s.means] } };
  if (s.source !== 'experiment') return { family: 'gridworld', map: GRID_PRESETS[s.source] };
  const env = experimentEnv;
  if (env?.family === 'bandit') {
    const { kind, means, sd } = env.params;
    return means.length === 1
      ? { family: 'bandit', bandit: { kind, means: [...means[0]], sd } }
      : { family: 'bandit-suite', params: env.params };
  }
  if (env?.family === 'gridworld') return { family: 'gridworld', map: env.map };
  return `the microscope needs a tabular environment with an exact gradient (a Bernoulli or Gaussian bandit, or a gridworld); the experiment's environment is ${env ? env.family : 'missing'}`;
}

/** Number of logits a problem's tabular policy has (S * A). */
export function policySize(p: MicroscopeProblem): number {
  const { numStates, numActions } = problemShape(p);
  return numStates * numActions;
}

/** The source's default policy: the example's pi, else uniform. */
export function defaultLogits(p: MicroscopeProblem, source: MicroscopeSource): number[] {
  if (source === 'example' && p.family === 'bandit' && p.bandit.means.length === 3)
    return EXAMPLE_PI.map(Math.log);
  return new Array<number>(policySize(p)).fill(0);
}

/**
 * The microscope's config for these settings, or the problems in the way (each a sentence). The
 * config's own checks (validateMicroscopeConfig) come on top.
 */
export function microscopeConfigOf(
  s: MicroscopeSettings,
  experimentEnv: EnvConfig | null,
): { config: MicroscopeConfig; problem: MicroscopeProblem } | { problems: string[] } {
  const problem = problemOfSource(s, experimentEnv);
  if (typeof problem === 'string') return { problems: [problem] };
  const invalid = validateProblem(problem);
  if (invalid.length) return { problems: invalid };
  const logits = s.logits ?? defaultLogits(problem, s.source);
  return {
    problem,
    config: {
      problem,
      logits: [...logits],
      estimators: MICROSCOPE_ESTIMATOR_ORDER.filter((p) => s.estimators.includes(p)).map((p) => ({
        id: p,
        preset: p,
      })),
      batchSize: s.batchSize,
      groupSize: s.groupSize,
      batches: s.batches,
      seed: s.seed,
    },
  };
}

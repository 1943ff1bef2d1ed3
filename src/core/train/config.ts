import type { EnvConfig } from '../envs/registry';
import type { EstimatorOverrides } from '../estimators/spec';

export type { EnvConfig };

/**
 * What the trainer needs to build an experiment. The shareable experiment schema
 * (src/core/experiment) produces this; the trainer validates what it uses.
 */
export type PolicyConfig =
  | { readonly kind: 'tabular' }
  | { readonly kind: 'mlp'; readonly hidden: readonly number[] }
  /** 3x3 convolutions (channels per layer), then dense layers: for grid observations. */
  | { readonly kind: 'cnn'; readonly conv: readonly number[]; readonly hidden: readonly number[] };

export interface RunConfig {
  /** Stable identifier (used by charts and exports). */
  readonly id: string;
  /** Name shown in legends. */
  readonly label: string;
  /** Estimator preset name, e.g. 'reinforce'. */
  readonly preset: string;
  readonly overrides: EstimatorOverrides;
  /** Root seed: env, init, sampling and task streams are split from it. */
  readonly seed: number;
  /** Rollouts per task G (group estimators need G >= 2); the run's episodes must divide by it. */
  readonly groupSize?: number;
  /**
   * This run's episodes per update (= its env copies), overriding TrainConfig.episodesPerUpdate:
   * runs that differ only in how many parallel environments feed each update.
   */
  readonly episodesPerUpdate?: number;
}

export interface TrainConfig {
  readonly env: EnvConfig;
  readonly policy: PolicyConfig;
  /** Episodes collected per run per update (= env copies per run), unless a run sets its own. */
  readonly episodesPerUpdate: number;
  readonly runs: readonly RunConfig[];
  /**
   * Longest episode the trainer collects (the buffers' length T); episodes still running then
   * are cut and count as truncated. Default: the env's time limit, else DEFAULT_MAX_STEPS.
   */
  readonly maxEpisodeSteps?: number;
}

/** Episodes run r collects per update: its own setting, else the experiment's. */
export function runEpisodes(config: TrainConfig, run: RunConfig): number {
  return run.episodesPerUpdate ?? config.episodesPerUpdate;
}

/** Cap on the episode length when an environment has no time limit (2048 without a step limit). */
export const DEFAULT_MAX_STEPS = 500;

/** Runs one training may hold: a class compares 4-8 estimators x 3-5 seeds at once (issue 7). */
export const MAX_TRAINING_RUNS = 40;

/** Metric columns reported per run per update (metrics.md), named as the field names them. */
export const METRIC_NAMES = [
  'update',
  'envSteps',
  'meanReturn',
  'successRate',
  'episodeLength',
  'entropy',
  'gradNorm',
  'loss',
  'approxKl',
  'clipFracLow',
  'clipFracHigh',
  'zeroAdvantageFraction',
  'zeroVarianceGroupFraction',
  'distinctAdvantagesPerGroup',
  'gradVariance',
  'gradSnr',
  'gradCosine',
  'gradSqError',
  'advantageRms',
  'goodArmCoverage',
] as const;

/** Advantage histograms: this many fixed bins, plus underflow and overflow counts. */
export const HISTOGRAM_BINS = 41;
export const HISTOGRAM_WIDTH = HISTOGRAM_BINS + 2;
export type MetricName = (typeof METRIC_NAMES)[number];
export const NUM_METRICS = METRIC_NAMES.length;
export const METRIC = Object.fromEntries(METRIC_NAMES.map((n, i) => [n, i])) as Record<
  MetricName,
  number
>;

import type { BanditParams } from '../envs/bandit';
import type { EstimatorOverrides } from '../estimators/spec';

/**
 * What the trainer needs to build an experiment. The shareable experiment schema
 * (src/core/experiment) produces this; the trainer validates what it uses.
 */
export type EnvConfig = { readonly family: 'bandit'; readonly params: BanditParams };

export type PolicyConfig =
  { readonly kind: 'tabular' } | { readonly kind: 'mlp'; readonly hidden: readonly number[] };

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
}

export interface TrainConfig {
  readonly env: EnvConfig;
  readonly policy: PolicyConfig;
  /** Episodes collected per run per update (= env copies per run). */
  readonly episodesPerUpdate: number;
  readonly runs: readonly RunConfig[];
}

/** Metric columns reported per run per update (metrics.md). */
export const METRIC_NAMES = [
  'update',
  'envSteps',
  'meanReturn',
  'successRate',
  'episodeLength',
  'entropy',
  'gradNorm',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export const NUM_METRICS = METRIC_NAMES.length;
export const METRIC = Object.fromEntries(METRIC_NAMES.map((n, i) => [n, i])) as Record<
  MetricName,
  number
>;

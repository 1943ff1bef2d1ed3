/**
 * The training workloads of the throughput issue, as TrainConfigs (REINFORCE preset):
 *
 * (a) 10-armed Bernoulli bandit, 16 runs, tabular;
 * (b) FrozenLake 8x8 (slippery), 16 runs, tabular;
 * (c) 2048, 8 runs x 256 envs, MLP;
 * (d) Sokoban 7x7 with two boxes (generated levels), 8 runs x 256 envs, MLP.
 *
 * 2048 episodes can last thousands of moves, so (c) and (d) cap the episode at
 * `maxEpisodeSteps` (episodes still running then are cut and count as truncated): one update
 * of (c) is at most 200 x 8 x 256 env steps. That is still 20-120 s per update on one core
 * (tfjs cpu or wasm backend in Node), so `npm run bench` passes a shorter cap
 * (`neuralEpisodeCap`, BENCH_NEURAL_CAP, default 16): env steps per second hardly depend on it
 * (with a near-uniform policy almost every copy runs to the cap), updates per second do.
 */
import { GRID_PRESETS } from '../src/core/envs/gridworld';
import { levelToText } from '../src/core/envs/sokoban';
import { generateSokobanLevels } from '../src/core/envs/sokobanGenerator';
import type { EnvConfig, PolicyConfig, TrainConfig } from '../src/core/train/config';

export type WorkloadId = 'bandit10' | 'frozenlake8x8' | '2048' | 'sokoban7x7';

export interface Workload {
  readonly id: WorkloadId;
  /** What the JSON line calls it. */
  readonly description: string;
  readonly tabular: boolean;
  /** Runs trained together (the figure). */
  readonly runs: number;
  readonly env: EnvConfig;
  readonly policy: PolicyConfig;
  /** Episodes (= env copies) per run per update. */
  readonly episodesPerUpdate: number;
  readonly maxEpisodeSteps?: number;
  readonly learningRate: number;
}

export const BANDIT_MEANS = [0.2, 0.5, 0.35, 0.8, 0.1, 0.45, 0.6, 0.3, 0.55, 0.4];
/** Index of the best arm of BANDIT_MEANS. */
export const BANDIT_BEST_ARM = 3;

/** Levels of (d): few enough to generate in milliseconds, enough to be a task distribution. */
export const SOKOBAN_LEVEL_COUNT = 32;
export const SOKOBAN_MAX_STEPS = 120;

export function sokobanLevelTexts(count = SOKOBAN_LEVEL_COUNT, seed = 1): string[] {
  return generateSokobanLevels({ width: 7, height: 7, boxes: 2 }, count, seed).map(levelToText);
}

export interface WorkloadOptions {
  /** Cut (c) and (d) episodes at this many steps (default: 200 for 2048, 120 for Sokoban). */
  readonly neuralEpisodeCap?: number;
}

export function workloads(opts: WorkloadOptions = {}): Workload[] {
  const cap2048 = opts.neuralEpisodeCap ?? 200;
  const capSokoban = Math.min(opts.neuralEpisodeCap ?? SOKOBAN_MAX_STEPS, SOKOBAN_MAX_STEPS);
  return [
    {
      id: 'bandit10',
      description: '(a) bandit10 x 16 runs x 64 episodes, tabular',
      tabular: true,
      runs: 16,
      env: { family: 'bandit', params: { kind: 'bernoulli', means: [BANDIT_MEANS.slice()] } },
      policy: { kind: 'tabular' },
      episodesPerUpdate: 64,
      learningRate: 0.1,
    },
    {
      id: 'frozenlake8x8',
      description: '(b) FrozenLake 8x8 x 16 runs x 64 episodes, tabular',
      tabular: true,
      runs: 16,
      env: { family: 'gridworld', map: GRID_PRESETS.frozenlake8x8 },
      policy: { kind: 'tabular' },
      episodesPerUpdate: 64,
      learningRate: 0.1,
    },
    {
      id: '2048',
      description: `(c) 2048 x 8 runs x 256 envs, MLP [64], episodes capped at ${cap2048} steps`,
      tabular: false,
      runs: 8,
      env: { family: '2048', params: {} },
      policy: { kind: 'mlp', hidden: [64] },
      episodesPerUpdate: 256,
      maxEpisodeSteps: cap2048,
      learningRate: 1e-4,
    },
    {
      id: 'sokoban7x7',
      description: `(d) Sokoban 7x7 2 boxes (${SOKOBAN_LEVEL_COUNT} generated levels) x 8 runs x 256 envs, MLP [64], env limit ${SOKOBAN_MAX_STEPS} steps, episodes capped at ${capSokoban}`,
      tabular: false,
      runs: 8,
      env: { family: 'sokoban', levels: sokobanLevelTexts(), maxSteps: SOKOBAN_MAX_STEPS },
      policy: { kind: 'mlp', hidden: [64] },
      episodesPerUpdate: 256,
      maxEpisodeSteps: capSokoban,
      learningRate: 0.01,
    },
  ];
}

export interface ConfigOptions {
  /** Runs (default: the workload's own count). */
  readonly runs?: number;
  /** Smaller batches and episodes for tests. */
  readonly episodesPerUpdate?: number;
  readonly maxEpisodeSteps?: number;
}

/** The workload as a TrainConfig. */
export function workloadConfig(w: Workload, opts: ConfigOptions = {}): TrainConfig {
  const runs = opts.runs ?? w.runs;
  return {
    env: w.env,
    policy: w.policy,
    episodesPerUpdate: opts.episodesPerUpdate ?? w.episodesPerUpdate,
    maxEpisodeSteps: opts.maxEpisodeSteps ?? w.maxEpisodeSteps,
    runs: Array.from({ length: runs }, (_, r) => ({
      id: `r${r}`,
      label: `run ${r}`,
      preset: 'reinforce',
      overrides: { learningRate: w.learningRate },
      seed: r + 1,
    })),
  };
}

/** The fixed training workload of issue 2: a 10-armed Bernoulli bandit, MLP policies. */
export interface TrainingWorkload {
  readonly runs: number;
  readonly envsPerRun: number;
  readonly hidden: number;
  readonly arms: readonly number[];
}

export const BANDIT_WORKLOAD: TrainingWorkload = {
  runs: 16,
  envsPerRun: 256,
  hidden: 32,
  arms: BANDIT_MEANS,
};

/** The fixed workload as a TrainConfig (REINFORCE and REINFORCE + baseline alternating, Adam). */
export function trainingWorkloadConfig(w: TrainingWorkload): TrainConfig {
  return {
    env: { family: 'bandit', params: { kind: 'bernoulli', means: [w.arms.slice()] } },
    policy: { kind: 'mlp', hidden: [w.hidden] },
    episodesPerUpdate: w.envsPerRun,
    runs: Array.from({ length: w.runs }, (_, r) => ({
      id: `r${r}`,
      label: `run ${r}`,
      preset: r % 2 ? 'reinforce-baseline' : 'reinforce',
      overrides: { learningRate: 0.05, optimizer: 'adam' as const },
      seed: r + 1,
    })),
  };
}

export function trainingWorkloadDescription(w: TrainingWorkload): string {
  return `bandit10 x ${w.runs} runs x ${w.envsPerRun} envs, MLP [${w.hidden}]`;
}

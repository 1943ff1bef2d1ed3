import { create } from 'zustand';
import type { EstimatorOverrides } from '../core/estimators/spec';
import type { TrainConfig } from '../core/train/config';

/** One run as the UI edits it. */
export interface RunDraft {
  readonly id: string;
  readonly label: string;
  readonly preset: string;
  readonly learningRate: number;
  readonly optimizer: 'sgd' | 'adam';
  readonly seed: number;
}

/** The experiment as the UI edits it (the shareable schema will replace this shape). */
export interface ExperimentDraft {
  readonly armProbabilities: readonly number[];
  readonly policy: 'tabular' | 'mlp';
  readonly hiddenUnits: number;
  readonly episodesPerUpdate: number;
  readonly maxUpdates: number;
  /** Updates per second, or null for as fast as possible. */
  readonly updatesPerSecond: number | null;
  readonly runs: readonly RunDraft[];
}

/** Default: the classic 10-armed testbed, with success rates spread so the best arm is clear. */
export const DEFAULT_EXPERIMENT: ExperimentDraft = {
  armProbabilities: [0.2, 0.5, 0.35, 0.8, 0.1, 0.45, 0.6, 0.3, 0.55, 0.4],
  policy: 'tabular',
  hiddenUnits: 32,
  episodesPerUpdate: 32,
  maxUpdates: 500,
  updatesPerSecond: 20,
  runs: [
    {
      id: 'run-1',
      label: 'REINFORCE',
      preset: 'reinforce',
      learningRate: 0.5,
      optimizer: 'sgd',
      seed: 1,
    },
    {
      id: 'run-2',
      label: 'REINFORCE + baseline',
      preset: 'reinforce-baseline',
      learningRate: 0.5,
      optimizer: 'sgd',
      seed: 1,
    },
  ],
};

export function toTrainConfig(d: ExperimentDraft): TrainConfig {
  return {
    env: { family: 'bandit', params: { kind: 'bernoulli', means: [d.armProbabilities.slice()] } },
    policy: d.policy === 'tabular' ? { kind: 'tabular' } : { kind: 'mlp', hidden: [d.hiddenUnits] },
    episodesPerUpdate: d.episodesPerUpdate,
    runs: d.runs.map((r) => {
      const overrides: EstimatorOverrides = {
        learningRate: r.learningRate,
        optimizer: r.optimizer,
      };
      return { id: r.id, label: r.label, preset: r.preset, overrides, seed: r.seed };
    }),
  };
}

interface ExperimentStore {
  readonly draft: ExperimentDraft;
  update(patch: Partial<ExperimentDraft>): void;
  updateRun(id: string, patch: Partial<RunDraft>): void;
  addRun(): void;
  removeRun(id: string): void;
}

let nextRunNumber = 3;

export const useExperiment = create<ExperimentStore>((set) => ({
  draft: DEFAULT_EXPERIMENT,
  update: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
  updateRun: (id, patch) =>
    set((s) => ({
      draft: { ...s.draft, runs: s.draft.runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) },
    })),
  addRun: () =>
    set((s) => {
      const last = s.draft.runs[s.draft.runs.length - 1] ?? DEFAULT_EXPERIMENT.runs[0];
      const id = `run-${nextRunNumber++}`;
      return {
        draft: {
          ...s.draft,
          runs: [
            ...s.draft.runs,
            { ...last, id, seed: last.seed + 1, label: `${last.label} (seed ${last.seed + 1})` },
          ],
        },
      };
    }),
  removeRun: (id) =>
    set((s) =>
      s.draft.runs.length <= 1
        ? s
        : { draft: { ...s.draft, runs: s.draft.runs.filter((r) => r.id !== id) } },
    ),
}));

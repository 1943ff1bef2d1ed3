import { create } from 'zustand';
import type { PresetName } from '../core/estimators/presets';
import {
  defaultEnv,
  defaultExperiment,
  defaultPolicy,
  freshRun,
  MAX_RUNS,
  type EnvFamily,
  type EnvSettings,
  type Experiment,
  type PolicySettings,
  type RunSettings,
} from '../core/experiment/schema';
import { seedLabel, withSeedsPerConfiguration } from '../core/experiment/seeds';
import { needsGroups } from '../core/experiment/trainConfig';

/**
 * Optimiser settings each family starts its runs with, measured to learn visibly within the
 * default budget: bandits with SGD 0.5 (the presets' optimiser); gridworlds with Adam 0.05
 * (token-mean aggregation makes SGD steps tiny on long episodes; FrozenLake 4x4 reaches ~0.70
 * success of the optimal 0.74 in 500 updates); the games with Adam and reward-to-go returns.
 */
export const FAMILY_RUN_OVERRIDES: Record<EnvFamily, RunSettings['overrides']> = {
  bandit: { learningRate: 0.5 },
  gridworld: { learningRate: 0.05, optimizer: 'adam' },
  '2048': { learningRate: 0.003, optimizer: 'adam', returnTarget: 'reward-to-go', gamma: 0.99 },
  sokoban: { learningRate: 0.003, optimizer: 'adam', returnTarget: 'reward-to-go', gamma: 0.99 },
};
const TUNED_FIELDS = ['learningRate', 'optimizer', 'returnTarget', 'gamma'] as const;

/** Group size the UI switches to when a group estimator joins an experiment with G = 1. */
export const DEFAULT_GROUP_SIZE = 8;

interface ExperimentStore {
  readonly experiment: Experiment;
  /** Controls hidden by a teacher's link (`<control>_hide=true`). */
  readonly hidden: ReadonlySet<string>;
  set(patch: Partial<Experiment>): void;
  replace(experiment: Experiment, hidden?: ReadonlySet<string>): void;
  setFamily(family: EnvFamily): void;
  setEnv(env: EnvSettings): void;
  setPolicy(policy: PolicySettings): void;
  updateRun(id: string, patch: Partial<RunSettings>): void;
  setPreset(id: string, preset: PresetName): void;
  addRun(): void;
  /** Every configuration gets exactly `seeds` runs; returns why not, changing nothing, or null. */
  setSeedsPerConfiguration(seeds: number): string | null;
  removeRun(id: string): void;
  /** G = DEFAULT_GROUP_SIZE when a group estimator has G = 1, as choosing it in the page does. */
  enableGroups(): void;
}

/** Whether some run needs groups (GRPO, RLOO, ...) while G = 1: what withGroups mends. */
export function lacksGroups(x: Experiment): boolean {
  return x.groupSize <= 1 && x.runs.some((r) => needsGroups(r.preset, r.overrides));
}

/** G >= 2 when some run needs groups (GRPO, RLOO, ...), and E (and a group run's own) a multiple of G. */
function withGroups(x: Experiment): Experiment {
  if (!lacksGroups(x)) return x;
  const groupSize = DEFAULT_GROUP_SIZE;
  const roundUp = (E: number) =>
    Math.min(4096, Math.max(groupSize, Math.ceil(E / groupSize) * groupSize));
  const runs = x.runs.map((r) =>
    r.episodesPerUpdate !== undefined && needsGroups(r.preset, r.overrides)
      ? { ...r, episodesPerUpdate: roundUp(r.episodesPerUpdate) }
      : r,
  );
  return { ...x, groupSize, episodesPerUpdate: roundUp(x.episodesPerUpdate), runs };
}

export const useExperiment = create<ExperimentStore>((set, get) => ({
  experiment: defaultExperiment(),
  hidden: new Set(),
  set: (patch) => set((s) => ({ experiment: { ...s.experiment, ...patch } })),
  replace: (experiment, hidden) => set((s) => ({ experiment, hidden: hidden ?? s.hidden })),
  setFamily: (family) =>
    set((s) => {
      if (s.experiment.env.family === family) return s;
      const policy =
        defaultPolicy(family).kind === 'mlp' || s.experiment.policy.kind === 'mlp'
          ? defaultPolicy(family)
          : s.experiment.policy;
      const runs = s.experiment.runs.map((r) => {
        const overrides = { ...r.overrides };
        for (const f of TUNED_FIELDS) delete overrides[f];
        return { ...r, overrides: { ...overrides, ...FAMILY_RUN_OVERRIDES[family] } };
      });
      const env = defaultEnv(family);
      // The first teaching level is solved by chance; the second needs learning.
      if (env.family === 'sokoban' && env.levels.source === 'teaching')
        env.levels = { source: 'teaching', names: ['Around the corner'] };
      return { experiment: { ...s.experiment, env, policy, runs } };
    }),
  setEnv: (env) => set((s) => ({ experiment: { ...s.experiment, env } })),
  setPolicy: (policy) => set((s) => ({ experiment: { ...s.experiment, policy } })),
  updateRun: (id, patch) =>
    set((s) => ({
      experiment: withGroups({
        ...s.experiment,
        runs: s.experiment.runs.map((r) => (r.id === id ? withoutUnset({ ...r, ...patch }) : r)),
      }),
    })),
  setPreset: (id, preset) =>
    set((s) => {
      const runs = s.experiment.runs.map((r) =>
        r.id === id
          ? { ...r, preset, label: freshRun(1, preset).label, overrides: keepCommon(r.overrides) }
          : r,
      );
      return { experiment: withGroups({ ...s.experiment, runs }) };
    }),
  addRun: () =>
    set((s) => {
      const runs = s.experiment.runs;
      if (runs.length >= MAX_RUNS) return s;
      const last = runs[runs.length - 1];
      let k = runs.length + 1;
      while (runs.some((r) => r.id === `run-${k}`)) k++;
      const run: RunSettings = {
        ...last,
        id: `run-${k}`,
        seed: last.seed + 1,
        label: seedLabel(last.label, last.seed + 1),
        color: undefined,
      };
      if (run.color === undefined) delete (run as { color?: string }).color;
      return { experiment: { ...s.experiment, runs: [...runs, run] } };
    }),
  setSeedsPerConfiguration: (seeds) => {
    const result = withSeedsPerConfiguration(get().experiment, seeds);
    if (!result.ok) return result.error;
    set({ experiment: result.experiment });
    return null;
  },
  enableGroups: () => set((s) => ({ experiment: withGroups(s.experiment) })),
  removeRun: (id) =>
    set((s) =>
      s.experiment.runs.length <= 1
        ? s
        : { experiment: { ...s.experiment, runs: s.experiment.runs.filter((r) => r.id !== id) } },
    ),
}));

/** A run without the optional settings a patch cleared (`{ color: undefined }`): plain JSON data. */
function withoutUnset(run: RunSettings): RunSettings {
  const out = { ...run } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as RunSettings;
}

/** Overrides that make sense across presets: keep the learning rate when the preset changes. */
function keepCommon(overrides: RunSettings['overrides']): RunSettings['overrides'] {
  return overrides.learningRate !== undefined ? { learningRate: overrides.learningRate } : {};
}

import { defaultExperiment, freshRun, type ChartId, type Experiment } from '../experiment/schema';
import type { PresetName } from '../estimators/presets';

/**
 * Lessons: a preset experiment, a short text (what to watch, why it happens, the formula, the
 * paper), questions for the class, and the charts that show the point. Each lesson is an
 * ordinary experiment, so it is also a shareable link. Every lesson lives in its own file beside
 * its test, which checks that the lesson's phenomenon appears for its fixed seed.
 */
export interface Lesson {
  readonly id: string;
  readonly title: string;
  /** What to watch, in one or two sentences. */
  readonly watch: string;
  /** Why it happens. */
  readonly why: string;
  /** The formula behind it (KaTeX). */
  readonly formula: string;
  readonly source: string;
  readonly questions: readonly string[];
  readonly experiment: () => Experiment;
}

export function runs(
  specs: readonly {
    preset: PresetName;
    label?: string;
    overrides?: Record<string, unknown>;
    seed?: number;
    /** The run's own episodes per update (parallel environments); absent = the experiment's. */
    episodesPerUpdate?: number;
  }[],
) {
  return specs.map((s, k) => ({
    ...freshRun(k + 1, s.preset),
    ...(s.label ? { label: s.label } : {}),
    overrides: s.overrides ?? {},
    seed: s.seed ?? 1,
    ...(s.episodesPerUpdate === undefined ? {} : { episodesPerUpdate: s.episodesPerUpdate }),
  }));
}

export function experiment(patch: Partial<Experiment>, charts: ChartId[]): Experiment {
  const x = defaultExperiment();
  return { ...x, ...patch, charts: { ...x.charts, visible: charts } };
}

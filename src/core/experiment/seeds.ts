import { MAX_RUNS, type Experiment, type RunSettings } from './schema';

/**
 * Seeds of one configuration. A class compares 4-8 estimators x 3-5 seeds at once (issue 7):
 * runs that differ only in seed, name, colour and visibility are one configuration, drawn as one
 * mean line with a band across its seeds, in one colour, and "seeds per configuration" turns
 * every configuration into N runs in one step.
 */

/**
 * What makes runs the same configuration: estimator, settings and episodes per update (4 and 256
 * environments are not seeds of each other). `episodesPerUpdate` is the experiment's, used by
 * runs without their own.
 */
export function configurationKey(run: RunSettings, episodesPerUpdate: number): string {
  return JSON.stringify([run.preset, run.overrides, run.episodesPerUpdate ?? episodesPerUpdate]);
}

/** The runs of one configuration, as positions in the run list (ascending). */
export interface Configuration {
  readonly key: string;
  readonly runIndices: readonly number[];
}

/** The configurations of `runs`, in the order of their first run. */
export function configurations(
  runs: readonly RunSettings[],
  episodesPerUpdate: number,
): Configuration[] {
  const byKey = new Map<string, number[]>();
  runs.forEach((run, i) => {
    const key = configurationKey(run, episodesPerUpdate);
    const indices = byKey.get(key);
    if (indices) indices.push(i);
    else byKey.set(key, [i]);
  });
  return [...byKey].map(([key, runIndices]) => ({ key, runIndices }));
}

/**
 * The runs the charts draw as one: a configuration's seeds (as one mean line with a band, one
 * arms column, one pooled histogram) while the seed band is on, each run alone, keyed by its id,
 * when it is off ('none').
 */
export function drawnGroups(
  runs: readonly RunSettings[],
  episodesPerUpdate: number,
  band: Experiment['charts']['band'],
): Configuration[] {
  return band === 'none'
    ? runs.map((run, i) => ({ key: run.id, runIndices: [i] }))
    : configurations(runs, episodesPerUpdate);
}

/** For each run, the position of its configuration among `configurations(runs, E)`. */
export function configurationIndices(
  runs: readonly RunSettings[],
  episodesPerUpdate: number,
): number[] {
  const out = new Array<number>(runs.length);
  configurations(runs, episodesPerUpdate).forEach((c, k) => {
    for (const i of c.runIndices) out[i] = k;
  });
  return out;
}

/** The seeds every configuration has, or null when configurations differ in their count. */
export function seedsPerConfiguration(
  runs: readonly RunSettings[],
  episodesPerUpdate: number,
): number | null {
  const counts = new Set(configurations(runs, episodesPerUpdate).map((c) => c.runIndices.length));
  return counts.size === 1 ? [...counts][0] : null;
}

/** "REINFORCE (seed 3)" from "REINFORCE" or "REINFORCE (seed 2)": one seed suffix, never two. */
export function seedLabel(label: string, seed: number): string {
  const base = label.replace(/ \(seed \d+\)$/, '');
  return `${base} (seed ${seed})`.slice(0, 80);
}

/**
 * The experiment with exactly `seeds` runs per configuration. A configuration with fewer gets
 * copies of its first run with the next seeds it does not use yet, placed after its last run
 * (seeds stay together in the table and the legend); one with more loses its last runs. Fails,
 * changing nothing, when the result would exceed MAX_RUNS.
 */
export function withSeedsPerConfiguration(
  x: Experiment,
  seeds: number,
): { ok: true; experiment: Experiment } | { ok: false; error: string } {
  if (!Number.isInteger(seeds) || seeds < 1)
    return {
      ok: false,
      error: `Seeds per configuration must be a whole number >= 1, got ${seeds}.`,
    };
  const groups = configurations(x.runs, x.episodesPerUpdate);
  const total = groups.length * seeds;
  if (total > MAX_RUNS)
    return {
      ok: false,
      error: `${groups.length} configurations x ${seeds} seeds = ${total} runs; at most ${MAX_RUNS} runs train at once.`,
    };
  const usedIds = new Set(x.runs.map((r) => r.id));
  const freshId = () => {
    let k = x.runs.length + 1;
    while (usedIds.has(`run-${k}`)) k++;
    usedIds.add(`run-${k}`);
    return `run-${k}`;
  };
  // Each run keeps its place; a configuration's new seeds follow its last run.
  const after = new Map<number, RunSettings[]>();
  const dropped = new Set<number>();
  for (const { runIndices } of groups) {
    runIndices.slice(seeds).forEach((i) => dropped.add(i));
    const first = x.runs[runIndices[0]];
    const taken = new Set(runIndices.map((i) => x.runs[i].seed));
    const added: RunSettings[] = [];
    let seed = Math.max(...taken);
    for (let n = runIndices.length; n < seeds; n++) {
      do seed = (seed + 1) % 0x100000000;
      while (taken.has(seed));
      taken.add(seed);
      added.push({ ...first, id: freshId(), seed, label: seedLabel(first.label, seed) });
    }
    after.set(runIndices[runIndices.length - 1], added);
  }
  const runs = x.runs.flatMap((run, i) => [
    ...(dropped.has(i) ? [] : [run]),
    ...(after.get(i) ?? []),
  ]);
  return { ok: true, experiment: { ...x, runs } };
}

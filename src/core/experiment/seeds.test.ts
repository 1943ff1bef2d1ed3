import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLASS_PRESETS, PRESET_NAMES } from '../estimators/presets';
import {
  defaultExperiment,
  ExperimentSchema,
  freshRun,
  MAX_RUNS,
  type RunSettings,
} from './schema';
import { decodeExperiment, encodeExperiment, MAX_HASH_LENGTH } from './urlCodec';
import {
  configurationIndices,
  configurations,
  drawnGroups,
  seedLabel,
  seedsPerConfiguration,
  withSeedsPerConfiguration,
} from './seeds';

const run = (k: number, preset: RunSettings['preset'], patch: Partial<RunSettings> = {}) => ({
  ...freshRun(k, preset),
  ...patch,
});

describe('configurations: runs that differ only in seed, name, colour and visibility', () => {
  it('groups seeds of one estimator and keeps the order of first appearance', () => {
    const runs = [
      run(1, 'reinforce'),
      run(2, 'rloo'),
      run(3, 'reinforce', { seed: 2, label: 'other name', color: '#000000', hidden: true }),
      run(4, 'reinforce', { overrides: { learningRate: 0.1 } }),
      run(5, 'rloo', { episodesPerUpdate: 64 }),
      run(6, 'rloo', { episodesPerUpdate: 32 }),
    ];
    // Run 6's own 32 episodes equal the experiment's 32: the same configuration as run 2.
    expect(configurations(runs, 32).map((c) => c.runIndices)).toEqual([[0, 2], [1, 5], [3], [4]]);
    expect(configurationIndices(runs, 32)).toEqual([0, 1, 0, 2, 3, 1]);
    expect(seedsPerConfiguration(runs, 32)).toBeNull();
    expect(seedsPerConfiguration(runs.slice(0, 3).concat(runs[5]), 32)).toBe(2);
  });
});

describe('drawnGroups: what the charts draw as one', () => {
  it('is the configurations while seeds are banded, each run alone (keyed by its id) when not', () => {
    const runs = [run(1, 'reinforce'), run(2, 'rloo'), run(3, 'reinforce', { seed: 2 })];
    expect(drawnGroups(runs, 32, 'minmax')).toEqual(configurations(runs, 32));
    expect(drawnGroups(runs, 32, 'iqr').map((g) => g.runIndices)).toEqual([[0, 2], [1]]);
    expect(drawnGroups(runs, 32, 'none')).toEqual([
      { key: 'run-1', runIndices: [0] },
      { key: 'run-2', runIndices: [1] },
      { key: 'run-3', runIndices: [2] },
    ]);
  });
});

describe('seedLabel', () => {
  it('appends one seed suffix, replacing an earlier one', () => {
    expect(seedLabel('PPO', 2)).toBe('PPO (seed 2)');
    expect(seedLabel('PPO (seed 2)', 3)).toBe('PPO (seed 3)');
    expect(seedLabel('PPO (seed 2) x', 3)).toBe('PPO (seed 2) x (seed 3)');
  });
});

describe('withSeedsPerConfiguration', () => {
  it('turns 2 estimators into 2 x 3 runs, new seeds after each configuration', () => {
    const x = defaultExperiment(); // REINFORCE and REINFORCE + baseline, seed 1 each
    const r = withSeedsPerConfiguration(x, 3);
    if (!r.ok) throw new Error(r.error);
    expect(r.experiment.runs.map((u) => [u.id, u.label, u.seed])).toEqual([
      ['run-1', 'REINFORCE', 1],
      ['run-3', 'REINFORCE (seed 2)', 2],
      ['run-4', 'REINFORCE (seed 3)', 3],
      ['run-2', 'REINFORCE + baseline', 1],
      ['run-5', 'REINFORCE + baseline (seed 2)', 2],
      ['run-6', 'REINFORCE + baseline (seed 3)', 3],
    ]);
    expect(ExperimentSchema.parse(r.experiment)).toEqual(r.experiment);
    expect(seedsPerConfiguration(r.experiment.runs, x.episodesPerUpdate)).toBe(3);
  });

  it('skips seeds a configuration already uses and drops its last runs when it has too many', () => {
    const x = {
      ...defaultExperiment(),
      runs: [run(1, 'ppo', { seed: 7 }), run(2, 'ppo', { seed: 8 }), run(3, 'ppo', { seed: 5 })],
    };
    const more = withSeedsPerConfiguration(x, 5);
    if (!more.ok) throw new Error(more.error);
    expect(more.experiment.runs.map((u) => u.seed)).toEqual([7, 8, 5, 9, 10]);
    const fewer = withSeedsPerConfiguration(x, 1);
    if (!fewer.ok) throw new Error(fewer.error);
    expect(fewer.experiment.runs.map((u) => u.id)).toEqual(['run-1']);
  });

  it('copies the first run of its configuration, colour and visibility included', () => {
    const x = {
      ...defaultExperiment(),
      runs: [run(1, 'grpo', { color: '#123456', hidden: true, episodesPerUpdate: 64 })],
    };
    const r = withSeedsPerConfiguration(x, 2);
    if (!r.ok) throw new Error(r.error);
    expect(r.experiment.runs[1]).toEqual({
      ...x.runs[0],
      id: 'run-2',
      seed: 2,
      label: 'GRPO (seed 2)',
    });
  });

  it('makes a class experiment (8 estimators x 5 seeds) that a link holds and restores', () => {
    const x = {
      ...defaultExperiment(),
      groupSize: 8,
      runs: CLASS_PRESETS.map((p, i) => run(i + 1, p, { overrides: { learningRate: 0.25 } })),
    };
    const r = withSeedsPerConfiguration(x, 5);
    if (!r.ok) throw new Error(r.error);
    expect(r.experiment.runs).toHaveLength(40);
    const hash = encodeExperiment(r.experiment);
    expect(hash.length).toBeLessThanOrEqual(MAX_HASH_LENGTH);
    expect(decodeExperiment(hash)).toMatchObject({ experiment: r.experiment, notices: [] });
  });

  it('refuses more than MAX_RUNS runs, and counts that are not whole numbers >= 1', () => {
    const x = {
      ...defaultExperiment(),
      runs: PRESET_NAMES.slice(0, 9).map((p, i) => run(i + 1, p)),
    };
    const seeds = Math.floor(MAX_RUNS / 9) + 1;
    expect(withSeedsPerConfiguration(x, seeds)).toEqual({
      ok: false,
      error: `9 configurations x ${seeds} seeds = ${9 * seeds} runs; at most ${MAX_RUNS} runs train at once.`,
    });
    expect(withSeedsPerConfiguration(x, 0)).toMatchObject({ ok: false });
    expect(withSeedsPerConfiguration(x, 1.5)).toMatchObject({ ok: false });
  });

  it('property: every configuration ends with exactly N runs, distinct seeds and ids, others kept', () => {
    const presets = fc.constantFrom('reinforce', 'rloo', 'ppo') as fc.Arbitrary<
      RunSettings['preset']
    >;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(presets, fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 6 }),
        (specs, seeds) => {
          const x = {
            ...defaultExperiment(),
            runs: specs.map(([p, s], i) => run(i + 1, p, { seed: s })),
          };
          const before = configurations(x.runs, x.episodesPerUpdate);
          const r = withSeedsPerConfiguration(x, seeds);
          if (!r.ok) return before.length * seeds > MAX_RUNS;
          const after = configurations(r.experiment.runs, x.episodesPerUpdate);
          expect(after.map((c) => c.key)).toEqual(before.map((c) => c.key));
          for (const c of after) {
            expect(c.runIndices).toHaveLength(seeds);
            // Seeds of one configuration sit next to each other only if they did before; the
            // new ones follow the configuration's last run, so a configuration's runs keep
            // their relative order.
            const ids = c.runIndices.map((i) => r.experiment.runs[i].id);
            const kept = ids.filter((id) => x.runs.some((u) => u.id === id));
            const was = before.find((b) => b.key === c.key)!.runIndices.map((i) => x.runs[i].id);
            expect(kept).toEqual(was.slice(0, seeds));
            // A new run's seed is used by no other run of its configuration.
            const seedsOf = c.runIndices.map((i) => r.experiment.runs[i].seed);
            c.runIndices.forEach((i, j) => {
              if (!kept.includes(r.experiment.runs[i].id))
                expect(seedsOf.filter((s) => s === seedsOf[j])).toHaveLength(1);
            });
          }
          const ids = r.experiment.runs.map((u) => u.id);
          expect(new Set(ids).size).toBe(ids.length);
          return true;
        },
      ),
    );
  });
});

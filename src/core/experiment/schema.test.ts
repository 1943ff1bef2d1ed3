import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../estimators/presets';
import {
  checkExperiment,
  DEFAULT_ARM_PROBABILITIES,
  defaultExperiment,
  ENV_FAMILIES,
  defaultEnv,
  defaultPolicy,
  ExperimentSchema,
  parseExperiment,
} from './schema';
import { toTrainConfig } from './trainConfig';

describe('experiment schema', () => {
  it('has a valid default matching the app: 10-armed bandit, REINFORCE vs baseline', () => {
    const x = defaultExperiment();
    expect(ExperimentSchema.parse(x)).toEqual(x);
    expect(x.env).toMatchObject({ family: 'bandit', kind: 'bernoulli' });
    expect(x.runs.map((r) => [r.preset, r.overrides, r.seed])).toEqual([
      ['reinforce', { learningRate: 0.5 }, 1],
      ['reinforce-baseline', { learningRate: 0.5 }, 1],
    ]);
    expect(checkExperiment(x)).toEqual([]);
  });

  it('has valid defaults for every env family and preset', () => {
    for (const family of ENV_FAMILIES) {
      const x = { ...defaultExperiment(), env: defaultEnv(family), policy: defaultPolicy(family) };
      expect(parseExperiment(x)).toMatchObject({ ok: true });
    }
    for (const preset of PRESET_NAMES) {
      const x = defaultExperiment();
      x.runs[0] = { ...x.runs[0], preset, overrides: {} };
      expect(parseExperiment(x)).toMatchObject({ ok: true });
    }
  });

  it('names unknown and out-of-range estimator overrides', () => {
    const x = defaultExperiment() as unknown as { runs: { overrides: Record<string, unknown> }[] };
    x.runs[0].overrides = { learningRat: 0.1, clipLow: 1.5 };
    const r = parseExperiment(x);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toContainEqual(
        expect.stringMatching(/^runs\.0\.overrides\.learningRat: .*unknown estimator field/),
      );
      expect(r.problems).toContainEqual(
        'runs.0.overrides.clipLow: clipLow must be in (0, 1), got 1.5',
      );
    }
  });

  it('drops overrides equal to the preset (one canonical form)', () => {
    const x = defaultExperiment();
    x.runs[0].overrides = { learningRate: 0.5, optimizer: 'sgd', gamma: 1 };
    expect(ExperimentSchema.parse(x).runs[0].overrides).toEqual({ learningRate: 0.5 });
  });

  it('explains an invalid custom map with validateGridMap, not "Invalid input"', () => {
    const x = {
      ...defaultExperiment(),
      env: { family: 'gridworld', map: { rows: ['SFX'], slip: 0, timeLimit: 9, actions: 'LDRU' } },
    };
    const r = parseExperiment(x);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(/unknown character 'X'/);
  });

  it('reports combinations that cannot train, outside the schema', () => {
    const x = defaultExperiment();
    x.runs[0] = { ...x.runs[0], preset: 'grpo', overrides: {} };
    x.episodesPerUpdate = 30;
    x.groupSize = 4;
    const problems = checkExperiment(x);
    expect(problems).toContainEqual(expect.stringMatching(/multiple of groupSize/));
    expect(toTrainConfig(x)).toMatchObject({ problems: expect.any(Array) });
  });
});

describe('toTrainConfig', () => {
  it('maps the default bandit experiment', () => {
    const r = toTrainConfig(defaultExperiment());
    expect(r).toEqual({
      config: {
        env: {
          family: 'bandit',
          params: {
            kind: 'bernoulli',
            means: [DEFAULT_ARM_PROBABILITIES],
          },
        },
        policy: { kind: 'tabular' },
        episodesPerUpdate: 32,
        runs: [
          {
            id: 'run-1',
            label: 'REINFORCE',
            preset: 'reinforce',
            overrides: { learningRate: 0.5 },
            seed: 1,
            groupSize: 1,
          },
          {
            id: 'run-2',
            label: 'REINFORCE + baseline',
            preset: 'reinforce-baseline',
            overrides: { learningRate: 0.5 },
            seed: 1,
            groupSize: 1,
          },
        ],
      },
    });
  });

  it('draws a suite once from its seed, and resolves every env family to plain data', () => {
    const x = defaultExperiment();
    x.env = {
      family: 'bandit',
      kind: 'gaussian',
      arms: { source: 'suite', tasks: 5, arms: 3, spread: 1, gap: 0.2, seed: 7 },
      sd: 2,
      weights: [1, 1],
    };
    const r = toTrainConfig(x);
    expect('config' in r && r.config.env).toMatchObject({
      family: 'bandit',
      params: { kind: 'gaussian', sd: 2 },
    });
    if ('config' in r && r.config.env.family === 'bandit')
      expect(r.config.env.params.means).toHaveLength(5);
    const g = toTrainConfig({ ...defaultExperiment(), env: defaultEnv('gridworld') });
    expect('config' in g && g.config.env).toMatchObject({
      family: 'gridworld',
      map: { rows: ['SFFF', 'FHFH', 'FFFH', 'HFFG'] },
    });
    const s = toTrainConfig({
      ...defaultExperiment(),
      env: defaultEnv('sokoban'),
      policy: { kind: 'mlp', hidden: [8] },
    });
    expect('config' in s && s.config.env.family === 'sokoban' && s.config.env.levels[0]).toContain(
      '@',
    );
  });

  it('gives group estimators G rollouts per task and the others one', () => {
    const x = defaultExperiment();
    x.groupSize = 8;
    x.runs[1] = { ...x.runs[1], preset: 'grpo', overrides: {} };
    const r = toTrainConfig(x);
    expect('config' in r && r.config.runs.map((run) => run.groupSize)).toEqual([1, 8]);
    x.groupSize = 1;
    expect(toTrainConfig(x)).toMatchObject({ problems: [expect.stringMatching(/grpo|group/i)] });
  });

  it("passes a run's own episodes per update, which must fit the group size only where the run uses groups", () => {
    const x = defaultExperiment();
    x.groupSize = 8;
    x.episodesPerUpdate = 64;
    x.runs[0] = { ...x.runs[0], episodesPerUpdate: 4 }; // REINFORCE: one rollout per task
    x.runs[1] = {
      ...x.runs[1],
      label: 'GRPO',
      preset: 'grpo',
      overrides: {},
      episodesPerUpdate: 256,
    };
    const r = toTrainConfig(x);
    expect('config' in r && r.config.runs.map((run) => run.episodesPerUpdate)).toEqual([4, 256]);
    x.runs[1].episodesPerUpdate = 12;
    expect(checkExperiment(x)).toEqual([
      'run 2 (GRPO): episodesPerUpdate (12) must be a multiple of groupSize (8)',
    ]);
  });
});

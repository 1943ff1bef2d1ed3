import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { experimentArbitrary } from './arbitraries';
import { defaultExperiment, ExperimentSchema } from './schema';
import { decodeExperiment, encodeExperiment, HIDEABLE_CONTROLS, MAX_HASH_LENGTH } from './urlCodec';

describe('URL hash codec: round trip', () => {
  it('encodes the default experiment as the empty hash', () => {
    expect(encodeExperiment(defaultExperiment())).toBe('');
    const r = decodeExperiment('');
    expect(r.experiment).toEqual(defaultExperiment());
    expect(r.notices).toEqual([]);
  });

  it('reads the example from the issue', () => {
    const r = decodeExperiment(
      '#env=gridworld&grid=frozenlake8x8&run1=grpo&run1.lr=0.01&run1.seed=3',
    );
    expect(r.notices).toEqual([]);
    const x = r.experiment;
    expect(x.env).toEqual({ family: 'gridworld', map: 'frozenlake8x8' });
    expect(x.runs[0]).toMatchObject({ preset: 'grpo', seed: 3, overrides: { learningRate: 0.01 } });
    expect(encodeExperiment(x)).toBe(
      'v=1&env=gridworld&grid=frozenlake8x8&run1=grpo&run1.seed=3&run1.lr=0.01',
    );
  });

  it("reads a run's own episodes per update; a link without it keeps the experiment's", () => {
    const r = decodeExperiment(
      '#v=1&env=gridworld&runs=2&run1=ppo&run1.episodes=4&run2=ppo&run2.episodes=256',
    );
    expect(r.notices).toEqual([]);
    expect(r.experiment.runs.map((run) => run.episodesPerUpdate)).toEqual([4, 256]);
    expect(encodeExperiment(r.experiment)).toBe(
      'v=1&env=gridworld&run1=ppo&run1.episodes=4&run2=ppo&run2.episodes=256',
    );
    // Links written before runs had their own count: every run collects `episodes`.
    const old = decodeExperiment('#v=1&episodes=64&run1=ppo');
    expect(old.notices).toEqual([]);
    expect(old.experiment.episodesPerUpdate).toBe(64);
    expect(old.experiment.runs[0]).not.toHaveProperty('episodesPerUpdate');
    expect(decodeExperiment('#run1.episodes=0').notices).toEqual([
      'run1.episodes="0": must be a whole number from 1 to 4096, or empty for the experiment\'s episodes; leaving it empty',
    ]);
  });

  it('decode(encode(x)) = x for random valid experiments, without notices', () => {
    fc.assert(
      fc.property(experimentArbitrary, (x) => {
        const hash = encodeExperiment(x);
        fc.pre(hash.length <= MAX_HASH_LENGTH);
        const r = decodeExperiment(hash);
        expect(r.notices).toEqual([]);
        expect(r.experiment).toEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps list and table separators readable and escapes the rest', () => {
    const x = defaultExperiment();
    x.env = {
      ...x.env,
      family: 'bandit',
      arms: {
        source: 'means',
        means: [
          [0.1, 0.9],
          [0.5, 0.25],
        ],
      },
    } as typeof x.env;
    x.runs[0].label = 'a&b=c <d>';
    const hash = encodeExperiment(x);
    expect(hash).toContain('arms=0.1,0.9/0.5,0.25');
    expect(hash).toContain('run1.label=a%26b%3Dc%20%3Cd%3E');
    expect(decodeExperiment(hash).experiment).toEqual(x);
  });
});

describe('URL hash codec: teacher mode', () => {
  it('collects <control>_hide=true keys and reports bad ones', () => {
    const r = decodeExperiment('policy_hide=true&speed_hide=false&runs_hide=yes&nope_hide=true');
    expect([...r.hidden]).toEqual(['policy']);
    expect(r.notices).toHaveLength(2);
    expect(r.notices[0]).toContain('runs_hide');
    expect(r.notices[1]).toContain('nope');
    expect(r.experiment).toEqual(defaultExperiment());
  });

  it('writes _hide keys for hidden controls and reads them back', () => {
    const hash = encodeExperiment(defaultExperiment(), ['speed', 'env', 'runEditors']);
    expect(hash).toBe('v=1&env_hide=true&speed_hide=true&runEditors_hide=true');
    const r = decodeExperiment(hash);
    expect(r.notices).toEqual([]);
    expect(new Set(r.hidden)).toEqual(new Set(['env', 'speed', 'runEditors']));
    for (const id of HIDEABLE_CONTROLS) expect(id).toMatch(/^[a-zA-Z]+$/);
  });
});

describe('URL hash codec: bad input', () => {
  it('names the key, the bad value and the default used', () => {
    const r = decodeExperiment('episodes=0&run1.lr=-1&foo=<b>hi</b>&speed=max');
    expect(r.experiment.episodesPerUpdate).toBe(32);
    expect(r.experiment.runs[0].overrides.learningRate).toBe(0.5);
    expect(r.experiment.updatesPerSecond).toBeNull();
    expect(r.notices).toEqual([
      expect.stringMatching(/^episodes="0": .*using "32"$/),
      expect.stringMatching(/^run1\.lr="-1": learningRate must be > 0; using "0.5"$/),
      '"foo"="<b>hi</b>": unknown setting; ignored',
    ]);
  });

  it('refuses an over-long hash with a message and the defaults', () => {
    const r = decodeExperiment('episodes=8&label=' + 'x'.repeat(MAX_HASH_LENGTH));
    expect(r.experiment).toEqual(defaultExperiment());
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toContain('too long');
  });

  it('reports keys of another environment and runs beyond the count', () => {
    const r = decodeExperiment('env=2048&deadlock=true&runs=1&run2.lr=3');
    expect(r.notices).toEqual([
      '"deadlock"="true": applies to env=sokoban, not env=2048; ignored',
      '"run2.lr"="3": there are only 1 runs (runs=1); ignored',
    ]);
    expect(r.experiment.env.family).toBe('2048');
    expect(r.experiment.policy).toEqual({ kind: 'mlp', hidden: [64, 64] });
  });

  it('repairs cross-field problems: unreachable goal, clashing overrides, repeated ids', () => {
    const r = decodeExperiment(
      'env=gridworld&grid=custom&grid.rows=SFFF/HHHH/FFFG&run1.klCoef=0.1&run2.id=run-1',
    );
    expect(ExperimentSchema.safeParse(r.experiment).success).toBe(true);
    expect(r.experiment.env).toEqual({ family: 'gridworld', map: 'frozenlake4x4' });
    expect(r.experiment.runs[0].overrides).toEqual({});
    expect(r.experiment.runs.map((x) => x.id)).toEqual(['run-1', 'run-2']);
    expect(r.notices.join('\n')).toMatch(/no goal is reachable/);
    expect(r.notices.join('\n')).toMatch(/reference must be initial/);
    expect(r.notices.join('\n')).toMatch(/used twice/);
  });

  it('reads a run named without runs=k and accepts full field names', () => {
    const r = decodeExperiment('run3=rloo&run3.learningRate=0.2&run3.label=Mine');
    expect(r.notices).toEqual([]);
    expect(r.experiment.runs).toHaveLength(3);
    expect(r.experiment.runs[2]).toMatchObject({
      preset: 'rloo',
      label: 'Mine',
      overrides: { learningRate: 0.2 },
    });
  });

  it('treats strings as text', () => {
    const payload = '<img src=x onerror=alert(1)>';
    const r = decodeExperiment(`run1.label=${encodeURIComponent(payload)}`);
    expect(r.notices).toEqual([]);
    expect(r.experiment.runs[0].label).toBe(payload);
  });
});

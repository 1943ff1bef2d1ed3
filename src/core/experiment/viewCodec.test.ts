import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../estimators/presets';
import {
  defaultMicroscopeSettings,
  MICROSCOPE_GRIDS,
  type MicroscopeSettings,
} from '../microscope/settings';
import { defaultExperiment, type Experiment } from './schema';
import { decodeExperiment } from './urlCodec';
import { decodeLink, encodeLink, roundLogit, type LinkedView } from './viewCodec';

const microscope = (s: Partial<MicroscopeSettings>): LinkedView => ({
  view: 'microscope',
  microscope: { ...defaultMicroscopeSettings(), ...s },
});

/** Settings a link can carry exactly: logits rounded to 3 decimals, sizes that fit the source. */
const settingsArbitrary: fc.Arbitrary<MicroscopeSettings> = fc
  .record({
    grid: fc.option(fc.constantFrom(...MICROSCOPE_GRIDS), { nil: null }),
    means: fc.array(
      fc.integer({ min: 0, max: 1000 }).map((m) => m / 1000),
      {
        minLength: 2,
        maxLength: 6,
      },
    ),
    withLogits: fc.boolean(),
    logitSeed: fc.integer({ min: -5000, max: 5000 }),
    G: fc.integer({ min: 1, max: 16 }),
    groups: fc.integer({ min: 1, max: 16 }),
    batches: fc.integer({ min: 2, max: 5000 }),
    seed: fc.integer({ min: 0, max: 2 ** 40 }),
    axis: fc.constantFrom('batch' as const, 'group' as const),
    estimators: fc.uniqueArray(fc.constantFrom(...PRESET_NAMES), { minLength: 1, maxLength: 5 }),
  })
  .map((r) => {
    const sizes = { frozenlake4x4: 64, frozenlake8x8: 256, cliffwalking: 192, twogoals: 100 };
    const P = r.grid ? sizes[r.grid] : r.means.length;
    return {
      source: r.grid ?? 'example',
      means: r.grid ? defaultMicroscopeSettings().means : r.means,
      logits: r.withLogits
        ? Array.from({ length: P }, (_, j) => roundLogit(Math.sin(r.logitSeed + j) * 4))
        : null,
      batchSize: r.G * r.groups,
      groupSize: r.G,
      batches: r.batches,
      seed: r.seed,
      axis: r.axis,
      estimators: r.estimators,
    };
  });

describe('view links: round trip', () => {
  it('decode(encode(x)) = x for microscope settings (property test)', () => {
    fc.assert(
      fc.property(settingsArbitrary, (s) => {
        const view: LinkedView = { view: 'microscope', microscope: s };
        const r = decodeLink(encodeLink(defaultExperiment(), [], view));
        expect(r.notices).toEqual([]);
        expect(r.view).toEqual(view);
      }),
      { numRuns: 200 },
    );
  });

  it('the default microscope is just view=microscope; the experiment keys come first', () => {
    expect(encodeLink(defaultExperiment(), [], microscope({}))).toBe('view=microscope');
    const x: Experiment = { ...defaultExperiment(), maxUpdates: 300 };
    const hash = encodeLink(x, [], microscope({ source: 'frozenlake4x4', groupSize: 8 }));
    expect(hash).toMatch(/^v=1&.*&view=microscope&ms.env=frozenlake4x4&ms.G=8$/);
    const r = decodeLink(`#${hash}`);
    expect(r.notices).toEqual([]);
    expect(r.experiment.maxUpdates).toBe(300);
  });

  it('a stepper link round-trips and needs no keys for run 1, update 1', () => {
    const x = decodeExperiment('env=gridworld&runs=2&run2=rloo').experiment;
    expect(encodeLink(x, [], { view: 'stepper', stepper: { run: 1, update: 1 } })).toMatch(
      /&view=stepper$/,
    );
    const view: LinkedView = { view: 'stepper', stepper: { run: 2, update: 7 } };
    const r = decodeLink(encodeLink(x, [], view));
    expect(r.notices).toEqual([]);
    expect(r.view).toEqual(view);
    expect(r.experiment).toEqual(x);
  });

  it("ms.env=experiment looks at the linked experiment's environment, whose map is in the link", () => {
    const x = decodeExperiment(
      'env=gridworld&grid=custom&grid.rows=SFF/FHG&grid.slip=0&grid.time=20',
    ).experiment;
    const logits = Array.from({ length: 24 }, (_, j) => roundLogit(j / 7));
    const view = microscope({ source: 'experiment', logits });
    const hash = encodeLink(x, [], view);
    expect(hash).toContain('ms.logits=0,0.143,0.286,0.429/0.571');
    const r = decodeLink(hash);
    expect(r.notices).toEqual([]);
    expect(r.view).toEqual(view);
  });
});

describe('view links: bad values become notices naming the key and what is allowed', () => {
  const read = (hash: string) => decodeLink(hash);

  it('unknown views, sources, axes and estimators', () => {
    expect(read('view=charts').notices).toEqual([
      'view="charts": unknown view; allowed: microscope, stepper; opening the Train tab',
    ]);
    expect(read('view=charts').view).toBeNull();
    const r = read('view=microscope&ms.env=mars&ms.axis=time&ms.est=reinforce,magic');
    expect(r.notices).toEqual([
      'ms.env="mars": unknown source; allowed: example, experiment, frozenlake4x4, frozenlake8x8, cliffwalking, twogoals; using example',
      'ms.axis="time": allowed: batch, group; using batch',
      `ms.est: "magic" is not an estimator preset; allowed: ${PRESET_NAMES.join(', ')}; left out`,
    ]);
    expect(r.view).toEqual(microscope({ estimators: ['reinforce'] }));
  });

  it('numbers out of range and a group size that does not divide the batch', () => {
    const r = read('view=microscope&ms.N=12&ms.G=5&ms.M=1&ms.seed=x');
    expect(r.notices).toEqual([
      'ms.M="1": must be a whole number from 2 to 5000; using 500',
      `ms.seed="x": must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}; using 1`,
      'ms.G=5: the group size must divide the batch size ms.N=12; using ms.G=1',
    ]);
    expect(r.view).toEqual(microscope({ batchSize: 12, groupSize: 1 }));
  });

  it('a policy of the wrong size, means for a gridworld, an environment without exact gradient', () => {
    expect(read('view=microscope&ms.env=frozenlake4x4&ms.logits=1,2,3').notices).toEqual([
      'ms.logits: 3 numbers, but the policy of FrozenLake 4x4 needs 64 (16 states x 4 actions); using the default policy',
    ]);
    expect(read('view=microscope&ms.env=twogoals&ms.means=0.1,0.2').notices).toEqual([
      'ms.means="0.1,0.2": applies to ms.env=example only; ignored',
    ]);
    expect(read('view=microscope&ms.means=0.1,2').notices[0]).toMatch(
      /^ms.means="0.1,2": .*arm 2.*; using 0.2,0.5,0.8$/,
    );
    const r = read('env=2048&view=microscope&ms.env=experiment');
    expect(r.notices).toEqual([
      "ms.env=experiment: the microscope needs a tabular environment with an exact gradient (a Bernoulli or Gaussian bandit, or a gridworld); the experiment's environment is 2048; using example",
    ]);
  });

  it('stepper: run and update ranges, and a neural policy cannot be stepped through', () => {
    expect(read('view=stepper&step.run=3&step.update=0').notices).toEqual([
      'step.run="3": must be a whole number from 1 to 2; using 1',
      'step.update="0": must be a whole number from 1 to 2000; using 1',
    ]);
    const neural = read('env=2048&view=stepper');
    expect(neural.view).toBeNull();
    expect(neural.notices[0]).toMatch(/needs a tabular policy.*policy=mlp; opening the Train tab/);
  });

  it('view keys without view=, or of the other view, are ignored with a notice', () => {
    expect(read('ms.N=8').notices).toEqual(['ms.N: no view=... in the link; ignored']);
    expect(read('view=stepper&ms.N=8&step.foo=1').notices).toEqual([
      '"ms.N"="8": does not apply to view=stepper; ignored',
      '"step.foo"="1": not a stepper setting (step.run, step.update); ignored',
    ]);
  });
});

describe('view links: any text', () => {
  it('never throws, and a microscope view it opens always resolves to a valid config', () => {
    const keys = ['view', 'ms.env', 'ms.N', 'ms.G', 'ms.M', 'ms.seed', 'ms.est', 'ms.logits'];
    const values = fc.oneof(
      fc.constantFrom('microscope', 'stepper', 'frozenlake4x4', 'experiment', '0', '-3', '8', ''),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...keys), values), { maxLength: 8 }),
        (pairs) => {
          const hash = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          const r = decodeLink(hash);
          if (r.view?.view !== 'microscope') return;
          const s = r.view.microscope;
          expect(s.batchSize % s.groupSize).toBe(0);
          expect(s.estimators.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

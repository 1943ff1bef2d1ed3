import fc from 'fast-check';
import { GRID_PRESET_NAMES, validateGridMap } from '../envs/gridworld';
import { SOKOBAN_TEACHING_LEVELS } from '../envs/sokobanLevels';
import { PRESET_NAMES, PRESETS } from '../estimators/presets';
import type { EstimatorOverrides, EstimatorSpec } from '../estimators/spec';
import {
  FIELD_NAMES,
  FIELD_RULES,
  validateEstimator,
  type FieldRule,
} from '../estimators/validate';
import {
  CHART_IDS,
  ExperimentSchema,
  ILLEGAL_MOVES,
  PANEL_IDS,
  SOKOBAN_LEVEL_NAMES,
  type Experiment,
} from './schema';

/**
 * fast-check arbitraries of valid experiments, for property tests here and elsewhere (the UI's
 * store, the worker's config mapping). Every generated value has passed ExperimentSchema, so it is
 * in canonical form (redundant overrides dropped). Sizes stay small so a hash fits in a URL.
 */

/** Any finite double, with -0 read as 0 (JSON and the URL do not keep the sign of zero). */
const finite = (min?: number, max?: number) =>
  fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .filter(Number.isFinite)
    .map((v) => (v === 0 ? 0 : v));

const unit = finite(0, 1);
const seed = fc.integer({ min: 0, max: 0xffffffff });
const table = (cell: fc.Arbitrary<number>, tasks: number, arms: number) =>
  fc.array(fc.array(cell, { minLength: arms, maxLength: arms }), {
    minLength: tasks,
    maxLength: tasks,
  });

const banditEnv = fc
  .record({
    kind: fc.constantFrom('bernoulli' as const, 'gaussian' as const, 'two-reward' as const),
    tasks: fc.integer({ min: 1, max: 3 }),
    arms: fc.integer({ min: 2, max: 6 }),
    suite: fc.boolean(),
    sd: finite(1e-3, 100).filter((v) => v > 0),
    weights: fc.tuple(finite(-5, 5), finite(-5, 5)),
    suiteSettings: fc.record({
      tasks: fc.integer({ min: 1, max: 4096 }),
      arms: fc.integer({ min: 2, max: 64 }),
      spread: finite(0, 1).filter((v) => v > 0),
      gap: finite(0, 1).filter((v) => v < 1),
      seed,
    }),
  })
  .chain((b) =>
    fc
      .record({
        means: table(b.kind === 'gaussian' ? finite(-10, 10) : unit, b.tasks, b.arms),
        means2: table(unit, b.tasks, b.arms),
      })
      .map(({ means, means2 }) => ({
        family: 'bandit' as const,
        kind: b.kind,
        arms: b.suite
          ? { source: 'suite' as const, ...b.suiteSettings }
          : {
              source: 'means' as const,
              means,
              ...(b.kind === 'two-reward' ? { means2 } : {}),
            },
        sd: b.sd,
        weights: b.weights,
      })),
  );

const customGrid = fc
  .record({
    height: fc.integer({ min: 1, max: 6 }),
    width: fc.integer({ min: 2, max: 6 }),
    cells: fc.array(fc.constantFrom(...'FFFFHWC'), { minLength: 36, maxLength: 36 }),
    start: fc.nat(),
    goal: fc.nat(),
    withRewards: fc.boolean(),
    rewards: fc.array(finite(-100, 100), { minLength: 36, maxLength: 36 }),
    slip: unit,
    timeLimit: fc.integer({ min: 1, max: 10000 }),
    actions: fc.shuffledSubarray([...'LDRU'], { minLength: 4, maxLength: 4 }),
  })
  .map((g) => {
    const n = g.height * g.width;
    const cells = g.cells.slice(0, n);
    const s = g.start % n;
    const goal = (s + 1 + (g.goal % (n - 1))) % n;
    cells[s] = 'S';
    cells[goal] = 'G';
    const rows = Array.from({ length: g.height }, (_, r) =>
      cells.slice(r * g.width, (r + 1) * g.width).join(''),
    );
    const rewards = Array.from({ length: g.height }, (_, r) =>
      g.rewards.slice(r * g.width, (r + 1) * g.width),
    );
    return {
      rows,
      ...(g.withRewards ? { rewards } : {}),
      slip: g.slip,
      timeLimit: g.timeLimit,
      actions: g.actions.join(''),
    };
  })
  .filter((m) => validateGridMap(m).length === 0);

const gridEnv = fc.record({
  family: fc.constant('gridworld' as const),
  map: fc.oneof(fc.constantFrom(...GRID_PRESET_NAMES), customGrid),
});

const tile = fc.integer({ min: 1, max: 15 }).map((e) => 2 ** e);
const game2048Env = fc.record({
  family: fc.constant('2048' as const),
  illegalMove: fc.constantFrom(...ILLEGAL_MOVES),
  targetTile: tile,
  endTile: fc.oneof(fc.constant(0), tile),
  maxSteps: fc.integer({ min: 0, max: 1_000_000 }),
  numTasks: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  survivalWeight: finite(),
});

const sokobanLevels = fc.oneof(
  fc
    .shuffledSubarray([...SOKOBAN_LEVEL_NAMES], { minLength: 1 })
    .map((names) => ({ source: 'teaching' as const, names })),
  fc
    .record({
      width: fc.integer({ min: 5, max: 16 }),
      height: fc.integer({ min: 5, max: 16 }),
      boxFraction: unit,
      seed,
      count: fc.integer({ min: 1, max: 64 }),
    })
    .map(({ width, height, boxFraction, seed, count }) => {
      // validateGeneratorParams: boxes + 1 <= interior / 3; SokobanGeneratorSchema: boxes <= 60
      // (a 16 x 16 level's interior would allow 64).
      const most = Math.min(60, Math.max(1, Math.floor(((width - 2) * (height - 2)) / 3) - 1));
      const boxes = 1 + Math.floor(boxFraction * (most - 1));
      return { source: 'generator' as const, width, height, boxes, seed, count };
    }),
  fc
    .array(fc.constantFrom(...SOKOBAN_TEACHING_LEVELS.map((l) => l.text)), {
      minLength: 1,
      maxLength: 3,
    })
    .map((texts) => ({ source: 'custom' as const, texts })),
);

const sokobanEnv = fc.record({
  family: fc.constant('sokoban' as const),
  levels: sokobanLevels,
  deadlockTermination: fc.boolean(),
  maxSteps: fc.integer({ min: 1, max: 10000 }),
});

export const envArbitrary = fc.oneof(banditEnv, gridEnv, game2048Env, sokobanEnv);

/** A value a field rule accepts (FIELD_RULES), including extreme but finite numbers. */
export function fieldValue(rule: FieldRule): fc.Arbitrary<unknown> {
  switch (rule.kind) {
    case 'enum':
      return fc.constantFrom(...rule.values);
    case 'boolean':
      return fc.boolean();
    case 'number-list':
      return fc.array(finite(), { maxLength: 3 });
    case 'number': {
      const lo = rule.min ?? -1e6;
      const hi = rule.max ?? 1e6;
      const inRange = rule.integer
        ? fc.integer({ min: Math.ceil(lo), max: Math.min(Math.floor(hi), Math.ceil(lo) + 1000) })
        : finite(lo, hi);
      const valid = inRange.filter(
        (v) => !(rule.openMin && v === rule.min) && !(rule.openMax && v === rule.max),
      );
      return rule.off === undefined ? valid : fc.oneof(valid, fc.constant(rule.off));
    }
  }
}

const overridesArbitrary = fc.shuffledSubarray([...FIELD_NAMES], { maxLength: 6 }).chain((fields) =>
  fc.tuple(...fields.map((f) => fieldValue(FIELD_RULES[f]))).map((values) => {
    const o: Record<string, unknown> = {};
    fields.forEach((f, i) => (o[f] = values[i]));
    return o;
  }),
);

/** Drop overrides (last first) until the resolved estimator passes its cross-field rules. */
function consistent(preset: (typeof PRESET_NAMES)[number], o: Record<string, unknown>) {
  const keys = Object.keys(o);
  const spec = () => ({ ...PRESETS[preset], ...o, preset }) as EstimatorSpec;
  while (keys.length && validateEstimator(spec()).length) delete o[keys.pop() as string];
  return o as EstimatorOverrides;
}

const label = fc.oneof(
  fc.constantFrom('REINFORCE', '<script>alert(1)</script>', 'a&b=c#d%20', 'GRPO (G=8) · ε 0.2'),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 30 })
    // eslint-disable-next-line no-control-regex -- the schema refuses control characters
    .filter((s) => s.length <= 80 && !/[\u0000-\u001f\u007f]/.test(s)),
);

const runArbitrary = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
    label,
    preset: fc.constantFrom(...PRESET_NAMES),
    overrides: overridesArbitrary,
    seed,
    episodesPerUpdate: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
    color: fc.option(
      fc.integer({ min: 0, max: 0xffffff }).map((c) => '#' + c.toString(16).padStart(6, '0')),
      { nil: undefined },
    ),
    hidden: fc.boolean(),
  })
  .map(({ color, episodesPerUpdate, ...r }) => ({
    ...r,
    ...(episodesPerUpdate === undefined ? {} : { episodesPerUpdate }),
    ...(color === undefined ? {} : { color }),
    overrides: consistent(r.preset, r.overrides),
  }));

/** Valid experiments (canonical: parsed by ExperimentSchema). */
export const experimentArbitrary: fc.Arbitrary<Experiment> = fc
  .record({
    version: fc.constant(1 as const),
    env: envArbitrary,
    policy: fc.oneof(
      fc.constant({ kind: 'tabular' as const }),
      fc.record({
        kind: fc.constant('mlp' as const),
        hidden: fc.array(fc.integer({ min: 1, max: 1024 }), { maxLength: 4 }),
      }),
      fc.record({
        kind: fc.constant('cnn' as const),
        conv: fc.array(fc.integer({ min: 1, max: 256 }), { minLength: 1, maxLength: 4 }),
        hidden: fc.array(fc.integer({ min: 1, max: 1024 }), { maxLength: 4 }),
      }),
    ),
    episodesPerUpdate: fc.integer({ min: 1, max: 4096 }),
    groupSize: fc.integer({ min: 1, max: 256 }),
    maxUpdates: fc.integer({ min: 1, max: 100_000 }),
    updatesPerSecond: fc.option(
      finite(0, 1000).filter((v) => v > 0),
      { nil: null },
    ),
    runs: fc.uniqueArray(runArbitrary, { minLength: 1, maxLength: 5, selector: (r) => r.id }),
    charts: fc.record({
      xAxis: fc.constantFrom('updates' as const, 'envSteps' as const),
      band: fc.constantFrom('minmax' as const, 'iqr' as const, 'none' as const),
      visible: fc.shuffledSubarray([...CHART_IDS]),
    }),
    layout: fc.record({
      order: fc.shuffledSubarray([...PANEL_IDS], {
        minLength: PANEL_IDS.length,
        maxLength: PANEL_IDS.length,
      }),
      collapsed: fc.shuffledSubarray([...PANEL_IDS]),
    }),
  })
  .map((x) => ExperimentSchema.parse(x));

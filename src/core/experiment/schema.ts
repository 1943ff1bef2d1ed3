import { z } from 'zod';
import { validateBanditParams } from '../envs/bandit';
import {
  TWO_REWARD_EXAMPLE,
  validateBanditSuiteParams,
  validateTwoRewardBanditParams,
} from '../envs/banditSuite';
import { GAME2048_DEFAULTS, validateGame2048Params } from '../envs/game2048';
import {
  GRID_PRESET_NAMES,
  GRID_PRESETS,
  MAX_GRID_SIDE,
  MAX_TIME_LIMIT,
  validateGridMap,
  type GridMap,
  type GridPresetName,
} from '../envs/gridworld';
import { MAX_LEVEL_SIDE, parseSokobanLevel, SOKOBAN_DEFAULTS } from '../envs/sokoban';
import { validateGeneratorParams } from '../envs/sokobanGenerator';
import { SOKOBAN_TEACHING_LEVELS } from '../envs/sokobanLevels';
// Deep imports, not '../estimators': the index also pulls in the tfjs losses, and this schema runs
// on the main thread (URL, controls) where tfjs is not wanted.
import { estimatorNeeds } from '../estimators/needs';
import { PRESET_LABELS, PRESET_NAMES, PRESETS, type PresetName } from '../estimators/presets';
import type { EstimatorOverrides, EstimatorSpec } from '../estimators/spec';
import { MAX_TRAINING_RUNS } from '../train/config';
import {
  checkField,
  describeRule,
  FIELD_NAMES,
  FIELD_RULES,
  validateEstimator,
} from '../estimators/validate';

/**
 * The experiment: one typed object that is the single source of truth for defaults, validation,
 * the URL hash (urlCodec.ts), results files (results.ts) and the UI's controls (after TensorFlow
 * Playground's state.ts). Every leaf schema is a named export so the codec and the controls
 * validate one value with exactly the rule the whole object uses.
 *
 * What the schema checks: each part is valid on its own (ranges, map/level validity, estimator
 * field rules and the estimator's own cross-field rules). What it does not check: whether the
 * parts fit together (a group estimator with groupSize 1, a tabular policy on 2048); a link must
 * still open then, so `checkExperiment` reports those and `toTrainConfig` refuses them.
 */

export const EXPERIMENT_VERSION = 1;

// ------------------------------------------------------------------------------------------
// Shared leaves

const issue = (ctx: z.RefinementCtx, message: string, path: (string | number)[] = []): void =>
  ctx.addIssue({ code: 'custom', message, path });

/** Seeds as the UI and the URL show them; Rng.fromSeed accepts any safe integer. */
export const SeedSchema = z.number().int().min(0).max(0xffffffff);

const intIn = (min: number, max: number) => z.number().int().min(min).max(max);

/** A lone UTF-16 surrogate cannot be URI-encoded (encodeURIComponent throws) or saved as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Free text shown to people (labels): kept verbatim and always rendered as text, never markup. */
export const LabelSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
  .refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode');

/** A table of numbers, table[task][arm] (or [row][column]). */
const NumberTable = z.array(z.array(z.number()).min(1).max(64)).min(1).max(256);

// ------------------------------------------------------------------------------------------
// Environments

/** The current app's 10-armed Bernoulli testbed: success rates spread so the best arm is clear. */
export const DEFAULT_ARM_PROBABILITIES = [0.2, 0.5, 0.35, 0.8, 0.1, 0.45, 0.6, 0.3, 0.55, 0.4];

export const BANDIT_KINDS = ['bernoulli', 'gaussian', 'two-reward'] as const;
export type BanditKind = (typeof BANDIT_KINDS)[number];

export const BanditMeansSchema = z.object({
  source: z.literal('means'),
  /** means[task][arm]; for the two-reward bandit the success rates p1 of component 1. */
  means: NumberTable,
  /** Two-reward bandit only: p2[task][arm], success rates of component 2. */
  means2: NumberTable.optional(),
});

export const BanditSuiteSchema = z.object({
  source: z.literal('suite'),
  tasks: intIn(1, 4096),
  arms: intIn(2, 64),
  spread: z.number().gt(0).max(1),
  gap: z.number().min(0).lt(1),
  seed: SeedSchema,
});
export type BanditSuiteSettings = z.output<typeof BanditSuiteSchema>;

export const BanditEnvSchema = z
  .object({
    family: z.literal('bandit'),
    kind: z.enum(BANDIT_KINDS),
    /** Explicit arm means per task, or a seeded suite (banditSuite / twoRewardSuite). */
    arms: z.discriminatedUnion('source', [BanditMeansSchema, BanditSuiteSchema]),
    /** Gaussian reward sd; kept for every kind so switching kinds in the UI loses nothing. */
    sd: z.number().positive(),
    /** Two-reward bandit: weights (w1, w2) of the summed reward. */
    weights: z.tuple([z.number(), z.number()]),
  })
  .superRefine((e, ctx) => {
    if (e.arms.source === 'suite') {
      for (const m of validateBanditSuiteParams(e.arms)) issue(ctx, m, ['arms']);
      return;
    }
    const { means, means2 } = e.arms;
    if (e.kind === 'two-reward') {
      if (!means2) issue(ctx, 'the two-reward bandit needs means2 (p2)', ['arms', 'means2']);
      else
        for (const m of validateTwoRewardBanditParams({
          p1: means,
          p2: means2,
          weights: e.weights,
        }))
          issue(ctx, m, ['arms']);
    } else {
      if (means2 !== undefined)
        issue(ctx, 'means2 is only for the two-reward bandit', ['arms', 'means2']);
      for (const m of validateBanditParams({ kind: e.kind, means, sd: e.sd }))
        issue(ctx, m, ['arms', 'means']);
    }
  });

export const DEFAULT_SUITE: BanditSuiteSettings = {
  source: 'suite',
  tasks: 16,
  arms: 4,
  spread: 1,
  gap: 0.2,
  seed: 0,
};

/** Default bandit of each kind (the two-reward default is TWO_REWARD_EXAMPLE). */
export function defaultBanditEnv(kind: BanditKind = 'bernoulli'): BanditEnv {
  const copy = (t: readonly (readonly number[])[]) => t.map((row) => [...row]);
  return {
    family: 'bandit',
    kind,
    arms:
      kind === 'two-reward'
        ? {
            source: 'means',
            means: copy(TWO_REWARD_EXAMPLE.p1),
            means2: copy(TWO_REWARD_EXAMPLE.p2),
          }
        : { source: 'means', means: [[...DEFAULT_ARM_PROBABILITIES]] },
    sd: 1,
    weights: [1, 1],
  };
}

/** Cell rows of a map: at most MAX_GRID_SIDE rows of at most MAX_GRID_SIDE cell characters. */
export const GridRowsSchema = z
  .array(z.string().min(1).max(MAX_GRID_SIDE))
  .min(1)
  .max(MAX_GRID_SIDE);

export const GridMapSchema = z
  .object({
    rows: GridRowsSchema,
    rewards: z.array(z.array(z.number()).max(MAX_GRID_SIDE)).max(MAX_GRID_SIDE).optional(),
    slip: z.number().min(0).max(1),
    timeLimit: intIn(1, MAX_TIME_LIMIT),
    actions: z.string().length(4),
  })
  // validateGridMap is the one authority on maps (shapes, characters, start, goal, reachability).
  .superRefine((m, ctx) => {
    for (const msg of validateGridMap(m)) issue(ctx, msg);
  });

export const GridPresetSchema = z.enum(GRID_PRESET_NAMES as [GridPresetName, ...GridPresetName[]]);

export const GridworldEnvSchema = z.object({
  family: z.literal('gridworld'),
  /** A built-in map by name, or a full (teacher-edited) map. */
  map: z.union([GridPresetSchema, GridMapSchema]),
});

export type CustomGridMap = z.output<typeof GridMapSchema>;

/** An editable copy of a preset map (plain mutable data). */
export function gridPresetMap(name: GridPresetName): CustomGridMap {
  const p: GridMap = GRID_PRESETS[name];
  return {
    rows: [...p.rows],
    ...(p.rewards ? { rewards: p.rewards.map((r) => [...r]) } : {}),
    slip: p.slip,
    timeLimit: p.timeLimit,
    actions: p.actions,
  };
}

/** The map a gridworld setting stands for: the preset's (as an editable copy) or the custom one. */
export function resolveGridMap(map: GridworldEnv['map']): CustomGridMap {
  return typeof map === 'string' ? gridPresetMap(map) : map;
}

export const ILLEGAL_MOVES = ['noop', 'terminate0', 'terminateMinus1'] as const;

export const Game2048EnvSchema = z
  .object({
    family: z.literal('2048'),
    illegalMove: z.enum(ILLEGAL_MOVES),
    targetTile: intIn(2, 32768),
    endTile: intIn(0, 32768),
    maxSteps: intIn(0, 1_000_000),
    numTasks: intIn(1, 2 ** 31 - 1),
    survivalWeight: z.number(),
  })
  .superRefine((e, ctx) => {
    for (const m of validateGame2048Params(e)) issue(ctx, m);
  });

export const SOKOBAN_LEVEL_NAMES = SOKOBAN_TEACHING_LEVELS.map((l) => l.name) as [
  string,
  ...string[],
];

/** Standard level characters plus newline; '/', ';' and '|' stay free for the URL form. */
const SOKOBAN_TEXT_CHARS = /^[#@+$*. \-_\n]*$/;

export const SokobanLevelTextSchema = z
  .string()
  .max((MAX_LEVEL_SIDE + 1) * MAX_LEVEL_SIDE)
  .regex(SOKOBAN_TEXT_CHARS, 'may only contain # @ + $ * . - _ space and newline')
  .superRefine((text, ctx) => {
    const parsed = parseSokobanLevel(text);
    if (!parsed.ok) for (const m of parsed.errors) issue(ctx, m);
  });

export const SokobanTeachingSchema = z.object({
  source: z.literal('teaching'),
  names: z
    .array(z.enum(SOKOBAN_LEVEL_NAMES))
    .min(1)
    .refine((n) => new Set(n).size === n.length, 'level names must not repeat'),
});

export const SokobanGeneratorSchema = z
  .object({
    source: z.literal('generator'),
    width: intIn(5, MAX_LEVEL_SIDE),
    height: intIn(5, MAX_LEVEL_SIDE),
    boxes: intIn(1, 60),
    seed: SeedSchema,
    /** Levels generated with seeds seed, seed + 1, ... (the tasks). */
    count: intIn(1, 64),
  })
  .superRefine((g, ctx) => {
    for (const m of validateGeneratorParams(g)) issue(ctx, m);
  });

export const SokobanCustomSchema = z.object({
  source: z.literal('custom'),
  texts: z.array(SokobanLevelTextSchema).min(1).max(16),
});

export const SokobanEnvSchema = z.object({
  family: z.literal('sokoban'),
  levels: z.discriminatedUnion('source', [
    SokobanTeachingSchema,
    SokobanGeneratorSchema,
    SokobanCustomSchema,
  ]),
  deadlockTermination: z.boolean(),
  /** Time limit in steps (gym-sokoban: 120). */
  maxSteps: intIn(1, MAX_TIME_LIMIT),
});

export const EnvSchema = z.discriminatedUnion('family', [
  BanditEnvSchema,
  GridworldEnvSchema,
  Game2048EnvSchema,
  SokobanEnvSchema,
]);

export const ENV_FAMILIES = ['bandit', 'gridworld', '2048', 'sokoban'] as const;
export type EnvFamily = (typeof ENV_FAMILIES)[number];

export type BanditEnv = z.output<typeof BanditEnvSchema>;
export type GridworldEnv = z.output<typeof GridworldEnvSchema>;
export type Game2048Env = z.output<typeof Game2048EnvSchema>;
export type SokobanEnv = z.output<typeof SokobanEnvSchema>;
export type EnvSettings = z.output<typeof EnvSchema>;
export type SokobanLevelSource = SokobanEnv['levels']['source'];

export const DEFAULT_SOKOBAN_LEVELS: { [S in SokobanLevelSource]: SokobanEnv['levels'] } = {
  teaching: { source: 'teaching', names: [SOKOBAN_LEVEL_NAMES[0]] },
  generator: { source: 'generator', width: 7, height: 7, boxes: 2, seed: 0, count: 8 },
  custom: { source: 'custom', texts: [SOKOBAN_TEACHING_LEVELS[0].text] },
};

/** The settings an env family starts from when it is chosen. */
export function defaultEnv(family: EnvFamily): EnvSettings {
  switch (family) {
    case 'bandit':
      return defaultBanditEnv('bernoulli');
    case 'gridworld':
      return { family, map: 'frozenlake4x4' };
    case '2048':
      return { family, ...GAME2048_DEFAULTS };
    case 'sokoban':
      return {
        family,
        levels: structuredCopy(DEFAULT_SOKOBAN_LEVELS.teaching),
        deadlockTermination: SOKOBAN_DEFAULTS.deadlockTermination,
        maxSteps: SOKOBAN_DEFAULTS.maxSteps,
      };
  }
}

// ------------------------------------------------------------------------------------------
// Policy

export const HiddenLayersSchema = z.array(intIn(1, 1024)).max(4);

/** Channels of each 3x3 convolution of a CNN policy. */
export const ConvLayersSchema = z.array(intIn(1, 256)).min(1).max(4);

export const PolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tabular') }),
  z.object({ kind: z.literal('mlp'), hidden: HiddenLayersSchema }),
  z.object({ kind: z.literal('cnn'), conv: ConvLayersSchema, hidden: HiddenLayersSchema }),
]);

/** The CNN a policy switched to `cnn` starts with. */
export const DEFAULT_CNN = { kind: 'cnn' as const, conv: [16, 16], hidden: [64] };
export type PolicySettings = z.output<typeof PolicySchema>;

/** Hidden layers an MLP starts with: the current app's 32 units; two layers for the games. */
export function defaultMlpHidden(family: EnvFamily): number[] {
  return family === '2048' || family === 'sokoban' ? [64, 64] : [32];
}

/** Tabular where the env has a small discrete state space (exact gradients), else an MLP. */
export function defaultPolicy(family: EnvFamily): PolicySettings {
  return family === 'bandit' || family === 'gridworld'
    ? { kind: 'tabular' }
    : { kind: 'mlp', hidden: defaultMlpHidden(family) };
}

// ------------------------------------------------------------------------------------------
// Runs: estimator preset + overrides

type Field = keyof EstimatorOverrides;

export function isEstimatorField(name: string): name is Field {
  return Object.prototype.hasOwnProperty.call(FIELD_RULES, name);
}

/** Whether `v` satisfies a field rule: the estimators' own check (validate.ts). */
export const fieldAccepts = checkField;

export const OverridesSchema = z
  .record(z.string(), z.unknown())
  .superRefine((o, ctx) => {
    for (const [k, v] of Object.entries(o)) {
      if (!isEstimatorField(k))
        issue(ctx, `${k}: unknown estimator field; allowed: ${FIELD_NAMES.join(', ')}`, [k]);
      else if (!fieldAccepts(FIELD_RULES[k], v))
        issue(ctx, `${k} must be ${describeRule(FIELD_RULES[k])}, got ${JSON.stringify(v)}`, [k]);
    }
  })
  .transform((o) => o as EstimatorOverrides);

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * Overrides without the entries that equal the preset's own value (they change nothing), in
 * FIELD_NAMES order. One canonical form means equal runs compare, encode and export equal.
 */
export function canonicalOverrides(
  preset: PresetName,
  overrides: EstimatorOverrides,
): EstimatorOverrides {
  const base = PRESETS[preset] as EstimatorSpec;
  const out: Record<string, unknown> = {};
  for (const f of FIELD_NAMES) {
    const v = overrides[f];
    if (v !== undefined && !sameValue(v, base[f])) out[f] = Array.isArray(v) ? [...v] : v;
  }
  return out as EstimatorOverrides;
}

export const EpisodesPerUpdateSchema = intIn(1, 4096);

export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const RunIdSchema = z.string().regex(RUN_ID_PATTERN, 'must be 1-32 letters, digits, - or _');
export const ColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0072B2');
export const PresetSchema = z.enum(PRESET_NAMES as [PresetName, ...PresetName[]]);

export const RunSchema = z
  .object({
    /** Stable identifier (charts, exports); letters, digits, - and _. */
    id: RunIdSchema,
    /** Legend name. */
    label: LabelSchema,
    preset: PresetSchema,
    overrides: OverridesSchema,
    seed: SeedSchema,
    /**
     * This run's episodes per update (= its parallel env copies); absent = the experiment's
     * episodesPerUpdate. Lets one experiment compare 4 against 256 environments.
     */
    episodesPerUpdate: EpisodesPerUpdateSchema.optional(),
    /** Legend colour; absent = the palette colour of the run's configuration (seeds share it). */
    color: ColorSchema.optional(),
    /** Hidden from the charts (still trained). */
    hidden: z.boolean(),
  })
  .superRefine((r, ctx) => {
    // Cross-field rules of the resolved estimator (e.g. klCoef > 0 needs a reference); no
    // context here: group size and policy kind are checked by checkExperiment.
    const spec = { ...PRESETS[r.preset], ...r.overrides, preset: r.preset } as EstimatorSpec;
    for (const m of validateEstimator(spec)) issue(ctx, m, ['overrides']);
  })
  .transform((r) => ({ ...r, overrides: canonicalOverrides(r.preset, r.overrides) }));
export type RunSettings = z.output<typeof RunSchema>;

/** A run as it starts when added at position k (1-based) with a preset. */
export function freshRun(k: number, preset: PresetName = 'reinforce'): RunSettings {
  return {
    id: `run-${k}`,
    label: PRESET_LABELS[preset],
    preset,
    overrides: {},
    seed: 1,
    hidden: false,
  };
}

// ------------------------------------------------------------------------------------------
// Charts and layout

/** Charts the UI can show (metrics.md); ids double as URL list entries. */
export const CHART_IDS = [
  'meanReturn',
  'successRate',
  'episodeLength',
  'entropy',
  'gradNorm',
  'gradVariance',
  'gradError',
  'advantages',
  'taskWeights',
  'advantageRms',
  'goodArmCoverage',
  'updateSize',
  'throughput',
  'rewardEntropy',
  'simplex',
] as const;
export type ChartId = (typeof CHART_IDS)[number];

export const ChartsSchema = z.object({
  xAxis: z.enum(['updates', 'envSteps']),
  /** Band across seeds of one configuration. */
  band: z.enum(['minmax', 'iqr', 'none']),
  /** Visible charts, in display order. */
  visible: z
    .array(z.enum(CHART_IDS))
    .refine((v) => new Set(v).size === v.length, 'chart ids must not repeat'),
});

export const PANEL_IDS = ['controls', 'runs', 'charts', 'env', 'cards'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export const LayoutSchema = z.object({
  /** Every panel exactly once, in display order. */
  order: z
    .array(z.enum(PANEL_IDS))
    .refine(
      (o) => o.length === PANEL_IDS.length && new Set(o).size === o.length,
      `must list each panel once: ${PANEL_IDS.join(', ')}`,
    ),
  collapsed: z
    .array(z.enum(PANEL_IDS))
    .refine((c) => new Set(c).size === c.length, 'panel ids must not repeat'),
});

// ------------------------------------------------------------------------------------------
// The experiment

/** Runs one experiment trains at once: a class compares 4-8 estimators x 3-5 seeds (issue 7). */
export const MAX_RUNS = MAX_TRAINING_RUNS;

export const GroupSizeSchema = intIn(1, 256);
export const MaxUpdatesSchema = intIn(1, 100_000);
/** Updates per second; null = as fast as possible. */
export const UpdatesPerSecondSchema = z.number().positive().max(1000).nullable();

export const ExperimentSchema = z.object({
  version: z.literal(EXPERIMENT_VERSION),
  env: EnvSchema,
  policy: PolicySchema,
  /** Episodes per run per update (= env copies per run). */
  episodesPerUpdate: EpisodesPerUpdateSchema,
  /** Rollouts per task G; group estimators (GRPO, RLOO, ...) need G >= 2. */
  groupSize: GroupSizeSchema,
  /** Budget: updates per run before training stops. */
  maxUpdates: MaxUpdatesSchema,
  updatesPerSecond: UpdatesPerSecondSchema,
  runs: z
    .array(RunSchema)
    .min(1)
    .max(MAX_RUNS)
    .superRefine((runs, ctx) => {
      const seen = new Set<string>();
      runs.forEach((r, i) => {
        if (seen.has(r.id)) issue(ctx, `run id "${r.id}" is used twice`, [i, 'id']);
        seen.add(r.id);
      });
    }),
  charts: ChartsSchema,
  layout: LayoutSchema,
});

export type Experiment = z.output<typeof ExperimentSchema>;

/** JSON round trip: experiments are plain JSON data (no undefined-valued keys, no -0). */
export function structuredCopy<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/**
 * The default experiment, matching the app's first screen: the 10-armed Bernoulli bandit, a
 * tabular policy, REINFORCE vs REINFORCE + baseline with learning rate 0.5 (SGD, the presets'
 * optimiser), seed 1, 32 episodes per update, 500 updates at 20 updates per second.
 */
export function defaultExperiment(): Experiment {
  const run = (k: number, preset: PresetName): RunSettings => ({
    ...freshRun(k, preset),
    overrides: { learningRate: 0.5 },
  });
  return {
    version: EXPERIMENT_VERSION,
    env: defaultEnv('bandit'),
    policy: { kind: 'tabular' },
    episodesPerUpdate: 32,
    groupSize: 1,
    maxUpdates: 500,
    updatesPerSecond: 20,
    runs: [run(1, 'reinforce'), run(2, 'reinforce-baseline')],
    charts: {
      xAxis: 'updates',
      band: 'minmax',
      visible: ['meanReturn', 'entropy'],
    },
    layout: { order: [...PANEL_IDS], collapsed: [] },
  };
}

/** The run at position k (1-based) of the default experiment, or a fresh one beyond them. */
export function baseRun(k: number, preset?: PresetName): RunSettings {
  const d = defaultExperiment().runs[k - 1];
  if (d && (preset === undefined || d.preset === preset)) return d;
  return freshRun(k, preset ?? 'reinforce');
}

type Issue = z.core.$ZodIssue;

/**
 * Human-readable problems of a zod error, each prefixed with its path. A failed union (a grid
 * map that is neither a preset name nor a valid map) is explained by its closest alternative,
 * the one whose value had the right type, instead of zod's bare "Invalid input".
 */
export function formatIssues(error: { issues: readonly Issue[] }): string[] {
  const out: string[] = [];
  const walk = (issues: readonly Issue[], prefix: readonly PropertyKey[]): void => {
    for (const i of issues) {
      const path = [...prefix, ...i.path];
      if (i.code === 'invalid_union' && i.errors.length > 0) {
        const wrongType = (b: readonly Issue[]) =>
          b.some(
            (j) => j.path.length === 0 && (j.code === 'invalid_type' || j.code === 'invalid_value'),
          );
        const best = [...i.errors].sort(
          (a, b) => Number(wrongType(a)) - Number(wrongType(b)) || a.length - b.length,
        )[0];
        walk(best, path);
        continue;
      }
      out.push((path.length ? `${path.map(String).join('.')}: ` : '') + i.message);
    }
  };
  walk(error.issues, []);
  return out;
}

/** Validate untrusted data as an experiment: the canonical experiment, or named problems. */
export function parseExperiment(
  data: unknown,
): { ok: true; experiment: Experiment } | { ok: false; problems: string[] } {
  const r = ExperimentSchema.safeParse(data);
  return r.success
    ? { ok: true, experiment: r.data }
    : { ok: false, problems: formatIssues(r.error) };
}

/** Reward components of an env (GDPO's decoupled normalisation needs one weight per component). */
export function rewardComponents(env: EnvSettings): number {
  if (env.family === 'bandit') return env.kind === 'two-reward' ? 2 : 1;
  return env.family === 'gridworld' ? 1 : 2;
}

/**
 * Whether the parts of a valid experiment fit together; each problem names the setting. Not in
 * the schema on purpose: a shared link with such a combination still opens, and the UI shows
 * these next to the controls (toTrainConfig refuses to start).
 */
export function checkExperiment(x: Experiment): string[] {
  const p: string[] = [];
  if (x.episodesPerUpdate % x.groupSize !== 0)
    p.push(
      `episodesPerUpdate (${x.episodesPerUpdate}) must be a multiple of groupSize (${x.groupSize})`,
    );
  if (x.policy.kind === 'cnn' && x.env.family === 'bandit')
    p.push(
      'policy: cnn needs a grid observation (gridworld, 2048 or sokoban); a bandit needs tabular or mlp',
    );
  if (x.policy.kind === 'tabular' && (x.env.family === '2048' || x.env.family === 'sokoban'))
    p.push(
      `policy: tabular needs a small state space (bandit or gridworld); ${x.env.family} needs mlp`,
    );
  const context = {
    groupSize: x.groupSize,
    tabular: x.policy.kind === 'tabular',
    numRewardComponents: rewardComponents(x.env),
  };
  x.runs.forEach((r, i) => {
    const spec = { ...PRESETS[r.preset], ...r.overrides, preset: r.preset } as EstimatorSpec;
    for (const m of validateEstimator(spec, context)) p.push(`run ${i + 1} (${r.label}): ${m}`);
    // A run's own episode count only meets the group size where the run rolls out groups.
    if (
      r.episodesPerUpdate !== undefined &&
      r.episodesPerUpdate % x.groupSize !== 0 &&
      estimatorNeeds(spec).groupRollouts.length > 0
    )
      p.push(
        `run ${i + 1} (${r.label}): episodesPerUpdate (${r.episodesPerUpdate}) must be a multiple of groupSize (${x.groupSize})`,
      );
  });
  return p;
}

import { z } from 'zod';
import { PRESETS } from '../estimators/presets';
import type { PresetName } from '../estimators/presets';
import type { EstimatorOverrides, EstimatorSpec } from '../estimators/spec';
import { FIELD_NAMES, FIELD_RULES, describeRule, type FieldRule } from '../estimators/validate';
import { GRID_PRESET_NAMES, type GridPresetName } from '../envs/gridworld';
import { migratePairs, type Pair } from './migrations';
import {
  BANDIT_KINDS,
  BanditEnvSchema,
  BanditMeansSchema,
  BanditSuiteSchema,
  baseRun,
  ChartsSchema,
  ColorSchema,
  DEFAULT_SOKOBAN_LEVELS,
  DEFAULT_SUITE,
  defaultBanditEnv,
  defaultEnv,
  defaultExperiment,
  defaultMlpHidden,
  defaultPolicy,
  ENV_FAMILIES,
  EpisodesPerUpdateSchema,
  EXPERIMENT_VERSION,
  ExperimentSchema,
  fieldAccepts,
  formatIssues,
  Game2048EnvSchema,
  GridMapSchema,
  gridPresetMap,
  GridRowsSchema,
  GroupSizeSchema,
  HiddenLayersSchema,
  LabelSchema,
  LayoutSchema,
  MAX_RUNS,
  MaxUpdatesSchema,
  PANEL_IDS,
  PresetSchema,
  RunIdSchema,
  SeedSchema,
  SOKOBAN_LEVEL_NAMES,
  SokobanCustomSchema,
  SokobanEnvSchema,
  SokobanGeneratorSchema,
  SokobanTeachingSchema,
  structuredCopy,
  DEFAULT_CNN,
  ConvLayersSchema,
  UpdatesPerSecondSchema,
  type BanditEnv,
  type EnvFamily,
  type Experiment,
  type Game2048Env,
  type GridworldEnv,
  type SokobanEnv,
} from './schema';

/**
 * The experiment as a URL hash (after TensorFlow Playground's state.ts): readable `key=value`
 * pairs joined by '&', only values that differ from the defaults, so the default experiment is
 * the empty hash. Examples:
 *
 *   v=1&env=gridworld&grid=frozenlake8x8&run1=grpo&run1.lr=0.01&run1.seed=3
 *   v=1&env=gridworld&runs=2&run1=ppo&run1.episodes=4&run2=ppo&run2.episodes=256
 *   v=1&arms=0.1,0.9/0.8,0.2&runs=3&run3=rloo&run3.label=RLOO%20(G%3D8)&group=8
 *   v=1&env=sokoban&sokoban=generator&gen.boxes=3&policy_hide=true
 *
 * Lists are comma-separated, tables (tasks x arms, map rows) '/'-separated rows, Sokoban levels
 * ';'-separated with '/' between rows. Estimator fields of run k are `runk.<field>`
 * (`runk.lr` for learningRate). `<control>_hide=true` hides a control (HIDEABLE_CONTROLS).
 *
 * How defaults work: keys are read in a fixed order, each applied to an experiment that starts as
 * the default. Some keys choose a part and reset it to that part's defaults before the keys after
 * them refine it: `env` (env and policy), `bandit`, `arms=suite`, `grid=custom`, `sokoban`,
 * `policy`, `runs` (count) and `runk` (preset: run k restarts from that preset's fresh run).
 * Encoding walks the same order, emitting a key whenever the experiment differs from what the
 * reader would have at that point; so decode(encode(x)) = x holds by construction (and is tested).
 */

export const MAX_HASH_LENGTH = 8000;

/** Controls a teacher can hide with `<id>_hide=true`. */
export const HIDEABLE_CONTROLS = [
  'env',
  /** The bandit's arms / suite editor. */
  'arms',
  /** The gridworld map editor. */
  'map',
  /** Sokoban level choice and generator. */
  'levels',
  /** 2048 rules. */
  'game',
  'policy',
  'episodes',
  'group',
  'budget',
  'speed',
  /** Adding and removing runs. */
  'runs',
  /** The per-run preset and estimator editors. */
  'runEditors',
  'charts',
  'layout',
  'export',
] as const;
export type HideableControl = (typeof HIDEABLE_CONTROLS)[number];

export interface DecodeResult {
  /** Always a valid experiment (the defaults where the link was wrong). */
  readonly experiment: Experiment;
  /** One message per problem, naming the key, the bad value (as text) and the value used. */
  readonly notices: string[];
  readonly hidden: Set<HideableControl>;
}

// ------------------------------------------------------------------------------------------
// Text forms of values

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Decimal or scientific notation only: no hex, no blanks, no 'Infinity' (Number() takes all). */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(s: string): Parsed<number> {
  if (!NUMBER_TEXT.test(s)) return fail('not a number');
  const v = Number(s);
  return Number.isFinite(v) ? ok(v) : fail('number out of range');
}

/** Shortest text that reads back as the same double. */
const formatNumber = (v: number): string => String(v);

function parseList<T>(s: string, item: (t: string) => Parsed<T>, sep = ','): Parsed<T[]> {
  if (s === '') return ok([]);
  const out: T[] = [];
  for (const t of s.split(sep)) {
    const r = item(t);
    if (!r.ok) return fail(`${show(t)}: ${r.error}`);
    out.push(r.value);
  }
  return ok(out);
}

const parseNumbers = (s: string) => parseList(s, parseNumber);
const formatNumbers = (v: readonly number[]) => v.map(formatNumber).join(',');
const parseTable = (s: string) => parseList(s, parseNumbers, '/');
const formatTable = (t: readonly (readonly number[])[]) => t.map(formatNumbers).join('/');

function parseBool(s: string): Parsed<boolean> {
  return s === 'true' ? ok(true) : s === 'false' ? ok(false) : fail('must be true or false');
}

/** A value for a notice: quoted, escaped, at most 40 characters (whole code points). */
export function show(s: string, max = 40): string {
  const chars = Array.from(s);
  return JSON.stringify(chars.length > max ? chars.slice(0, max).join('') + '…' : s);
}

/** Sokoban teaching level names as URL words: 'Two boxes' -> 'two-boxes'. */
const slug = (name: string) => name.toLowerCase().replace(/\s+/g, '-');
const LEVEL_BY_SLUG = new Map(SOKOBAN_LEVEL_NAMES.map((n) => [slug(n), n]));

// ------------------------------------------------------------------------------------------
// Keys

interface KeySpec {
  /** The key encoding writes; decoding also accepts `aliases`. */
  readonly key: string;
  readonly aliases?: readonly string[];
  /** Why the key does not apply to the experiment read so far (another env...), or null. */
  applies(d: Experiment): string | null;
  read(x: Experiment): string;
  /** Parse, validate and apply `raw` to `d`; an error message (d unchanged) or null. */
  write(d: Experiment, raw: string): string | null;
}

function firstProblem(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : formatIssues(r.error).slice(0, 2).join('; ');
}

/**
 * A key whose value is parsed by `parse`, checked by the schema's leaf (when the parser does not
 * check it fully itself) and stored by `set`.
 */
function leaf<T>(
  key: string,
  applies: (d: Experiment) => string | null,
  get: (x: Experiment) => T,
  set: (d: Experiment, v: T) => void,
  format: (v: T) => string,
  parse: (s: string) => Parsed<T>,
  schema?: z.ZodType,
): KeySpec {
  return {
    key,
    applies,
    read: (x) => format(get(x)),
    write: (d, raw) => {
      const p = parse(raw);
      if (!p.ok) return p.error;
      const problem = schema ? firstProblem(schema, p.value) : null;
      if (problem !== null) return problem;
      set(d, p.value);
      return null;
    },
  };
}

const always = () => null;
const text = (s: string): Parsed<string> => ok(s);
const same = (s: string) => s;

function numberLeaf(
  key: string,
  applies: (d: Experiment) => string | null,
  get: (x: Experiment) => number,
  set: (d: Experiment, v: number) => void,
  schema: z.ZodType,
): KeySpec {
  return leaf(key, applies, get, set, formatNumber, parseNumber, schema);
}

function boolLeaf(
  key: string,
  applies: (d: Experiment) => string | null,
  get: (x: Experiment) => boolean,
  set: (d: Experiment, v: boolean) => void,
): KeySpec {
  return leaf(key, applies, get, set, String, parseBool);
}

function enumLeaf<T extends string>(
  key: string,
  values: readonly T[],
  applies: (d: Experiment) => string | null,
  get: (x: Experiment) => T,
  set: (d: Experiment, v: T) => void,
): KeySpec {
  const parse = (s: string): Parsed<T> =>
    (values as readonly string[]).includes(s)
      ? ok(s as T)
      : fail(`must be one of ${values.join(', ')}`);
  return leaf(key, applies, get, set, same, parse);
}

// --- Env accessors (only called once `applies` has checked the shape) -----------------------

const familyIs =
  (f: EnvFamily) =>
  (d: Experiment): string | null =>
    d.env.family === f ? null : `applies to env=${f}, not env=${d.env.family}`;

const bandit = (x: Experiment) => x.env as BanditEnv;
const grid = (x: Experiment) => x.env as GridworldEnv;
const game = (x: Experiment) => x.env as Game2048Env;
const sokoban = (x: Experiment) => x.env as SokobanEnv;

const banditMeans = (x: Experiment) => {
  const a = bandit(x).arms;
  if (a.source !== 'means') throw new Error('codec: bandit arms are not explicit means');
  return a;
};
const banditSuite = (x: Experiment) => {
  const a = bandit(x).arms;
  if (a.source !== 'suite') throw new Error('codec: bandit arms are not a suite');
  return a;
};
const customMap = (x: Experiment) => {
  const m = grid(x).map;
  if (typeof m === 'string') throw new Error('codec: grid map is a preset');
  return m;
};

function levelsAre<S extends SokobanEnv['levels']['source']>(source: S) {
  return (d: Experiment): string | null =>
    familyIs('sokoban')(d) ??
    (sokoban(d).levels.source === source
      ? null
      : `applies to sokoban=${source}, not sokoban=${sokoban(d).levels.source}`);
}
function levels<S extends SokobanEnv['levels']['source']>(x: Experiment, source: S) {
  const l = sokoban(x).levels;
  if (l.source !== source) throw new Error(`codec: sokoban levels are not ${source}`);
  return l as Extract<SokobanEnv['levels'], { source: S }>;
}

const suiteApplies = (d: Experiment) =>
  familyIs('bandit')(d) ?? (bandit(d).arms.source === 'suite' ? null : 'applies to arms=suite');
const meansApplies = (d: Experiment) =>
  familyIs('bandit')(d) ??
  (bandit(d).kind === 'two-reward' && bandit(d).arms.source === 'means'
    ? null
    : 'applies to bandit=two-reward with explicit arms');
const customMapApplies = (d: Experiment) =>
  familyIs('gridworld')(d) ?? (typeof grid(d).map === 'string' ? 'applies to grid=custom' : null);

const ENV_SPECS: KeySpec[] = [
  enumLeaf(
    'env',
    ENV_FAMILIES,
    always,
    (x) => x.env.family,
    (d, f) => {
      if (d.env.family === f) return;
      d.env = defaultEnv(f);
      d.policy = defaultPolicy(f);
    },
  ),

  // Bandit
  enumLeaf(
    'bandit',
    BANDIT_KINDS,
    familyIs('bandit'),
    (x) => bandit(x).kind,
    (d, kind) => {
      if (bandit(d).kind !== kind) d.env = defaultBanditEnv(kind);
    },
  ),
  {
    key: 'arms',
    applies: familyIs('bandit'),
    read: (x) => {
      const a = bandit(x).arms;
      return a.source === 'suite' ? 'suite' : formatTable(a.means);
    },
    write: (d, raw) => {
      const b = bandit(d);
      if (raw === 'suite') {
        if (b.arms.source !== 'suite') b.arms = { ...DEFAULT_SUITE };
        return null;
      }
      const t = parseTable(raw);
      if (!t.ok) return `${t.error} (expected numbers like 0.2,0.8 with / between tasks, or suite)`;
      const problem = firstProblem(BanditMeansSchema.shape.means, t.value);
      if (problem) return problem;
      // Leaving a suite: the second table (two-reward) starts from the kind's default.
      const fallback = defaultBanditEnv(b.kind).arms;
      const means2 =
        b.arms.source === 'means'
          ? b.arms.means2
          : fallback.source === 'means'
            ? fallback.means2
            : undefined;
      b.arms = { source: 'means', means: t.value, ...(means2 ? { means2 } : {}) };
      return null;
    },
  },
  leaf(
    'arms2',
    meansApplies,
    (x) => banditMeans(x).means2 ?? [],
    (d, t) => {
      banditMeans(d).means2 = t;
    },
    formatTable,
    parseTable,
    BanditMeansSchema.shape.means,
  ),
  numberLeaf(
    'sd',
    familyIs('bandit'),
    (x) => bandit(x).sd,
    (d, v) => {
      bandit(d).sd = v;
    },
    BanditEnvSchema.shape.sd,
  ),
  leaf(
    'weights',
    familyIs('bandit'),
    (x) => bandit(x).weights,
    (d, v) => {
      bandit(d).weights = v;
    },
    formatNumbers,
    parseNumbers as (s: string) => Parsed<[number, number]>,
    BanditEnvSchema.shape.weights,
  ),
  ...(['tasks', 'arms', 'spread', 'gap', 'seed'] as const).map((k) =>
    numberLeaf(
      `suite.${k}`,
      suiteApplies,
      (x) => banditSuite(x)[k],
      (d, v) => {
        banditSuite(d)[k] = v;
      },
      BanditSuiteSchema.shape[k],
    ),
  ),

  // Gridworld
  {
    key: 'grid',
    applies: familyIs('gridworld'),
    read: (x) => (typeof grid(x).map === 'string' ? (grid(x).map as string) : 'custom'),
    write: (d, raw) => {
      const g = grid(d);
      if (raw === 'custom') {
        if (typeof g.map === 'string') g.map = gridPresetMap('frozenlake4x4');
        return null;
      }
      if (!(GRID_PRESET_NAMES as readonly string[]).includes(raw))
        return `must be one of ${GRID_PRESET_NAMES.join(', ')} or custom`;
      g.map = raw as GridPresetName;
      return null;
    },
  },
  leaf(
    'grid.rows',
    customMapApplies,
    (x) => customMap(x).rows as string[],
    (d, rows) => {
      customMap(d).rows = rows;
    },
    (rows) => rows.join('/'),
    (s) => ok(s.split('/')),
    GridRowsSchema,
  ),
  leaf(
    'grid.rewards',
    customMapApplies,
    (x) => customMap(x).rewards,
    (d, r) => {
      const m = customMap(d);
      if (r === undefined) delete m.rewards;
      else m.rewards = r;
    },
    (r) => (r === undefined ? '' : formatTable(r)),
    (s) => (s === '' ? ok(undefined) : parseTable(s)),
    GridMapSchema.shape.rewards,
  ),
  numberLeaf(
    'grid.slip',
    customMapApplies,
    (x) => customMap(x).slip,
    (d, v) => {
      customMap(d).slip = v;
    },
    GridMapSchema.shape.slip,
  ),
  numberLeaf(
    'grid.time',
    customMapApplies,
    (x) => customMap(x).timeLimit,
    (d, v) => {
      customMap(d).timeLimit = v;
    },
    GridMapSchema.shape.timeLimit,
  ),
  leaf(
    'grid.actions',
    customMapApplies,
    (x) => customMap(x).actions,
    (d, v) => {
      customMap(d).actions = v;
    },
    same,
    text,
    GridMapSchema.shape.actions,
  ),

  // 2048
  enumLeaf(
    'illegal',
    Game2048EnvSchema.shape.illegalMove.options,
    familyIs('2048'),
    (x) => game(x).illegalMove,
    (d, v) => {
      game(d).illegalMove = v;
    },
  ),
  ...(
    [
      ['target', 'targetTile'],
      ['end', 'endTile'],
      ['steps', 'maxSteps'],
      ['tasks', 'numTasks'],
      ['survival', 'survivalWeight'],
    ] as const
  ).map(([key, field]) =>
    numberLeaf(
      key,
      familyIs('2048'),
      (x) => game(x)[field],
      (d, v) => {
        game(d)[field] = v;
      },
      Game2048EnvSchema.shape[field],
    ),
  ),

  // Sokoban
  enumLeaf(
    'sokoban',
    ['teaching', 'generator', 'custom'] as const,
    familyIs('sokoban'),
    (x) => sokoban(x).levels.source,
    (d, source) => {
      if (sokoban(d).levels.source !== source)
        sokoban(d).levels = structuredCopy(DEFAULT_SOKOBAN_LEVELS[source]);
    },
  ),
  leaf(
    'levels',
    levelsAre('teaching'),
    (x) => levels(x, 'teaching').names,
    (d, names) => {
      levels(d, 'teaching').names = names;
    },
    (names) => names.map(slug).join(','),
    (s) =>
      parseList(s, (t) => {
        const name = LEVEL_BY_SLUG.get(t) ?? (SOKOBAN_LEVEL_NAMES.includes(t) ? t : undefined);
        return name
          ? ok(name)
          : fail(`unknown level; known: ${[...LEVEL_BY_SLUG.keys()].join(', ')}`);
      }),
    SokobanTeachingSchema.shape.names,
  ),
  ...(['width', 'height', 'boxes', 'seed', 'count'] as const).map((k) =>
    numberLeaf(
      `gen.${k}`,
      levelsAre('generator'),
      (x) => levels(x, 'generator')[k],
      (d, v) => {
        levels(d, 'generator')[k] = v;
      },
      SokobanGeneratorSchema.shape[k],
    ),
  ),
  leaf(
    'level',
    levelsAre('custom'),
    (x) => levels(x, 'custom').texts,
    (d, texts) => {
      levels(d, 'custom').texts = texts;
    },
    // '/' for newlines keeps rows visible; level characters never include '/' or ';'.
    (texts) => texts.map((t) => t.replace(/\n/g, '/')).join(';'),
    (s) => ok(s.split(';').map((t) => t.replace(/\//g, '\n'))),
    SokobanCustomSchema.shape.texts,
  ),
  boolLeaf(
    'deadlock',
    familyIs('sokoban'),
    (x) => sokoban(x).deadlockTermination,
    (d, v) => {
      sokoban(d).deadlockTermination = v;
    },
  ),
  numberLeaf(
    'steps',
    familyIs('sokoban'),
    (x) => sokoban(x).maxSteps,
    (d, v) => {
      sokoban(d).maxSteps = v;
    },
    SokobanEnvSchema.shape.maxSteps,
  ),
];

const TOP_SPECS: KeySpec[] = [
  enumLeaf(
    'policy',
    ['tabular', 'mlp', 'cnn'] as const,
    always,
    (x) => x.policy.kind,
    (d, kind) => {
      if (d.policy.kind === kind) return;
      d.policy =
        kind === 'tabular'
          ? { kind }
          : kind === 'mlp'
            ? { kind, hidden: defaultMlpHidden(d.env.family) }
            : structuredCopy(DEFAULT_CNN);
    },
  ),
  leaf(
    'conv',
    (d) => (d.policy.kind === 'cnn' ? null : 'applies to policy=cnn'),
    (x) => (x.policy.kind === 'cnn' ? x.policy.conv : DEFAULT_CNN.conv),
    (d, c) => {
      if (d.policy.kind === 'cnn') d.policy.conv = c;
    },
    formatNumbers,
    parseNumbers,
    ConvLayersSchema,
  ),
  leaf(
    'hidden',
    (d) => (d.policy.kind === 'tabular' ? 'applies to policy=mlp or cnn' : null),
    (x) => (x.policy.kind !== 'tabular' ? x.policy.hidden : []),
    (d, h) => {
      if (d.policy.kind !== 'tabular') d.policy.hidden = h;
    },
    formatNumbers,
    parseNumbers,
    HiddenLayersSchema,
  ),
  numberLeaf(
    'episodes',
    always,
    (x) => x.episodesPerUpdate,
    (d, v) => {
      d.episodesPerUpdate = v;
    },
    EpisodesPerUpdateSchema,
  ),
  numberLeaf(
    'group',
    always,
    (x) => x.groupSize,
    (d, v) => {
      d.groupSize = v;
    },
    GroupSizeSchema,
  ),
  numberLeaf(
    'updates',
    always,
    (x) => x.maxUpdates,
    (d, v) => {
      d.maxUpdates = v;
    },
    MaxUpdatesSchema,
  ),
  leaf(
    'speed',
    always,
    (x) => x.updatesPerSecond,
    (d, v) => {
      d.updatesPerSecond = v;
    },
    (v) => (v === null ? 'max' : formatNumber(v)),
    (s) => (s === 'max' ? ok(null) : parseNumber(s)),
    UpdatesPerSecondSchema,
  ),
  numberLeaf(
    'runs',
    always,
    (x) => x.runs.length,
    (d, n) => resizeRuns(d, n),
    z.number().int().min(1).max(MAX_RUNS),
  ),
];

function resizeRuns(d: Experiment, n: number): void {
  d.runs = Array.from({ length: n }, (_, i) => d.runs[i] ?? baseRun(i + 1));
}

// --- Runs --------------------------------------------------------------------------------

/** Short URL names of a few estimator fields; the full field name is accepted as well. */
export const FIELD_ALIASES: Readonly<Partial<Record<keyof EstimatorSpec, string>>> = {
  learningRate: 'lr',
};

function formatField(rule: FieldRule, v: unknown): string {
  return rule.kind === 'number-list' ? formatNumbers(v as number[]) : String(v);
}

function parseField(rule: FieldRule, s: string): Parsed<unknown> {
  switch (rule.kind) {
    case 'boolean':
      return parseBool(s);
    case 'number-list':
      return parseNumbers(s);
    case 'enum': {
      const v = rule.values.find((x) => String(x) === s);
      return v === undefined ? fail(`must be ${describeRule(rule)}`) : ok(v);
    }
    case 'number':
      return parseNumber(s);
  }
}

function presetValue(preset: PresetName, field: keyof EstimatorOverrides): unknown {
  return (PRESETS[preset] as EstimatorSpec)[field];
}

function runSpecs(k: number): KeySpec[] {
  const i = k - 1;
  const p = `run${k}`;
  const applies = (d: Experiment) =>
    d.runs.length >= k ? null : `there are only ${d.runs.length} runs`;
  const run = (x: Experiment) => x.runs[i];
  const specs: KeySpec[] = [
    enumLeaf(
      p,
      PresetSchema.options,
      applies,
      (x) => run(x).preset,
      (d, preset) => {
        if (d.runs[i].preset !== preset) d.runs[i] = baseRun(k, preset);
      },
    ),
    leaf(
      `${p}.id`,
      applies,
      (x) => run(x).id,
      (d, v) => {
        d.runs[i].id = v;
      },
      same,
      text,
      RunIdSchema,
    ),
    leaf(
      `${p}.label`,
      applies,
      (x) => run(x).label,
      (d, v) => {
        d.runs[i].label = v;
      },
      same,
      text,
      LabelSchema,
    ),
    numberLeaf(
      `${p}.seed`,
      applies,
      (x) => run(x).seed,
      (d, v) => {
        d.runs[i].seed = v;
      },
      SeedSchema,
    ),
    // The run's own episodes per update; '' (or no key) = the experiment's `episodes`.
    leaf(
      `${p}.episodes`,
      applies,
      (x) => run(x).episodesPerUpdate,
      (d, v) => {
        if (v === undefined) delete d.runs[i].episodesPerUpdate;
        else d.runs[i].episodesPerUpdate = v;
      },
      (v) => (v === undefined ? '' : formatNumber(v)),
      (s) => {
        if (s === '') return ok(undefined);
        const v = parseNumber(s);
        return v.ok && EpisodesPerUpdateSchema.safeParse(v.value).success
          ? v
          : fail("must be a whole number from 1 to 4096, or empty for the experiment's episodes");
      },
    ),
    leaf(
      `${p}.color`,
      applies,
      (x) => run(x).color,
      (d, v) => {
        if (v === undefined) delete d.runs[i].color;
        else d.runs[i].color = v;
      },
      (v) => v ?? '',
      (s) => ok(s === '' ? undefined : s),
      ColorSchema.optional(),
    ),
    boolLeaf(
      `${p}.hidden`,
      applies,
      (x) => run(x).hidden,
      (d, v) => {
        d.runs[i].hidden = v;
      },
    ),
  ];
  for (const field of FIELD_NAMES) {
    const rule = FIELD_RULES[field];
    const alias = FIELD_ALIASES[field];
    const effective = (x: Experiment) =>
      run(x).overrides[field] ?? presetValue(run(x).preset, field);
    specs.push({
      key: `${p}.${alias ?? field}`,
      aliases: alias ? [`${p}.${field}`] : [],
      applies,
      read: (x) => formatField(rule, effective(x)),
      write: (d, raw) => {
        const v = parseField(rule, raw);
        if (!v.ok) return v.error;
        if (!fieldAccepts(rule, v.value)) return `${field} must be ${describeRule(rule)}`;
        // Only this entry changes; the schema's transform puts the whole object in canonical
        // form once all keys are read.
        const r = d.runs[i];
        const o = { ...r.overrides } as Record<string, unknown>;
        if (formatField(rule, v.value) === formatField(rule, presetValue(r.preset, field)))
          delete o[field];
        else o[field] = v.value;
        r.overrides = o as EstimatorOverrides;
        return null;
      },
    });
  }
  return specs;
}

const RUN_SPECS: KeySpec[][] = Array.from({ length: MAX_RUNS }, (_, i) => runSpecs(i + 1));

const CHART_SPECS: KeySpec[] = [
  enumLeaf(
    'x',
    ChartsSchema.shape.xAxis.options,
    always,
    (x) => x.charts.xAxis,
    (d, v) => {
      d.charts.xAxis = v;
    },
  ),
  enumLeaf(
    'band',
    ChartsSchema.shape.band.options,
    always,
    (x) => x.charts.band,
    (d, v) => {
      d.charts.band = v;
    },
  ),
  leaf(
    'charts',
    always,
    (x) => x.charts.visible as string[],
    (d, v) => {
      d.charts.visible = v as Experiment['charts']['visible'];
    },
    (v) => v.join(','),
    (s) => parseList(s, text),
    ChartsSchema.shape.visible,
  ),
  leaf(
    'panels',
    always,
    (x) => x.layout.order as string[],
    (d, v) => {
      d.layout.order = v as Experiment['layout']['order'];
    },
    (v) => v.join(','),
    // A partial order is a shorthand: the panels not listed follow in their default order.
    (s) => {
      const listed = s === '' ? [] : s.split(',');
      return ok([...listed, ...PANEL_IDS.filter((id) => !listed.includes(id))]);
    },
    LayoutSchema.shape.order,
  ),
  leaf(
    'collapsed',
    always,
    (x) => x.layout.collapsed as string[],
    (d, v) => {
      d.layout.collapsed = v as Experiment['layout']['collapsed'];
    },
    (v) => v.join(','),
    (s) => parseList(s, text),
    LayoutSchema.shape.collapsed,
  ),
];

/** Keys in reading order; the run keys depend on how many runs have been read. */
function specsInOrder(): ((d: Experiment) => KeySpec[])[] {
  return [
    () => ENV_SPECS,
    () => TOP_SPECS,
    (d) => RUN_SPECS.slice(0, d.runs.length).flat(),
    () => CHART_SPECS,
  ];
}

// ------------------------------------------------------------------------------------------
// Encode

/** Percent-encode, but keep the list and table separators readable (legal in a fragment). */
function encodePart(s: string): string {
  return encodeURIComponent(s).replace(/%(2C|2F|3A|3B|40|24)/g, (m) => decodeURIComponent(m));
}

/**
 * The hash fragment (without '#') of an experiment: only values that differ from the defaults;
 * '' for the default experiment. `hidden` adds `<control>_hide=true` keys (teacher mode).
 * The result may exceed MAX_HASH_LENGTH for very large custom tables; callers should check.
 */
export function encodeExperiment(x: Experiment, hidden: Iterable<HideableControl> = []): string {
  const d = defaultExperiment();
  const pairs: Pair[] = [];
  for (const stage of specsInOrder())
    for (const spec of stage(d)) {
      if (spec.applies(d) !== null) continue;
      const want = spec.read(x);
      if (want === spec.read(d)) continue;
      pairs.push([spec.key, want]);
      // Follow x, so the keys after this one compare against what the reader will have.
      spec.write(d, want);
    }
  const hide = new Set(hidden);
  for (const id of HIDEABLE_CONTROLS) if (hide.has(id)) pairs.push([`${id}_hide`, 'true']);
  if (pairs.length === 0) return '';
  return [['v', String(EXPERIMENT_VERSION)] as Pair, ...pairs]
    .map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`)
    .join('&');
}

// ------------------------------------------------------------------------------------------
// Decode

function decodePart(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

const HIDE_SUFFIX = '_hide';

/**
 * Read a hash (with or without '#'). Never throws: every unknown key, malformed or out-of-range
 * value becomes a notice and its default is used; the experiment always passes the schema.
 */
export function decodeExperiment(hash: string): DecodeResult {
  const notices: string[] = [];
  const hidden = new Set<HideableControl>();
  try {
    const experiment = decodeInto(hash, notices, hidden);
    return { experiment, notices, hidden };
  } catch (e) {
    // A bug, not bad input: still open the app with the defaults, and say so.
    notices.push(`internal error while reading the link (${String(e)}); using the defaults`);
    return { experiment: defaultExperiment(), notices, hidden };
  }
}

function decodeInto(hash: string, notices: string[], hidden: Set<HideableControl>): Experiment {
  // The limit applies to the text as given (a leading '#' counts), so every input longer than
  // MAX_HASH_LENGTH is refused, whatever its first character.
  if (hash.length > MAX_HASH_LENGTH) {
    notices.push(
      `the link is too long (${hash.length} characters, at most ${MAX_HASH_LENGTH}); it was not read and the default experiment is shown`,
    );
    return defaultExperiment();
  }
  const body = hash.startsWith('#') ? hash.slice(1) : hash;

  let pairs: Pair[] = [];
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      notices.push(`${show(part)} is not key=value; ignored`);
      continue;
    }
    const key = decodePart(part.slice(0, eq));
    const value = decodePart(part.slice(eq + 1));
    if (key === null || value === null) {
      notices.push(`${show(part)}: malformed %-encoding; ignored`);
      continue;
    }
    pairs.push([key, value]);
  }

  // Version first: older links are rewritten to the current keys.
  const versions = pairs.filter(([k]) => k === 'v');
  pairs = pairs.filter(([k]) => k !== 'v');
  if (versions.length > 1) notices.push(`v is given ${versions.length} times; the first is used`);
  if (versions.length > 0) {
    const raw = versions[0][1];
    const version = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(version))
      notices.push(`v=${show(raw)}: not a version number; read as v${EXPERIMENT_VERSION}`);
    else if (version > EXPERIMENT_VERSION)
      notices.push(
        `v=${version}: this link comes from a newer version of the playground; read as v${EXPERIMENT_VERSION}, settings this version does not know are listed as unknown`,
      );
    else if (version < EXPERIMENT_VERSION) {
      const m = migratePairs(pairs, version);
      pairs = m.pairs;
      notices.push(...m.notices);
    }
  }

  const entries = new Map<string, string>();
  for (const [key, value] of pairs) {
    if (key.endsWith(HIDE_SUFFIX)) {
      readHide(key, value, notices, hidden);
      continue;
    }
    if (entries.has(key)) {
      notices.push(`${show(key)} is given more than once; the first value is used`);
      continue;
    }
    entries.set(key, value);
  }

  const d = defaultExperiment();
  // A link may name run k without saying runs=k: the runs up to the highest named one exist.
  if (!entries.has('runs')) {
    let highest = 0;
    for (const key of entries.keys()) {
      const m = /^run(\d{1,2})(?:\.|$)/.exec(key);
      if (m && Number(m[1]) <= MAX_RUNS) highest = Math.max(highest, Number(m[1]));
    }
    if (highest > d.runs.length) resizeRuns(d, highest);
  }

  const reasons = new Map<string, string>();
  for (const stage of specsInOrder())
    for (const spec of stage(d)) {
      if (!entries.has(spec.key) && !spec.aliases?.some((k) => entries.has(k))) continue;
      const present = [spec.key, ...(spec.aliases ?? [])].filter((k) => entries.has(k));
      const reason = spec.applies(d);
      if (reason !== null) {
        // Left for a later key of the same name (e.g. 'steps' of 2048 and of Sokoban).
        for (const k of present) if (!reasons.has(k)) reasons.set(k, reason);
        continue;
      }
      const key = present[0];
      const raw = entries.get(key) as string;
      for (const k of present) entries.delete(k);
      if (present.length > 1)
        notices.push(`${present.join(' and ')} name the same setting; ${key} is used`);
      const before = spec.read(d);
      const err = spec.write(d, raw);
      // '' is how an empty value reads (no colour or own episode count for a run, no charts).
      const kept = before === '' ? 'leaving it empty' : `using ${show(before)}`;
      if (err !== null) notices.push(`${key}=${show(raw)}: ${err}; ${kept}`);
    }

  for (const [key, value] of entries)
    notices.push(
      `${show(key)}=${show(value)}: ${leftoverReason(key, reasons.get(key), d)}; ignored`,
    );

  return repair(d, notices);
}

function readHide(
  key: string,
  value: string,
  notices: string[],
  hidden: Set<HideableControl>,
): void {
  const id = key.slice(0, -HIDE_SUFFIX.length);
  if (!(HIDEABLE_CONTROLS as readonly string[]).includes(id)) {
    notices.push(
      `${show(key)}: there is no control ${show(id)} to hide; hideable: ${HIDEABLE_CONTROLS.join(', ')}`,
    );
    return;
  }
  if (value === 'true') hidden.add(id as HideableControl);
  else if (value !== 'false')
    notices.push(`${key}=${show(value)}: must be true or false; the control is shown`);
}

function leftoverReason(key: string, reason: string | undefined, d: Experiment): string {
  if (reason) return reason;
  const m = /^run(\d+)(?:\.(.*))?$/.exec(key);
  if (m) {
    const k = Number(m[1]);
    if (k < 1 || k > MAX_RUNS) return `runs are numbered 1 to ${MAX_RUNS}`;
    if (k > d.runs.length) return `there are only ${d.runs.length} runs (runs=${d.runs.length})`;
    return `not a run setting (id, label, seed, episodes, color, hidden) or an estimator field`;
  }
  return 'unknown setting';
}

/**
 * Cross-field checks (a custom map without a reachable goal, overrides that clash, repeated run
 * ids) can only fail once all keys are read: reset the part concerned to its default and say so.
 */
function repair(d: Experiment, notices: string[]): Experiment {
  for (let attempt = 0; attempt < 4; attempt++) {
    const r = ExperimentSchema.safeParse(d);
    if (r.success) return r.data;
    const done = new Set<string>();
    for (const issue of r.error.issues) {
      const [head, index, sub] = issue.path;
      const message = formatIssues({ issues: [issue] })[0];
      if (head === 'env') {
        const part = typeof index === 'string' ? index : '';
        if (done.has(`env.${part}`)) continue;
        done.add(`env.${part}`);
        d.env = resetEnvPart(d.env, part);
        notices.push(`${message}; using the default ${d.env.family} ${part || 'settings'}`);
      } else if (head === 'runs' && typeof index === 'number' && d.runs[index]) {
        const run = d.runs[index];
        if (sub === 'id') {
          const taken = new Set(d.runs.map((x) => x.id));
          let n = index + 1;
          while (taken.has(`run-${n}`)) n++;
          notices.push(`run${index + 1}.id: ${issue.message}; using "run-${n}"`);
          run.id = `run-${n}`;
        } else if (!done.has(`run${index}`)) {
          done.add(`run${index}`);
          notices.push(`run${index + 1}: ${message}; the run's estimator overrides are dropped`);
          run.overrides = {};
        }
      } else if (typeof head === 'string' && head in d && !done.has(head)) {
        done.add(head);
        const fallback = defaultExperiment() as unknown as Record<string, unknown>;
        (d as unknown as Record<string, unknown>)[head] = fallback[head];
        notices.push(`${message}; using the default ${head}`);
      }
    }
  }
  notices.push('the link could not be repaired; using the default experiment');
  return defaultExperiment();
}

function resetEnvPart(env: Experiment['env'], part: string): Experiment['env'] {
  const e = structuredCopy(env);
  if (e.family === 'bandit' && part === 'arms') {
    e.arms = defaultBanditEnv(e.kind).arms;
    return e;
  }
  if (e.family === 'gridworld' && part === 'map') return defaultEnv('gridworld');
  if (e.family === 'sokoban' && part === 'levels') {
    e.levels = structuredCopy(DEFAULT_SOKOBAN_LEVELS[e.levels.source]);
    return e;
  }
  return e.family === 'bandit' ? defaultBanditEnv(e.kind) : defaultEnv(e.family);
}

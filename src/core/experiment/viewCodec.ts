import { PRESET_NAMES, type PresetName } from '../estimators/presets';
import { validateMicroscopeBandit } from '../microscope/banditBatches';
import { MICROSCOPE_LIMITS } from '../microscope/microscope';
import { problemShape } from '../microscope/problem';
import {
  defaultMicroscopeSettings,
  MICROSCOPE_SOURCES,
  problemOfSource,
  SOURCE_LABELS,
  SWEEP_AXES,
  type MicroscopeSettings,
  type MicroscopeSource,
} from '../microscope/settings';
import type { SweepAxis } from '../microscope/sweep';
import type { EnvConfig } from '../envs/registry';
import type { Experiment } from './schema';
import { envConfigOf } from './trainConfig';
import {
  decodeExperiment,
  encodeExperiment,
  MAX_HASH_LENGTH,
  show,
  type DecodeResult,
  type HideableControl,
} from './urlCodec';

/**
 * Links to a view, not only to an experiment: the experiment's keys (urlCodec.ts) plus
 *
 *   view=microscope  ms.env=frozenlake4x4&ms.N=32&ms.G=8&ms.M=400&ms.seed=2&ms.axis=group
 *                    ms.est=reinforce,rloo&ms.means=0.1,0.5,0.9&ms.logits=0,0.5,-1,0/...
 *   view=stepper     step.run=2&step.update=5
 *
 * The microscope keys are its settings (microscope/settings.ts), only where they differ from
 * the defaults; `ms.env=experiment` looks at the linked experiment's own environment, so a
 * custom map travels in the experiment's keys. `ms.logits` is the frozen policy, one row of
 * comma-separated logits per state ('/' between states), rounded to 3 decimals.
 *
 * A stepper link opens the experiment with its seeds, trains `update - 1` updates paused and
 * explains update `update` for run `run` (1-based, as the run table counts): the same seeds give
 * the same update, so the link shows everyone the same numbers.
 *
 * Like the experiment's keys, a bad value never stops the link from opening: it becomes a
 * notice naming the key, what is allowed and what is used instead.
 */
export const VIEWS = ['microscope', 'stepper'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface StepperLink {
  /** Run number, 1-based. */
  readonly run: number;
  /** The update to explain, 1-based (update - 1 updates run first). */
  readonly update: number;
}

export type LinkedView =
  | { readonly view: 'microscope'; readonly microscope: MicroscopeSettings }
  | { readonly view: 'stepper'; readonly stepper: StepperLink };

/** Highest update a stepper link trains to (tabular updates take milliseconds). */
export const MAX_STEPPER_UPDATE = 2000;
/** Logits are rounded to this many decimals in a link. */
export const LOGIT_DECIMALS = 3;

const isViewKey = (k: string) => k === 'view' || k.startsWith('ms.') || k.startsWith('step.');

export const roundLogit = (z: number) => {
  const r = Number(z.toFixed(LOGIT_DECIMALS));
  return r === 0 ? 0 : r; // no "-0" in links
};

// ------------------------------------------------------------------------------------------
// Encode

function encodeMicroscope(s: MicroscopeSettings, x: Experiment): [string, string][] {
  const d = defaultMicroscopeSettings();
  const pairs: [string, string][] = [];
  if (s.source !== d.source) pairs.push(['ms.env', s.source]);
  if (s.source === 'example' && s.means.join() !== d.means.join())
    pairs.push(['ms.means', s.means.join(',')]);
  if (s.batchSize !== d.batchSize) pairs.push(['ms.N', String(s.batchSize)]);
  if (s.groupSize !== d.groupSize) pairs.push(['ms.G', String(s.groupSize)]);
  if (s.batches !== d.batches) pairs.push(['ms.M', String(s.batches)]);
  if (s.seed !== d.seed) pairs.push(['ms.seed', String(s.seed)]);
  if (s.axis !== d.axis) pairs.push(['ms.axis', s.axis]);
  if (s.estimators.join() !== d.estimators.join()) pairs.push(['ms.est', s.estimators.join(',')]);
  if (s.logits) pairs.push(['ms.logits', formatLogits(s.logits, s, x)]);
  return pairs;
}

/** One row of A logits per state ('/' between states); A from the source's problem. */
function formatLogits(logits: readonly number[], s: MicroscopeSettings, x: Experiment): string {
  const p = problemOfSource(s, s.source === 'experiment' ? experimentEnvOf(x) : null);
  const A = typeof p === 'string' ? logits.length : problemShape(p).numActions;
  const text = logits.map((z) => String(roundLogit(z)));
  const rows: string[] = [];
  for (let o = 0; o < text.length; o += A) rows.push(text.slice(o, o + A).join(','));
  return rows.join('/');
}

function experimentEnvOf(x: Experiment): EnvConfig | null {
  try {
    return envConfigOf(x.env);
  } catch {
    return null;
  }
}

export function encodeView(v: LinkedView, x: Experiment): string {
  const pairs: [string, string][] = [['view', v.view]];
  if (v.view === 'microscope') pairs.push(...encodeMicroscope(v.microscope, x));
  else {
    if (v.stepper.run !== 1) pairs.push(['step.run', String(v.stepper.run)]);
    if (v.stepper.update !== 1) pairs.push(['step.update', String(v.stepper.update)]);
  }
  return pairs
    .map(([k, val]) => `${k}=${encodeURIComponent(val).replace(/%2C|%2F/g, decodeURIComponent)}`)
    .join('&');
}

/** The link's hash: the experiment's keys, then the view's (none for the Train tab). */
export function encodeLink(
  x: Experiment,
  hidden: Iterable<HideableControl> = [],
  view: LinkedView | null = null,
): string {
  return [encodeExperiment(x, hidden), view ? encodeView(view, x) : ''].filter(Boolean).join('&');
}

// ------------------------------------------------------------------------------------------
// Decode

export interface LinkDecodeResult extends DecodeResult {
  /** The view the link opens, or null for the Train tab. */
  readonly view: LinkedView | null;
}

function decodePart(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Read a link's hash (with or without '#'): the experiment, then the view. Never throws. */
export function decodeLink(hash: string): LinkDecodeResult {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (hash.length > MAX_HASH_LENGTH) return { ...decodeExperiment(hash), view: null };
  const rest: string[] = [];
  const viewPairs = new Map<string, string>();
  const notices: string[] = [];
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? null : decodePart(part.slice(0, eq));
    const value = eq < 0 ? null : decodePart(part.slice(eq + 1));
    if (key === null || value === null || !isViewKey(key)) {
      rest.push(part);
      continue;
    }
    if (viewPairs.has(key))
      notices.push(`${show(key)} is given more than once; the first value is used`);
    else viewPairs.set(key, value);
  }
  const decoded = decodeExperiment(rest.join('&'));
  try {
    const view = decodeView(viewPairs, decoded.experiment, notices);
    return { ...decoded, notices: [...decoded.notices, ...notices], view };
  } catch (e) {
    notices.push(
      `internal error while reading the link's view (${String(e)}); opening the Train tab`,
    );
    return { ...decoded, notices: [...decoded.notices, ...notices], view: null };
  }
}

function decodeView(
  pairs: Map<string, string>,
  x: Experiment,
  notices: string[],
): LinkedView | null {
  const name = pairs.get('view');
  pairs.delete('view');
  let view: LinkedView | null = null;
  if (name === undefined) {
    if (pairs.size)
      notices.push(`${[...pairs.keys()].join(', ')}: no view=... in the link; ignored`);
    return null;
  }
  if (name === 'microscope')
    view = { view: 'microscope', microscope: readMicroscope(pairs, x, notices) };
  else if (name === 'stepper') view = readStepper(pairs, x, notices);
  else
    notices.push(
      `view=${show(name)}: unknown view; allowed: ${VIEWS.join(', ')}; opening the Train tab`,
    );
  for (const [k, v] of pairs)
    notices.push(
      `${show(k)}=${show(v)}: ${k.startsWith('ms.') && name === 'microscope' ? 'not a microscope setting (ms.env, ms.means, ms.N, ms.G, ms.M, ms.seed, ms.axis, ms.est, ms.logits)' : k.startsWith('step.') && name === 'stepper' ? 'not a stepper setting (step.run, step.update)' : `does not apply to view=${name}`}; ignored`,
    );
  return view;
}

/** A whole number from lo to hi, or the notice's reason. */
function readWhole(raw: string, lo: number, hi: number): number | string {
  if (!/^-?\d{1,16}$/.test(raw)) return `must be a whole number from ${lo} to ${hi}`;
  const v = Number(raw);
  return v >= lo && v <= hi ? v : `must be a whole number from ${lo} to ${hi}`;
}

function take(pairs: Map<string, string>, key: string): string | undefined {
  const v = pairs.get(key);
  pairs.delete(key);
  return v;
}

function readStepper(
  pairs: Map<string, string>,
  x: Experiment,
  notices: string[],
): LinkedView | null {
  const runs = x.runs.length;
  const out = { run: 1, update: 1 };
  for (const [key, field, hi] of [
    ['step.run', 'run', runs],
    ['step.update', 'update', MAX_STEPPER_UPDATE],
  ] as const) {
    const raw = take(pairs, key);
    if (raw === undefined) continue;
    const v = readWhole(raw, 1, hi);
    if (typeof v === 'string') notices.push(`${key}=${show(raw)}: ${v}; using 1`);
    else out[field] = v;
  }
  if (x.policy.kind !== 'tabular') {
    notices.push(
      `view=stepper: the step-by-step view needs a tabular policy and this experiment uses policy=${x.policy.kind}; opening the Train tab`,
    );
    return null;
  }
  return { view: 'stepper', stepper: out };
}

function readMicroscope(
  pairs: Map<string, string>,
  x: Experiment,
  notices: string[],
): MicroscopeSettings {
  const d = defaultMicroscopeSettings();
  let source: MicroscopeSource = d.source;
  let means = [...d.means];
  let logits: number[] | null = null;
  const s = { batchSize: d.batchSize, groupSize: d.groupSize, batches: d.batches, seed: d.seed };
  let axis: SweepAxis = d.axis;
  let estimators: PresetName[] = [...d.estimators];

  const env = take(pairs, 'ms.env');
  if (env !== undefined) {
    if ((MICROSCOPE_SOURCES as readonly string[]).includes(env)) source = env as MicroscopeSource;
    else
      notices.push(
        `ms.env=${show(env)}: unknown source; allowed: ${MICROSCOPE_SOURCES.join(', ')}; using example`,
      );
  }
  const experimentEnv = experimentEnvOf(x);
  if (source === 'experiment') {
    const p = problemOfSource({ source, means }, experimentEnv);
    if (typeof p === 'string') {
      notices.push(`ms.env=experiment: ${p}; using example`);
      source = 'example';
    }
  }
  const rawMeans = take(pairs, 'ms.means');
  if (rawMeans !== undefined) {
    const list = rawMeans
      .split(',')
      .map((t) => (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN));
    const problems = list.some(Number.isNaN)
      ? ['every arm mean must be a decimal number']
      : validateMicroscopeBandit({ kind: 'bernoulli', means: list });
    if (source !== 'example')
      notices.push(`ms.means=${show(rawMeans)}: applies to ms.env=example only; ignored`);
    else if (problems.length)
      notices.push(
        `ms.means=${show(rawMeans)}: ${problems.join('; ')}; using ${d.means.join(',')}`,
      );
    else means = list;
  }
  const { maxBatchSize, minBatches, maxBatches } = MICROSCOPE_LIMITS;
  for (const [key, field, lo, hi] of [
    ['ms.N', 'batchSize', 1, maxBatchSize],
    ['ms.G', 'groupSize', 1, maxBatchSize],
    ['ms.M', 'batches', minBatches, maxBatches],
    ['ms.seed', 'seed', 0, Number.MAX_SAFE_INTEGER],
  ] as const) {
    const raw = take(pairs, key);
    if (raw === undefined) continue;
    const v = readWhole(raw, lo, hi);
    if (typeof v === 'string') notices.push(`${key}=${show(raw)}: ${v}; using ${s[field]}`);
    else s[field] = v;
  }
  if (s.batchSize % s.groupSize !== 0) {
    notices.push(
      `ms.G=${s.groupSize}: the group size must divide the batch size ms.N=${s.batchSize}; using ms.G=1`,
    );
    s.groupSize = 1;
  }
  const rawAxis = take(pairs, 'ms.axis');
  if (rawAxis !== undefined) {
    if ((SWEEP_AXES as readonly string[]).includes(rawAxis)) axis = rawAxis as SweepAxis;
    else
      notices.push(`ms.axis=${show(rawAxis)}: allowed: ${SWEEP_AXES.join(', ')}; using ${d.axis}`);
  }
  const rawEst = take(pairs, 'ms.est');
  if (rawEst !== undefined) {
    const names = rawEst.split(',');
    const bad = names.filter((n) => !(PRESET_NAMES as readonly string[]).includes(n));
    const good = names.filter((n): n is PresetName => !bad.includes(n));
    if (bad.length)
      notices.push(
        `ms.est: ${bad.map((b) => show(b)).join(', ')} ${bad.length > 1 ? 'are not estimator presets' : 'is not an estimator preset'}; allowed: ${PRESET_NAMES.join(', ')}; ${good.length ? 'left out' : 'using the default estimators'}`,
      );
    if (good.length) estimators = [...new Set(good)];
  }
  const rawLogits = take(pairs, 'ms.logits');
  if (rawLogits !== undefined) {
    const list = rawLogits
      .split(/[,/]/)
      .map((t) => (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN));
    const problem = problemOfSource({ source, means }, experimentEnv);
    const shape = typeof problem === 'string' ? null : problemShape(problem);
    const need = shape ? shape.numStates * shape.numActions : 0;
    if (list.some((z) => !Number.isFinite(z)))
      notices.push(
        `ms.logits=${show(rawLogits)}: every logit must be a decimal number; using the default policy`,
      );
    else if (list.length !== need)
      notices.push(
        `ms.logits: ${list.length} numbers, but the policy of ${SOURCE_LABELS[source]} needs ${need}${shape && shape.numStates > 1 ? ` (${shape.numStates} states x ${shape.numActions} actions)` : ''}; using the default policy`,
      );
    else logits = list;
  }
  return { source, means, logits, ...s, axis, estimators };
}

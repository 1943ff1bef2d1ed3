import {
  EstimatorConfigError,
  FIELD_NAMES,
  PRESETS,
  isPresetName,
  resolveEstimator,
  type EstimatorNeeds,
  type EstimatorOverrides,
  type EstimatorSpec,
  type FieldRule,
} from '../../core/estimators';
import { sameValue } from './differences';
import {
  KEY_FIELDS,
  SECTIONS,
  fieldInUse,
  isOptionParameter,
  type FieldName,
} from './fieldSections';

const FIELD_SET = new Set<string>(FIELD_NAMES);

export function isFieldName(key: string): key is FieldName {
  return FIELD_SET.has(key);
}

/** The preset's value of a field, or undefined for an unknown preset. */
export function presetValue(preset: string, field: FieldName): unknown {
  return isPresetName(preset) ? PRESETS[preset][field] : undefined;
}

/**
 * Only the overrides that change something: an override equal to the preset's value is dropped,
 * so URLs and the "what differs" view stay minimal. Unknown keys are kept, so validation can
 * still report them.
 */
export function pruneOverrides(
  preset: string,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (isFieldName(key) && isPresetName(preset) && sameValue(presetValue(preset, key), value))
      continue;
    out[key] = value;
  }
  return out;
}

/** `overrides` with `field` set to `value` (or removed when it equals the preset's value). */
export function setOverride(
  preset: string,
  overrides: Record<string, unknown>,
  field: FieldName,
  value: unknown,
): Record<string, unknown> {
  return pruneOverrides(preset, { ...overrides, [field]: value });
}

/** `overrides` without `field`: back to the preset's value. */
export function resetOverride(
  overrides: Record<string, unknown>,
  field: FieldName,
): Record<string, unknown> {
  const next = { ...overrides };
  delete next[field];
  return next;
}

/** The fields whose value in the run differs from the preset's (what a card highlights). */
export function overriddenFields(preset: string, overrides: Record<string, unknown>): FieldName[] {
  const changed = pruneOverrides(preset, overrides);
  return FIELD_NAMES.filter((f) => f in changed);
}

/** Problems of a spec, split by the fields they name (a problem can name several fields). */
export interface SortedProblems {
  readonly byField: ReadonlyMap<FieldName, readonly string[]>;
  /** Problems that name no field first (unknown preset, unknown key, group size). */
  readonly general: readonly string[];
}

/**
 * validateEstimator starts every problem with the field it is about; a cross-field rule
 * ("reference must be initial when klCoef > 0") also names the other field, and the problem is
 * shown next to both, since changing either fixes it.
 */
export function sortProblems(problems: readonly string[]): SortedProblems {
  const byField = new Map<FieldName, string[]>();
  const general: string[] = [];
  for (const p of problems) {
    const lead = /^[A-Za-z]+/.exec(p)?.[0] ?? '';
    if (!isFieldName(lead)) {
      general.push(p);
      continue;
    }
    const named = FIELD_NAMES.filter((f) => f === lead || new RegExp(`\\b${f}\\b`).test(p));
    for (const f of named) byField.set(f, [...(byField.get(f) ?? []), p]);
  }
  return { byField, general };
}

export interface DisplaySpec {
  /** The preset merged with the overrides; when `problems` is not empty it may be invalid. */
  readonly spec: EstimatorSpec | null;
  readonly valid: boolean;
  readonly problems: readonly string[];
  readonly sorted: SortedProblems;
}

/**
 * resolveEstimator for display: never throws. An invalid run still shows its values (with the
 * broken fields marked) instead of an empty card; an unknown preset shows only the message.
 */
export function resolveForDisplay(preset: string, overrides: Record<string, unknown>): DisplaySpec {
  let problems: string[] = [];
  let spec: EstimatorSpec | null = null;
  try {
    // The overrides come from URLs and editors: validateEstimator checks every value's type.
    spec = resolveEstimator(preset, overrides as EstimatorOverrides);
  } catch (e) {
    problems = e instanceof EstimatorConfigError ? e.problems : [String(e)];
    if (isPresetName(preset))
      spec = { ...PRESETS[preset], ...(overrides as EstimatorOverrides), preset };
  }
  return { spec, valid: problems.length === 0, problems, sorted: sortProblems(problems) };
}

/**
 * What a compact card shows: the choices that name the estimator, the parameters of the options
 * in use, and every value the preset or the run changed from the shared defaults.
 */
export function compactFields(
  spec: EstimatorSpec,
  overridden: readonly FieldName[],
): Set<FieldName> {
  // PRESETS.reinforce is the shared default bundle every preset starts from (presets.ts `common`).
  const defaults = PRESETS.reinforce;
  const shown = new Set<FieldName>();
  for (const f of SECTIONS.flatMap((s) => s.fields)) {
    const inUse = fieldInUse(spec, f);
    if (
      KEY_FIELDS.includes(f) ||
      overridden.includes(f) ||
      (inUse && isOptionParameter(f)) ||
      (inUse && !sameValue(spec[f], defaults[f]))
    )
      shown.add(f);
  }
  return shown;
}

/** A value as a short string: small numbers in exponent form (1e-4), lists in brackets. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') {
    if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential();
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}

/** Parses "1, 0.5 2" into numbers; null when an entry is not a finite number. */
export function parseNumberList(text: string): number[] | null {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const values = parts.map(Number);
  return values.every((x) => Number.isFinite(x)) ? values : null;
}

/**
 * Step of a number input: 1 for integers, otherwise the decade of the preset's value (0.1 for
 * 0.2, 1e-4 for 1e-4) so the arrow keys move by a sensible amount.
 */
export function stepFor(rule: FieldRule, reference: unknown): number | 'any' {
  if (rule.kind !== 'number') return 'any';
  if (rule.integer) return 1;
  if (typeof reference !== 'number' || reference === 0 || !Number.isFinite(reference)) return 0.01;
  return 10 ** Math.floor(Math.log10(Math.abs(reference)));
}

/** The needs of a spec in words, each with the fields that cause it. */
export function needsInWords(n: EstimatorNeeds): { need: string; because: readonly string[] }[] {
  const out: { need: string; because: readonly string[] }[] = [];
  const add = (need: string, because: readonly string[]) => {
    if (because.length) out.push({ need, because });
  };
  add('G ≥ 2 rollouts per task (groups)', n.groupRollouts);
  add('a learned critic V(s)', n.critic);
  add('a frozen reference policy', n.referencePolicy);
  add('a tabular policy', n.tabularPolicy);
  add('greedy rollouts with common random numbers', n.greedyRollouts);
  add('Monte Carlo values from env clones', n.mcValues);
  add('per-episode gradient norms', n.gradLogpNorms);
  add('several reward components', n.rewardComponents);
  add('task sampling by success estimate', n.taskSampling);
  add('covariance-based step selection', n.covarianceSelection);
  if (n.epochs > 1 || n.minibatches > 1)
    out.push({
      need: `${n.epochs} epochs × ${n.minibatches} minibatches per batch`,
      because: [`epochs: ${n.epochs}`, `minibatches: ${n.minibatches}`],
    });
  return out;
}

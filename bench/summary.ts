/**
 * The last line of `npm run bench`: every target of the throughput issue, per runtime, backend
 * and workload, with its figure and met / not met, so the closing note can quote one line.
 */
import { TARGETS } from './targets';

export interface Check {
  readonly value: number;
  readonly target: string;
  readonly met: boolean;
}

export interface SummaryEntry {
  readonly runtime: string;
  readonly backend: string;
  /** 'training' (the fixed MLP bandit workload) or the WorkloadId of (a)-(d). */
  readonly workload: string;
  /** Env steps/s against the reference (tabular: hand-written loop; neural: naive). */
  readonly ratio?: Check;
  /** Time per update of all runs / 1 run; `runs` says how many were trained together. */
  readonly scaling?: Check & { readonly runs: number };
  /** Browser only: the longest main-thread long task in ms. */
  readonly noLongTask?: Check;
  readonly error?: string;
}

export interface Summary {
  readonly bench: 'summary';
  readonly entries: readonly SummaryEntry[];
  readonly met: number;
  readonly notMet: number;
  readonly errors: number;
}

type Row = Record<string, unknown>;
/** Rows of training measurements, and rows saying a backend or the browser could not run. */
const TRAINING_ROWS = ['training', 'workload', 'app', 'backend', 'browser'];
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
/** Three significant digits: the summary is read by people; the rows keep full precision. */
const round = (v: number) => Number(v.toPrecision(3));

function entryOf(row: Row): SummaryEntry {
  const base = {
    runtime: String(row.runtime ?? '?'),
    backend: String(row.backend ?? '?'),
    // Rows of training as the app does it (bench/app.ts) say so, with their workers.
    workload:
      row.bench === 'app'
        ? `${String(row.id ?? '?')} (app, ${String(row.workers ?? '?')} workers)`
        : String(row.id ?? '?'),
  };
  if (typeof row.error === 'string') return { ...base, error: row.error };
  const met = (row.met ?? {}) as Record<string, boolean | undefined>;
  const ratio = num(row.ratio);
  const scaling = num(row.scaling);
  const main = row.mainThread as { longestMs?: number } | undefined;
  return {
    ...base,
    ...(ratio !== null
      ? { ratio: { value: round(ratio), target: String(row.ratioTarget), met: met.ratio === true } }
      : {}),
    ...(scaling !== null
      ? {
          scaling: {
            value: round(scaling),
            target: `<= ${TARGETS.scaling}`,
            met: met.scaling === true,
            runs: num(row.scalingRuns) ?? 0,
          },
        }
      : {}),
    ...(main && typeof main.longestMs === 'number'
      ? {
          noLongTask: {
            value: round(main.longestMs),
            target: `<= ${TARGETS.longTaskMs} ms`,
            met: met.noLongTask === true,
          },
        }
      : {}),
  };
}

/** The summary of the training rows, in the order they ran. */
export function summarize(rows: readonly object[]): Summary {
  const entries = (rows as Row[])
    .filter((r) => TRAINING_ROWS.includes(String(r.bench)))
    .map(entryOf);
  const checks = entries.flatMap((e) =>
    [e.ratio, e.scaling, e.noLongTask].filter((c): c is Check => c !== undefined),
  );
  return {
    bench: 'summary',
    entries,
    met: checks.filter((c) => c.met).length,
    notMet: checks.filter((c) => !c.met).length,
    errors: entries.filter((e) => e.error !== undefined).length,
  };
}

import { z } from 'zod';
import { ExperimentSchema, formatIssues, type Experiment } from './schema';

/**
 * Results files: a finished experiment (its config plus every metric of every run) as JSON, so it
 * can be re-opened, compared or analysed elsewhere (pandas, R). Metrics are row-major: one row per
 * update, one column per metric (`columns` names them, e.g. METRIC_NAMES of the trainer). JSON has
 * no NaN, so a NaN (a diverged run, a metric an env lacks) is written as null and read back as NaN.
 */

export const RESULTS_FORMAT = 'pg-playground-results';
export const RESULTS_VERSION = 1;

export interface RunMetrics {
  /** The run's id in the experiment. */
  readonly id: string;
  readonly columns: readonly string[];
  /** rows[update][column]. */
  readonly rows: readonly (readonly number[])[];
}

export interface ResultsFile {
  readonly format: typeof RESULTS_FORMAT;
  readonly version: number;
  readonly experiment: Experiment;
  readonly runs: readonly RunMetrics[];
  /** ISO 8601 time the file was written. */
  readonly createdAt: string;
  /** tfjs backend that trained (cpu, wasm, webgl, webgpu; or tabular). */
  readonly backend: string;
}

const RunMetricsSchema = z
  .object({
    id: z.string(),
    columns: z
      .array(z.string().min(1).max(64))
      .min(1)
      .refine((c) => new Set(c).size === c.length, 'column names must not repeat'),
    rows: z.array(z.array(z.number().nullable())),
  })
  .superRefine((run, ctx) => {
    run.rows.forEach((row, u) => {
      if (row.length !== run.columns.length)
        ctx.addIssue({
          code: 'custom',
          path: ['rows', u],
          message: `has ${row.length} values, expected ${run.columns.length} (one per column)`,
        });
    });
  });

export const ResultsFileSchema = z
  .object({
    format: z.literal(RESULTS_FORMAT, `must be "${RESULTS_FORMAT}"`),
    version: z
      .number()
      .int()
      .refine(
        (v) => v <= RESULTS_VERSION,
        `is newer than this app reads (${RESULTS_VERSION}); update the playground`,
      )
      .refine((v) => v >= 1, 'must be 1 or more'),
    experiment: ExperimentSchema,
    runs: z.array(RunMetricsSchema),
    createdAt: z.iso.datetime(),
    backend: z.string().max(100),
  })
  .superRefine((f, ctx) => {
    const ids = new Set(f.experiment.runs.map((r) => r.id));
    const seen = new Set<string>();
    f.runs.forEach((r, i) => {
      if (!ids.has(r.id))
        ctx.addIssue({
          code: 'custom',
          path: ['runs', i, 'id'],
          message: `"${r.id}" is not a run of the experiment (${[...ids].join(', ')})`,
        });
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['runs', i, 'id'], message: `"${r.id}" repeats` });
      seen.add(r.id);
    });
  });

/** The results file as JSON text (NaN and infinities written as null). */
export function exportResults(input: {
  experiment: Experiment;
  runs: readonly RunMetrics[];
  backend: string;
  createdAt?: Date;
}): string {
  const file = {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    experiment: input.experiment,
    runs: input.runs.map((r) => ({
      id: r.id,
      columns: [...r.columns],
      rows: r.rows.map((row) => Array.from(row, (v) => (Number.isFinite(v) ? v : null))),
    })),
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    backend: input.backend,
  };
  return JSON.stringify(file);
}

/** A results file read back, or every problem found, each naming where it is. */
export function importResults(
  json: string,
): { ok: true; results: ResultsFile } | { ok: false; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { ok: false, problems: [`not JSON: ${(e as Error).message}`] };
  }
  const r = ResultsFileSchema.safeParse(data);
  if (!r.success) return { ok: false, problems: formatIssues(r.error) };
  const f = r.data;
  return {
    ok: true,
    results: {
      ...f,
      runs: f.runs.map((run) => ({
        ...run,
        rows: run.rows.map((row) => row.map((v) => (v === null ? NaN : v))),
      })),
    },
  };
}

/** A CSV field: quoted when needed (RFC 4180), and text a spreadsheet would run as a formula
 * (leading = + - @) prefixed with ' so labels stay text. */
function csvField(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Long-format CSV: a header `run,label,preset,seed,<metric columns...>`, then one row per run per
 * update. Runs with different columns share the union of columns; a missing value or NaN is empty.
 */
export function metricsToCsv(results: Pick<ResultsFile, 'experiment' | 'runs'>): string {
  const columns: string[] = [];
  for (const r of results.runs)
    for (const c of r.columns) if (!columns.includes(c)) columns.push(c);
  const lines = [['run', 'label', 'preset', 'seed', ...columns].map(csvField).join(',')];
  for (const r of results.runs) {
    const run = results.experiment.runs.find((x) => x.id === r.id);
    const at = columns.map((c) => r.columns.indexOf(c));
    const head = [r.id, run?.label ?? '', run?.preset ?? '', run ? String(run.seed) : ''].map(
      csvField,
    );
    for (const row of r.rows)
      lines.push(
        [...head, ...at.map((k) => (k < 0 || !Number.isFinite(row[k]) ? '' : String(row[k])))].join(
          ',',
        ),
      );
  }
  return lines.join('\n') + '\n';
}

import { quantileOf } from './advantages';

/**
 * Seed bands (metrics.md: "a mean line and a band (min-max or inter-quartile) across seeds of
 * the same configuration"). Per x index k, over the runs that have a finite value at k (runs may
 * have different lengths; diverged runs report NaN and drop out), the mean and either
 * [min, max] or [q25, q75] (linear-interpolation quantiles, numpy's default).
 * Indices where no run has a value give NaN everywhere and count 0.
 */
export type BandKind = 'min-max' | 'iqr';

export interface SeedBand {
  readonly mean: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** How many runs contributed at each index. */
  readonly count: Uint16Array;
}

export function seedBand(runs: readonly ArrayLike<number>[], kind: BandKind): SeedBand {
  const length = runs.reduce((m, r) => Math.max(m, r.length), 0);
  const mean = new Float64Array(length).fill(NaN);
  const lower = new Float64Array(length).fill(NaN);
  const upper = new Float64Array(length).fill(NaN);
  const count = new Uint16Array(length);
  const column = new Float64Array(runs.length);
  for (let k = 0; k < length; k++) {
    let n = 0;
    for (const run of runs) if (k < run.length && Number.isFinite(run[k])) column[n++] = run[k];
    if (n === 0) continue;
    const values = column.subarray(0, n).sort();
    let sum = 0;
    for (let j = 0; j < n; j++) sum += values[j];
    mean[k] = sum / n;
    lower[k] = kind === 'min-max' ? values[0] : quantileOf(values, 0.25);
    upper[k] = kind === 'min-max' ? values[n - 1] : quantileOf(values, 0.75);
    count[k] = n;
  }
  return { mean, lower, upper, count };
}

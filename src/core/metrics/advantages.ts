import { zeroVarianceGroups } from '../estimators/normalise/stats';

/**
 * Advantage distribution (metrics.md): a histogram of each update's advantages with FIXED bins
 * over a robust range, drawn as the latest histogram and as a heatmap over time, plus the
 * fraction of exactly-zero advantages and of zero-variance groups.
 *
 * Bin choice, and why:
 * - Fixed edges for the whole run (and shared by all runs of a comparison): a heatmap row, and a
 *   bar of the latest histogram, must mean the same value range at every update and in every
 *   run, or the picture over time is meaningless. Re-binning per update would hide exactly the
 *   changes the chart exists to show (advantages collapsing to 0, growing, going one-sided).
 * - Linear, symmetric around 0 (advantages are centred by most baselines), an odd number of bins
 *   (41) so 0 sits in the middle of the centre bin and a symmetric distribution draws
 *   symmetric.
 * - Range chosen once, from the first batch (pool the first batches of all runs of a comparison):
 *   half-range L = niceCeil(1.5 * q99(|A|)) over the nonzero advantages of existing steps. The
 *   99th percentile ignores a few outliers; 1.5x leaves room for the scale to grow; rounding to
 *   1, 2, 2.5 or 5 x 10^k gives readable edges and makes runs with similar scales share exactly
 *   the same bins. Exact zeros are left out of the quantile (they are reported separately, and a
 *   batch of mostly zero-variance groups would otherwise shrink the range to nothing).
 * - Values outside [-L, L] are counted as underflow / overflow, never dropped silently, so a run
 *   that outgrows its range shows it.
 */
export const DEFAULT_ADVANTAGE_BINS = 41;

export interface HistogramBins {
  /** numBins + 1 increasing edges; bin k is [edges[k], edges[k+1]), the last one closed. */
  readonly edges: Float64Array;
  readonly numBins: number;
}

export interface Histogram {
  readonly edges: Float64Array;
  /** [numBins] counts inside [edges[0], edges[numBins]]. */
  readonly counts: Uint32Array;
  /** Values below edges[0]. */
  readonly underflow: number;
  /** Values above edges[numBins]. */
  readonly overflow: number;
  /** NaN or infinite values (not in any bin). */
  readonly nonFinite: number;
  /** Steps looked at: sum(counts) + underflow + overflow + nonFinite. */
  readonly total: number;
}

/** numBins equal bins over [-halfRange, halfRange]. */
export function symmetricBins(halfRange: number, numBins = DEFAULT_ADVANTAGE_BINS): HistogramBins {
  if (!(halfRange > 0) || !Number.isFinite(halfRange))
    throw new Error(`symmetricBins: halfRange must be a positive finite number, got ${halfRange}`);
  if (!Number.isInteger(numBins) || numBins < 1)
    throw new Error(`symmetricBins: numBins must be a positive integer, got ${numBins}`);
  const edges = new Float64Array(numBins + 1);
  for (let k = 0; k <= numBins; k++) edges[k] = -halfRange + (2 * halfRange * k) / numBins;
  edges[numBins] = halfRange;
  return { edges, numBins };
}

/** Smallest of 1, 2, 2.5, 5 x 10^k that is >= x (x > 0). */
export function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/**
 * Robust symmetric half-range for the advantage bins: niceCeil(margin * q(|A|)) over the nonzero
 * finite advantages of existing steps (mask 1; all entries when mask is omitted). `fallback`
 * when there are none (e.g. every group had zero variance).
 */
export function robustHalfRange(
  advantages: ArrayLike<number>,
  mask?: ArrayLike<number>,
  quantile = 0.99,
  margin = 1.5,
  fallback = 1,
): number {
  const abs: number[] = [];
  for (let i = 0; i < advantages.length; i++) {
    if (mask && !mask[i]) continue;
    const a = Math.abs(advantages[i]);
    if (a > 0 && Number.isFinite(a)) abs.push(a);
  }
  if (abs.length === 0) return fallback;
  const q = quantileOf(Float64Array.from(abs).sort(), quantile);
  return niceCeil(margin * q);
}

/** Fixed advantage bins chosen from the first batch (see the module comment). */
export function advantageBins(
  firstAdvantages: ArrayLike<number>,
  mask?: ArrayLike<number>,
  numBins = DEFAULT_ADVANTAGE_BINS,
): HistogramBins {
  return symmetricBins(robustHalfRange(firstAdvantages, mask), numBins);
}

/**
 * The bins of `advantageBins` over several runs' first-update advantages pooled in run order
 * (one array per run, empty for a run without a batch), or null if there are none.
 */
export function poolAdvantageBins(
  perRun: readonly ArrayLike<number>[],
  numBins = DEFAULT_ADVANTAGE_BINS,
): HistogramBins | null {
  const pooled: number[] = [];
  for (const values of perRun) for (let i = 0; i < values.length; i++) pooled.push(values[i]);
  return pooled.length ? advantageBins(pooled, undefined, numBins) : null;
}

/** Histogram of the values of existing steps (mask 1; all when omitted) over fixed bins. */
export function histogram(
  values: ArrayLike<number>,
  bins: HistogramBins,
  mask?: ArrayLike<number>,
): Histogram {
  const { edges, numBins } = bins;
  const lo = edges[0];
  const hi = edges[numBins];
  const width = (hi - lo) / numBins;
  const counts = new Uint32Array(numBins);
  let underflow = 0;
  let overflow = 0;
  let nonFinite = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && !mask[i]) continue;
    total++;
    const x = values[i];
    if (!Number.isFinite(x)) nonFinite++;
    else if (x < lo) underflow++;
    else if (x > hi) overflow++;
    else {
      let k = Math.min(numBins - 1, Math.floor((x - lo) / width));
      // Agree exactly with the stored edges despite rounding in the division.
      if (k > 0 && x < edges[k]) k--;
      else if (k < numBins - 1 && x >= edges[k + 1]) k++;
      counts[k]++;
    }
  }
  return { edges, counts, underflow, overflow, nonFinite, total };
}

/**
 * Fraction of existing steps (mask 1) whose advantage is exactly 0. Unlike the estimator's own
 * `diagnostics.zeroAdvantageFraction` (kept steps only), steps of episodes dropped by a group
 * filter count here as zero: they give no gradient either. NaN for no steps.
 */
export function zeroAdvantageFraction(
  advantages: ArrayLike<number>,
  mask: ArrayLike<number>,
): number {
  let zeros = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) {
      n++;
      if (advantages[i] === 0) zeros++;
    }
  return n > 0 ? zeros / n : NaN;
}

/**
 * Root mean square of the advantages of existing steps (mask 1), sqrt(mean A^2): the scale of the
 * per-step gradient terms A_t grad log pi(a_t|s_t). A baseline b leaves the spread of the returns
 * unchanged but shrinks this second moment, E[(R - b)^2] = Var(R) + (E[R] - b)^2 for a constant b,
 * and the variance of the gradient estimate shrinks with it (Greensmith et al. 2004). Steps of
 * dropped episodes count as 0, as in zeroAdvantageFraction. NaN for no steps.
 */
export function advantageRms(advantages: ArrayLike<number>, mask: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) {
      n++;
      sum += advantages[i] * advantages[i];
    }
  return n > 0 ? Math.sqrt(sum / n) : NaN;
}

/**
 * Fraction of groups (G contiguous episodes, batch.ts) whose returns are all equal, i.e. whose
 * group-relative advantage is 0 (DAPO's dynamic sampling drops them). With success rate p and
 * 0/1 rewards its expectation is p^G + (1-p)^G. A group of one is always flat. NaN for none.
 */
export function zeroVarianceGroupFraction(
  episodeReturns: ArrayLike<number>,
  groupSize: number,
): number {
  const numGroups = Math.floor(episodeReturns.length / groupSize);
  if (numGroups === 0) return NaN;
  const flat = zeroVarianceGroups(episodeReturns, groupSize);
  let n = 0;
  for (let g = 0; g < numGroups; g++) n += flat[g * groupSize];
  return n / numGroups;
}

/** Linear-interpolation quantile of sorted values (numpy's default, Hyndman & Fan type 7). */
export function quantileOf(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < n ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[n - 1];
}

/**
 * Axis arithmetic for the metric charts: "nice" tick values (steps of 1, 2 or 5 times a power of
 * ten, as d3-scale's ticks) and the data extent with a margin. Pure, so it is tested in Node.
 */

/** About `count` round tick values covering [min, max] (inclusive where they land on it). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || count < 1) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  const step = (ratio >= 7.5 ? 10 : ratio >= 3.5 ? 5 : ratio >= 1.5 ? 2 : 1) * power;
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  // Multiply, not accumulate, so 0.1 * 3 does not drift to 0.30000000000000004 in labels.
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(15)));
  return ticks;
}

/**
 * The y range to draw: the finite values' extent, widened by 5% each side so lines do not touch
 * the frame; a flat series gets a unit-sized window around its value; no data gives [0, 1].
 * `fixed` pins either end (a metric with a known range, e.g. cosine in [-1, 1]).
 */
export function valueExtent(
  values: Iterable<number>,
  fixed: readonly [number | 'auto', number | 'auto'] = ['auto', 'auto'],
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (lo > hi) [lo, hi] = [0, 1];
  else if (lo === hi)
    [lo, hi] = [lo - Math.max(0.5, Math.abs(lo) * 0.1), hi + Math.max(0.5, Math.abs(hi) * 0.1)];
  else {
    const pad = (hi - lo) * 0.05;
    [lo, hi] = [lo - pad, hi + pad];
  }
  return [fixed[0] === 'auto' ? lo : fixed[0], fixed[1] === 'auto' ? hi : fixed[1]];
}

/** Index of the point whose x is nearest to `x` in ascending `xs` (binary search); -1 if empty. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && x - xs[lo - 1] <= xs[lo] - x ? lo - 1 : lo;
}

/**
 * Tick labels that tell the ticks apart: `format`'s, unless two of them read the same (3
 * significant digits on an entropy axis from 1.372 to 1.390 in steps of 0.002 gave 1.37, 1.37,
 * 1.38, ...); then fixed decimals down to the ticks' step.
 */
export function distinctTickLabels(
  ticks: readonly number[],
  format: (v: number) => string,
): string[] {
  const labels = ticks.map(format);
  if (new Set(labels).size === labels.length) return labels;
  let step = Infinity;
  for (let i = 1; i < ticks.length; i++) step = Math.min(step, Math.abs(ticks[i] - ticks[i - 1]));
  const decimals = Math.min(15, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
  return ticks.map((t) => t.toFixed(decimals));
}

/**
 * Min/max decimation for drawing: split the index range into `buckets` equal buckets and keep,
 * in order, the first point, each bucket's minimum and maximum, and the last point. A chart with
 * one bucket per pixel column then draws the same envelope as the full series, from at most
 * 2 * buckets + 2 points, however long the run.
 *
 * Returns the kept indices in increasing order. NaN values are skipped.
 */
export function minMaxDecimate(
  values: ArrayLike<number>,
  length: number,
  buckets: number,
): Int32Array {
  if (length <= 2 * buckets + 2) {
    const all: number[] = [];
    for (let i = 0; i < length; i++) if (!Number.isNaN(values[i])) all.push(i);
    return Int32Array.from(all);
  }
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = Math.max(1, Math.floor((b * length) / buckets));
    const end = Math.min(length - 1, Math.floor(((b + 1) * length) / buckets));
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < values[lo]) lo = i;
      if (hi < 0 || v > values[hi]) hi = i;
    }
    if (lo >= 0 && hi >= 0) {
      if (lo === hi) kept.push(lo);
      else if (lo < hi) kept.push(lo, hi);
      else kept.push(hi, lo);
    }
  }
  kept.push(length - 1);
  return Int32Array.from(kept.filter((i) => !Number.isNaN(values[i])));
}

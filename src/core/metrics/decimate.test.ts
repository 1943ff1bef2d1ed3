import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minMaxDecimate } from './decimate';

describe('minMaxDecimate', () => {
  it('keeps short series whole', () => {
    expect(Array.from(minMaxDecimate([3, 1, 2], 3, 10))).toEqual([0, 1, 2]);
  });

  it('keeps the first and last point and at most 2 per bucket', () => {
    const v = Float64Array.from({ length: 10000 }, (_, i) => Math.sin(i / 50));
    const kept = minMaxDecimate(v, v.length, 100);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(9999);
    expect(kept.length).toBeLessThanOrEqual(202);
  });

  it('keeps every bucket extreme, so the drawn envelope equals the full one (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
          minLength: 1,
          maxLength: 3000,
        }),
        fc.integer({ min: 1, max: 200 }),
        (xs, buckets) => {
          const kept = minMaxDecimate(xs, xs.length, buckets);
          const keptValues = Array.from(kept, (i) => xs[i]);
          expect(Math.max(...keptValues)).toBe(Math.max(...xs));
          expect(Math.min(...keptValues)).toBe(Math.min(...xs));
          for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
        },
      ),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctTickLabels, nearestIndex, niceTicks, valueExtent } from './chartScale';

describe('niceTicks', () => {
  it('gives round steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 5000, 5)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1.385, 1.39, 5)).toEqual([1.385, 1.386, 1.387, 1.388, 1.389, 1.39]);
    expect(niceTicks(-0.03, 0.07, 4)).toEqual([-0.02, 0, 0.02, 0.04, 0.06]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it('every tick lies in the range and ticks are evenly spaced', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        (min, span) => {
          const ticks = niceTicks(min, min + span, 5);
          expect(ticks.length).toBeGreaterThanOrEqual(2);
          expect(ticks.length).toBeLessThanOrEqual(11);
          // Ticks within a billionth of a step of the ends count as on them.
          const tol = (ticks[1] - ticks[0]) * 1e-6;
          for (const t of ticks) {
            expect(t).toBeGreaterThanOrEqual(min - tol);
            expect(t).toBeLessThanOrEqual(min + span + tol);
          }
          const step = ticks[1] - ticks[0];
          for (let k = 2; k < ticks.length; k++)
            expect(Math.abs(ticks[k] - ticks[k - 1] - step)).toBeLessThanOrEqual(step * 1e-4);
        },
      ),
    );
  });
});

describe('distinctTickLabels', () => {
  const threeDigits = (v: number) => Number(v.toPrecision(3)).toString();
  it("keeps the format's labels when they differ", () => {
    expect(distinctTickLabels([0, 0.5, 1], threeDigits)).toEqual(['0', '0.5', '1']);
  });
  it('uses decimals down to the step when the format makes two ticks read the same', () => {
    const ticks = niceTicks(1.3715, 1.3905, 8); // steps of 0.002
    expect(ticks.map(threeDigits)).toContain('1.38');
    expect(new Set(ticks.map(threeDigits)).size).toBeLessThan(ticks.length);
    expect(distinctTickLabels(ticks, threeDigits)).toEqual([
      '1.372',
      '1.374',
      '1.376',
      '1.378',
      '1.380',
      '1.382',
      '1.384',
      '1.386',
      '1.388',
      '1.390',
    ]);
  });
});

describe('valueExtent', () => {
  it('pads the finite extent by 5% and ignores NaN and infinities', () => {
    expect(valueExtent([0, NaN, 10, Infinity])).toEqual([-0.5, 10.5]);
  });
  it('gives a flat series a window and no data [0, 1]; fixed ends win', () => {
    expect(valueExtent([2, 2])).toEqual([1.5, 2.5]);
    expect(valueExtent([])).toEqual([0, 1]);
    expect(valueExtent([0.2, 0.8], [-1, 1])).toEqual([-1, 1]);
    expect(valueExtent([0.2, 0.8], [0, 'auto'])).toEqual([0, 0.8 + 0.03]);
  });
});

describe('nearestIndex', () => {
  it('finds the nearest x, ties to the left', () => {
    const xs = [0, 10, 20, 30];
    expect(nearestIndex(xs, -5)).toBe(0);
    expect(nearestIndex(xs, 14)).toBe(1);
    expect(nearestIndex(xs, 15)).toBe(1);
    expect(nearestIndex(xs, 16)).toBe(2);
    expect(nearestIndex(xs, 99)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});

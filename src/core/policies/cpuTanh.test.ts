import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastestTanhLoop, tanhFromExp, tanhFromMath } from './cpuTanh';

/** Both loops' outputs, element by element, with Object.is (so -0 and NaN count). */
function mismatches(values: number[]): number[] {
  const x = Float32Array.from(values);
  const fromExp = new Float32Array(x.length);
  const fromMath = new Float32Array(x.length);
  tanhFromExp(x, fromExp);
  tanhFromMath(x, fromMath);
  return values.filter((_, i) => !Object.is(fromExp[i], fromMath[i]));
}

describe('tanhFromExp equals fround(Math.tanh) bit for bit', () => {
  it('on zeros, infinities, NaN, the smallest and largest float32s', () => {
    const special = [0, -0, NaN, Infinity, -Infinity, 1.4e-45, -1.4e-45, 1.17549435e-38];
    expect(mismatches([...special, 3.4028234e38, -3.4028234e38, 1e-8, -1e-8, 9.01, 20])).toEqual(
      [],
    );
  });

  it('on 200 000 values spread over every magnitude from 1e-12 to 30', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const values = Array.from({ length: 200_000 }, () => {
      const magnitude = 10 ** (-12 + next() * 13.5);
      return next() < 0.5 ? -magnitude : magnitude;
    });
    expect(mismatches(values)).toEqual([]);
  });

  it('on any float32 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.float(), { minLength: 1, maxLength: 200 }), (values) => {
        expect(mismatches(values)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('the timed pick is one of the two loops', () => {
    expect([tanhFromExp, tanhFromMath]).toContain(fastestTanhLoop());
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastestTanhLoop, tanhFromExp, tanhFromMath, tanhFromTable } from './cpuTanh';

/** Values where either fast loop differs from tfjs's, compared with Object.is (-0 and NaN count). */
function mismatches(values: ArrayLike<number>): number[] {
  const x = Float32Array.from(values);
  const fromMath = new Float32Array(x.length);
  tanhFromMath(x, fromMath);
  const bad: number[] = [];
  for (const loop of [tanhFromExp, tanhFromTable]) {
    const out = new Float32Array(x.length);
    loop(x, out);
    x.forEach((v, i) => {
      if (!Object.is(out[i], fromMath[i])) bad.push(v);
    });
  }
  return bad;
}

describe('tanhFromExp and tanhFromTable equal fround(Math.tanh) bit for bit', () => {
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

  it('on every 61st float32 from 1e-6 to 9.2, and around the table nodes and the branch ends', () => {
    // 3.2 million values over all of the table's and the series' range, both signs.
    const bits = new Int32Array(1);
    const asFloat = new Float32Array(bits.buffer);
    asFloat[0] = 1e-6;
    const from = bits[0];
    asFloat[0] = 9.2;
    const to = bits[0];
    const sweep = new Float32Array(Math.ceil((to - from) / 61));
    const sweepBits = new Int32Array(sweep.buffer);
    for (let k = 0; k < sweep.length; k++) sweepBits[k] = from + 61 * k;
    expect(mismatches(sweep)).toEqual([]);
    expect(mismatches(sweep.map((v) => -v))).toEqual([]);
    // Each node k/128, and the float32s just below and above it; 1/16 and 9.1 likewise.
    const near = (v: number) => {
      asFloat[0] = v;
      const b = bits[0];
      return [b - 1, b, b + 1].map((n) => ((bits[0] = n), asFloat[0]));
    };
    const edges = [0.0625, 9.1, ...Array.from({ length: 1170 }, (_, k) => k / 128)].flatMap(near);
    expect(mismatches([...edges, ...edges.map((v) => -v)])).toEqual([]);
  });

  it('the timed pick is one of the three loops', () => {
    expect([tanhFromTable, tanhFromExp, tanhFromMath]).toContain(fastestTanhLoop());
  });
});

import { describe, expect, it } from 'vitest';
import { BanditEnv } from '../envs/bandit';
import { Rng } from '../rng';
import {
  advantageBins,
  advantageRms,
  histogram,
  niceCeil,
  robustHalfRange,
  symmetricBins,
  zeroAdvantageFraction,
  zeroVarianceGroupFraction,
} from './advantages';

describe('advantage histogram', () => {
  it('fixed symmetric edges, counts sum to the number of steps, under/overflow counted', () => {
    const bins = symmetricBins(2, 4); // edges -2, -1, 0, 1, 2
    expect(Array.from(bins.edges)).toEqual([-2, -1, 0, 1, 2]);
    const values = [-3, -2, -1.5, -1, -0.2, 0, 0.5, 1, 2, 2.5, NaN, 7];
    const mask = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]; // the 7 is not a step
    const h = histogram(values, bins, mask);
    expect(Array.from(h.counts)).toEqual([2, 2, 2, 2]); // the last bin is closed: 2 is inside
    expect(h.underflow).toBe(1);
    expect(h.overflow).toBe(1);
    expect(h.nonFinite).toBe(1);
    const inBins = h.counts.reduce((s, c) => s + c, 0);
    expect(inBins + h.underflow + h.overflow + h.nonFinite).toBe(11);
    expect(h.total).toBe(11);
    expect(h.edges).toBe(bins.edges); // the same edges object every update
  });

  it('41 bins: 0 lies in the middle of the centre bin; every value lands in the bin of its edges', () => {
    const bins = symmetricBins(5);
    expect(bins.numBins).toBe(41);
    expect(bins.edges[20]).toBeCloseTo(-5 / 41, 12);
    expect(bins.edges[21]).toBeCloseTo(5 / 41, 12);
    const rng = Rng.fromSeed(3);
    const xs = Float64Array.from({ length: 2000 }, () => 6 * rng.normal());
    // Edges themselves too: a value equal to edge k belongs to bin k.
    const all = Float64Array.from([...xs, ...bins.edges]);
    const h = histogram(all, bins);
    const naive = new Uint32Array(41);
    for (const x of all)
      for (let k = 0; k < 41; k++)
        if (x >= bins.edges[k] && (x < bins.edges[k + 1] || (k === 40 && x === bins.edges[41])))
          naive[k]++;
    expect(Array.from(h.counts)).toEqual(Array.from(naive));
    expect(h.counts.reduce((s, c) => s + c, 0) + h.underflow + h.overflow).toBe(all.length);
  });

  it('range: nice ceiling of 1.5 x the 99th percentile of the nonzero |A|, chosen once', () => {
    expect([0.7, 1, 1.2, 2.1, 3, 4.9, 0.013].map(niceCeil)).toEqual([1, 1, 2, 2.5, 5, 5, 0.02]);
    // Standardised advantages: q99 ~ 2.58, x 1.5 ~ 3.9 -> 5.
    const rng = Rng.fromSeed(4);
    const adv = Float64Array.from({ length: 20000 }, () => rng.normal());
    expect(robustHalfRange(adv)).toBe(5);
    // Zeros (zero-variance groups) and masked steps do not shrink the range; all zero -> 1.
    const withZeros = Float64Array.from([...adv, ...new Float64Array(100000)]);
    expect(robustHalfRange(withZeros)).toBe(5);
    expect(robustHalfRange([100, 0.5], [0, 1])).toBe(1);
    expect(robustHalfRange([0, 0, 0])).toBe(1);
    expect(Array.from(advantageBins([1, -1, 0.5]).edges.subarray(0, 2))).toEqual([-2, -2 + 4 / 41]);
  });

  it('fraction of exactly-zero advantages among existing steps', () => {
    expect(zeroAdvantageFraction([0, 1, 0, -2, 0], [1, 1, 1, 1, 0])).toBe(0.5);
    expect(zeroAdvantageFraction([0], [0])).toBeNaN();
  });

  it('RMS advantage over existing steps: sqrt(mean A^2), NaN for no steps', () => {
    // Steps 3, -1, 1, -3 (the 100 is not a step): mean square (9 + 1 + 1 + 9) / 4 = 5.
    expect(advantageRms([3, -1, 1, -3, 100], [1, 1, 1, 1, 0])).toBeCloseTo(Math.sqrt(5), 12);
    expect(advantageRms([1], [0])).toBeNaN();
  });

  it('a baseline at the mean return shrinks the RMS to the standard deviation', () => {
    // Returns 10, 12, 14, 16: RMS without a baseline sqrt(174); with b = 13, sqrt(Var) = sqrt(5).
    const R = [10, 12, 14, 16];
    const mask = [1, 1, 1, 1];
    expect(advantageRms(R, mask)).toBeCloseTo(Math.sqrt(174), 12);
    expect(
      advantageRms(
        R.map((r) => r - 13),
        mask,
      ),
    ).toBeCloseTo(Math.sqrt(5), 12);
  });

  it('fraction of zero-variance groups on a hand example', () => {
    expect(zeroVarianceGroupFraction([1, 1, 0, 1, 0, 0, 2, 2], 2)).toBe(0.75);
    expect(zeroVarianceGroupFraction([1, 0, 1], 1)).toBe(1);
  });
});

describe('zero-variance groups on a Bernoulli bandit converge to p^G + (1-p)^G', () => {
  const rng = Rng.fromSeed(77);
  for (const p of [0.1, 0.5, 0.85])
    for (const G of [2, 4, 8])
      it(`p = ${p}, G = ${G}`, () => {
        const groups = 1024;
        const rounds = 4;
        const env = new BanditEnv(
          { kind: 'bernoulli', means: [[p, p]] },
          groups * G,
          rng.split(`${p}/${G}`),
        );
        const actions = new Int32Array(groups * G);
        let sum = 0;
        for (let r = 0; r < rounds; r++) {
          for (let i = 0; i < groups * G; i++) env.reset(i, 0);
          env.step(actions);
          sum += zeroVarianceGroupFraction(env.rewards, G);
        }
        const expected = p ** G + (1 - p) ** G;
        const n = groups * rounds;
        const se = Math.sqrt((expected * (1 - expected)) / n);
        // 5 standard errors: a false alarm has probability < 1e-6 per case.
        expect(Math.abs(sum / rounds - expected)).toBeLessThan(5 * se + 1e-12);
      });
});

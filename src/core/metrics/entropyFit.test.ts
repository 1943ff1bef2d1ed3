import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitEntropyReward, fittedReturn } from './entropyFit';

const H = (xs: number[]) => xs.map(Math.log); // entropies whose exp(H) are exactly xs

describe('fitEntropyReward (R = −a·exp(H) + b, Cui et al. 2025)', () => {
  it('recovers an exact law: exp(H) = 1, 2, 3 and R = 5, 3, 1 give a = 2, b = 7, ceiling 5', () => {
    const fit = fitEntropyReward(H([1, 2, 3]), [5, 3, 1]);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.a).toBeCloseTo(2, 12);
    expect(fit.b).toBeCloseTo(7, 12);
    expect(fit.ceiling).toBeCloseTo(5, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.n).toBe(3);
  });

  it('fits noisy points by least squares: exp(H) = 1..4, R = 1, 3, 2, 4', () => {
    // x̄ = R̄ = 2.5, Sxx = 5, SxR = 4, SRR = 5: slope 0.8, so a = −0.8 (return rises with
    // entropy here), b = 2.5 − 0.8·2.5 = 0.5, ceiling = b − a = 1.3, R² = 1 − (5 − 0.8·4)/5.
    const fit = fitEntropyReward(H([1, 2, 3, 4]), [1, 3, 2, 4]);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.a).toBeCloseTo(-0.8, 12);
    expect(fit.b).toBeCloseTo(0.5, 12);
    expect(fit.ceiling).toBeCloseTo(1.3, 12);
    expect(fit.r2).toBeCloseTo(0.64, 12);
  });

  it('uses only the first `length` points (growing buffers are longer than their data)', () => {
    const fit = fitEntropyReward(
      Float64Array.from([...H([1, 2, 3]), 99]),
      Float64Array.from([5, 3, 1, 99]),
      3,
    );
    expect(fit.ok && fit.a).toBeCloseTo(2, 12);
  });

  it('reports R² as NaN when the returns do not vary (nothing to explain)', () => {
    const fit = fitEntropyReward(H([1, 2, 3]), [2, 2, 2]);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.a).toBe(0);
    expect(fit.b).toBe(2);
    expect(fit.r2).toBeNaN();
  });

  it('refuses fewer than 3 points', () => {
    expect(fitEntropyReward(H([1, 2]), [1, 2])).toEqual({
      ok: false,
      reason: 'needs at least 3 updates to fit R = −a·exp(H) + b (has 2)',
    });
  });

  it('refuses data whose entropy does not vary', () => {
    const fit = fitEntropyReward([0.7, 0.7, 0.7, 0.7], [1, 2, 3, 4]);
    expect(fit.ok).toBe(false);
    expect(!fit.ok && fit.reason).toMatch(/entropy does not vary/);
  });

  it('refuses non-finite points and lengths beyond the data, saying which', () => {
    const nan = fitEntropyReward([0.1, 0.2, NaN], [1, 2, 3]);
    expect(!nan.ok && nan.reason).toBe('point 2 is not finite (H = NaN, R = 3)');
    const long = fitEntropyReward([0.1, 0.2, 0.3], [1, 2, 3], 4);
    expect(!long.ok && long.reason).toMatch(/length 4 exceeds the data/);
  });

  it('recovers a and b from noiseless data (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 3, maxLength: 200 }),
        (a, b, entropy) => {
          // Entropy must spread for the slope to be identifiable.
          fc.pre(Math.max(...entropy) - Math.min(...entropy) > 0.01);
          const reward = entropy.map((h) => fittedReturn({ a, b }, h));
          const fit = fitEntropyReward(entropy, reward);
          expect(fit.ok).toBe(true);
          if (!fit.ok) return;
          expect(Math.abs(fit.a - a)).toBeLessThan(1e-6);
          expect(Math.abs(fit.b - b)).toBeLessThan(1e-6);
          expect(Math.abs(fit.ceiling - (b - a))).toBeLessThan(1e-6);
        },
      ),
    );
  });
});

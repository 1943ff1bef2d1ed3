import { describe, expect, it } from 'vitest';
import { approxKl, clipFractions, explainedVariance, gradientGlobalNorm } from './updateSize';

describe('approx KL (k3, CleanRL approx_kl)', () => {
  const mask = [1, 1, 1, 0];
  it('is 0 for equal policies', () => {
    const lp = [-0.5, -1.2, -2, -3];
    expect(approxKl(lp, lp, mask)).toEqual({ approxKl: 0, oldApproxKl: 0 });
  });

  it('is positive otherwise, and matches (ratio - 1) - log ratio by hand', () => {
    const old = [-1, -1, -1, 0];
    const next = [-0.5, -1.5, -1, 99]; // the masked step is ignored
    const kl = approxKl(old, next, mask);
    const k3 = (d: number) => Math.exp(d) - 1 - d;
    expect(kl.approxKl).toBeCloseTo((k3(0.5) + k3(-0.5) + 0) / 3, 14);
    expect(kl.approxKl).toBeGreaterThan(0);
    expect(kl.oldApproxKl).toBeCloseTo(0, 14); // k1 can cancel to 0; k3 cannot
  });

  it('no steps: NaN', () => {
    expect(approxKl([0], [0], [0]).approxKl).toBeNaN();
  });
});

describe('clip fractions', () => {
  it('hand example with clip-higher bounds 0.2 / 0.28', () => {
    const ratios = [0.7, 0.85, 1, 1.25, 1.3, 1.5, 0.5, 2];
    const adv = [-1, -1, 1, 1, 1, -1, 1, 1];
    const mask = [1, 1, 1, 1, 1, 1, 1, 0];
    const old = new Float64Array(8);
    const next = ratios.map(Math.log);
    const c = clipFractions(old, next, mask, 0.2, 0.28, adv);
    // low: 0.7, 0.5 (ratio < 0.8); high: 1.3, 1.5 (ratio > 1.28); 7 steps.
    expect(c.low).toBeCloseTo(2 / 7, 14);
    expect(c.high).toBeCloseTo(2 / 7, 14);
    expect(c.total).toBeCloseTo(4 / 7, 14);
    // Active (zero gradient): 0.7 with A < 0; 1.3 with A > 0 (1.5 has A < 0, 0.5 has A > 0).
    expect(c.activeLow).toBeCloseTo(1 / 7, 14);
    expect(c.activeHigh).toBeCloseTo(1 / 7, 14);
  });

  it('symmetric eps equals CleanRL clipfrac = mean(|ratio - 1| > eps); no advantages -> NaN', () => {
    const ratios = [0.7, 0.9, 1.1, 1.3];
    const c = clipFractions([0, 0, 0, 0], ratios.map(Math.log), [1, 1, 1, 1], 0.2, 0.2);
    expect(c.total).toBe(ratios.filter((r) => Math.abs(r - 1) > 0.2).length / 4);
    expect(c.activeHigh).toBeNaN();
  });
});

describe('gradient global norm', () => {
  it('is the L2 norm over all arrays together', () => {
    expect(gradientGlobalNorm([[3], new Float32Array([0, 4])])).toBe(5);
    expect(gradientGlobalNorm([])).toBe(0);
  });
});

describe('explained variance (CleanRL)', () => {
  const y = [1, 3, 2, 5, 4];
  it('is 1 for perfect predictions', () => {
    expect(explainedVariance(y, y)).toBe(1);
  });
  it('is 0 for any constant prediction', () => {
    expect(explainedVariance([3, 3, 3, 3, 3], y)).toBeCloseTo(0, 14);
    expect(explainedVariance([-7, -7, -7, -7, -7], y)).toBeCloseTo(0, 14);
  });
  it('is negative for predictions worse than a constant; masked steps ignored', () => {
    expect(explainedVariance([5, 4, 3, 2, 1], y)).toBeLessThan(0);
    expect(explainedVariance([1, 3, 99], [1, 3, 0], [1, 1, 0])).toBe(1);
  });
  it('is NaN (not a crash) when the targets have zero variance or no steps', () => {
    expect(explainedVariance([1, 2], [4, 4])).toBeNaN();
    expect(explainedVariance([1], [1], [0])).toBeNaN();
    expect(explainedVariance([NaN, 1], [1, 2])).toBeNaN();
  });
});

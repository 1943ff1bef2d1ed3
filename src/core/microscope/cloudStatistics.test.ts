import { describe, expect, it } from 'vitest';
import { cloudStatistics } from './cloudStatistics';

describe('statistics of a cloud of gradient estimates', () => {
  // Two estimates (1, 0) and (3, 0) of a gradient whose exact value is (1, 0).
  const s = cloudStatistics(Float64Array.of(1, 0, 3, 0), 2, [1, 0]);
  it('mean and bias', () => {
    expect(Array.from(s.mean)).toEqual([2, 0]);
    expect(Array.from(s.bias)).toEqual([1, 0]);
    expect(s.biasSq).toBe(1);
  });
  it('variance is tr Cov with ddof 1; its floor for |bias|^2 is V / M', () => {
    expect(s.variance).toBe(2); // ((1-2)^2 + (3-2)^2) / (2 - 1)
    expect(s.biasSqFloor).toBe(1);
  });
  it('MSE is the mean of |g - grad J|^2, = |b|^2 + (M-1)/M V', () => {
    expect(s.mse).toBe(2); // (0 + 4) / 2
  });
  it('bias in standard errors: SE_0 = sqrt(2 / 2) = 1, so z = 1', () => {
    expect(Array.from(s.biasSe)).toEqual([1, 0]);
    expect(s.maxBiasZ).toBe(1);
  });
  it('a coordinate without spread but with a bias has infinite z', () => {
    expect(cloudStatistics(Float64Array.of(2, 2), 2, [1]).maxBiasZ).toBe(Infinity);
  });
  it('refuses a cloud of fewer than two estimates, or a ragged one', () => {
    expect(() => cloudStatistics(Float64Array.of(1, 2), 1, [0, 0])).toThrow(/at least 2/);
    expect(() => cloudStatistics(Float64Array.of(1, 2, 3), 2, [0, 0])).toThrow(/not 2 estimates/);
  });
});

import { describe, expect, it } from 'vitest';
import { seedBand } from './seedBands';

describe('seed bands', () => {
  const runs = [
    [1, 2, 3, 4],
    [3, 4, 5],
    [2, NaN, 7],
  ];

  it('min-max band with the mean line; shorter runs and NaN (diverged) drop out', () => {
    const b = seedBand(runs, 'min-max');
    expect(Array.from(b.mean)).toEqual([2, 3, 5, 4]);
    expect(Array.from(b.lower)).toEqual([1, 2, 3, 4]);
    expect(Array.from(b.upper)).toEqual([3, 4, 7, 4]);
    expect(Array.from(b.count)).toEqual([3, 2, 3, 1]);
  });

  it('inter-quartile band uses linear-interpolation quantiles (numpy default)', () => {
    const b = seedBand([[1], [2], [3], [4], [10]], 'iqr');
    expect(b.mean[0]).toBe(4);
    expect(b.lower[0]).toBe(2); // np.percentile([1,2,3,4,10], 25) = 2
    expect(b.upper[0]).toBe(4); // 75th = 4
    const two = seedBand([[0], [1]], 'iqr');
    expect([two.lower[0], two.upper[0]]).toEqual([0.25, 0.75]);
  });

  it('indices no run reaches are NaN; no runs gives empty arrays', () => {
    const b = seedBand([[NaN, 1]], 'min-max');
    expect(b.mean[0]).toBeNaN();
    expect(b.count[0]).toBe(0);
    expect(seedBand([], 'iqr').mean.length).toBe(0);
  });
});

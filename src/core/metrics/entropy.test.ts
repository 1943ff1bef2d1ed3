import { describe, expect, it } from 'vitest';
import { entropyOf, entropyOfLogits, meanStepEntropy, tabularVisitedEntropy } from './entropy';

describe('entropy', () => {
  it('of a uniform policy over K actions is log K', () => {
    for (const K of [2, 3, 4, 10]) {
      expect(entropyOf(new Float64Array(K).fill(1 / K))).toBeCloseTo(Math.log(K), 12);
      expect(entropyOfLogits(new Float64Array(K).fill(3.7))).toBeCloseTo(Math.log(K), 12);
    }
  });

  it('of a deterministic policy is 0 (0 log 0 = 0), also from huge logits', () => {
    expect(entropyOf([0, 1, 0])).toBe(0);
    expect(entropyOfLogits([0, 1000, 0])).toBeCloseTo(0, 12);
  });

  it('from logits equals from probabilities, on a slice of a table', () => {
    const z = [9, 9, 0.5, -1, 2, 9];
    const e = z.slice(2, 5).map(Math.exp);
    const p = e.map((x) => x / e.reduce((s, y) => s + y, 0));
    expect(entropyOfLogits(z, 2, 3)).toBeCloseTo(entropyOf(p), 12);
    expect(entropyOf([0.5, ...p, 0.5], 1, 3)).toBeCloseTo(entropyOf(p), 12);
  });

  it('mean over visited steps skips steps that do not exist', () => {
    expect(meanStepEntropy([1, 2, 99, 3], [1, 1, 0, 1])).toBe(2);
    expect(meanStepEntropy([1], [0])).toBeNaN();
  });

  it('tabular: each visit counts once (frequency-weighted)', () => {
    // State 0 uniform over 2 actions (log 2), state 1 deterministic-ish (0): visited 0, 0, 1.
    const logits = [0, 0, 0, 1000];
    const h = tabularVisitedEntropy(logits, 2, 2, [0, 0, 1, 1], [1, 1, 1, 0]);
    expect(h).toBeCloseTo((2 * Math.log(2)) / 3, 12);
  });
});

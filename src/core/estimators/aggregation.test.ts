import { describe, expect, it } from 'vitest';
import { aggregationWeights } from './aggregation';
import { makeRolloutBatch } from './batch';

describe('aggregation weights', () => {
  // episodes of length 1 and 3 (maxSteps 3)
  const batch = makeRolloutBatch([{ rewards: [1] }, { rewards: [1, 1, 1] }], 1);
  const w = (mode: Parameters<typeof aggregationWeights>[1], L = 0) =>
    Array.from(aggregationWeights(batch, mode, undefined, L)).map((x) => Math.round(x * 1e6) / 1e6);

  it('token-mean: 1 / all steps (DAPO, verl default)', () => {
    expect(w('token-mean')).toEqual([0.25, 0, 0, 0.25, 0.25, 0.25]);
  });
  it('seq-mean-token-mean: 1 / (E |o_i|) (original GRPO)', () => {
    expect(w('seq-mean-token-mean')).toEqual([0.5, 0, 0, 0.166667, 0.166667, 0.166667]);
  });
  it('seq-mean-token-sum: 1 / E', () => {
    expect(w('seq-mean-token-sum')).toEqual([0.5, 0, 0, 0.5, 0.5, 0.5]);
  });
  it('seq-mean-token-sum-norm: 1 / (E L) with a fixed L (Dr. GRPO)', () => {
    expect(w('seq-mean-token-sum-norm', 10)).toEqual([0.05, 0, 0, 0.05, 0.05, 0.05]);
    expect(w('seq-mean-token-sum-norm')).toEqual([0.166667, 0, 0, 0.166667, 0.166667, 0.166667]);
  });
});

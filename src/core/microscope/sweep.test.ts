import { describe, expect, it } from 'vitest';
import { sweepMicroscope, sweepPoints } from './sweep';

describe('sweep points', () => {
  it('batch sizes double from the group size', () => {
    expect(sweepPoints('batch', 16, 4).map((p) => p.batchSize)).toEqual([
      4, 8, 16, 32, 64, 128, 256,
    ]);
  });
  it('group sizes are the divisors 1, 2, 4, ... of the batch size, and the batch size itself', () => {
    expect(sweepPoints('group', 24, 4).map((p) => p.groupSize)).toEqual([1, 2, 4, 8, 24]);
  });
});

const config = {
  problem: { family: 'bandit', bandit: { kind: 'bernoulli', means: [0.2, 0.5, 0.8] } },
  logits: [0, 0, 0],
  estimators: [{ id: 'reinforce', preset: 'reinforce' }],
  batchSize: 8,
  groupSize: 4,
  batches: 20,
  seed: 3,
} as const;

it('a sweep point by point (as the worker computes it) gives the same rows as all at once', () => {
  const all = sweepMicroscope(config, 'group');
  const oneByOne = sweepPoints('group', 8, 4).flatMap((p) => sweepMicroscope(config, 'group', [p]));
  expect(oneByOne).toEqual(all);
  expect(all.map((r) => r.x)).toEqual([1, 2, 4, 8]);
});

describe('the batch-size sweep on a 3-armed Bernoulli bandit', () => {
  const rows = sweepMicroscope(
    {
      problem: { family: 'bandit', bandit: { kind: 'bernoulli', means: [0.2, 0.5, 0.8] } },
      logits: [0, 0, 0],
      estimators: [
        { id: 'reinforce', preset: 'reinforce' },
        { id: 'dr-grpo', preset: 'dr-grpo' },
      ],
      batchSize: 8,
      groupSize: 4,
      batches: 400,
      seed: 3,
    },
    'batch',
    [4, 256].map((N) => ({ batchSize: N, groupSize: 4 })),
  );
  it('REINFORCE: variance falls as 1/N (64 times from N = 4 to 256)', () => {
    const ratio = rows[0].values.reinforce.variance / rows[1].values.reinforce.variance;
    expect(ratio).toBeGreaterThan(64 * 0.8);
    expect(ratio).toBeLessThan(64 * 1.25);
  });
  it('Dr. GRPO: the bias (G-1)/G stays whatever N; at N = 256 it dominates the MSE', () => {
    // exact grad J = (1/3)(mu - 0.5) = (-0.1, 0, 0.1): |bias|^2 = |(1/4) grad J|^2 = 0.02 / 16.
    // The estimate |b_hat|^2 = |b + e|^2 with |e|^2 ~ V / M (the floor): its error is about
    // 2 |b| sqrt(V / M) + V / M.
    const b2 = 0.02 / 16;
    for (const row of rows) {
      const { biasSq, biasSqFloor } = row.values['dr-grpo'];
      expect(Math.abs(biasSq - b2)).toBeLessThan(
        3 * (2 * Math.sqrt(b2 * biasSqFloor) + biasSqFloor),
      );
    }
    const last = rows[1].values['dr-grpo'];
    expect(last.biasSq).toBeGreaterThan(last.variance);
  });
});

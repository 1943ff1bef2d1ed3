import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { BanditEnv } from './bandit';
import {
  banditSuite,
  TWO_REWARD_EXAMPLE,
  TwoRewardBanditEnv,
  twoRewardSuite,
  validateTwoRewardBanditParams,
} from './banditSuite';
import { banditExact } from './exact';

const best = (row: readonly number[]) => Math.max(...row);

describe('banditSuite', () => {
  it('spreads best-arm success rates evenly over (0, 1)', () => {
    const suite = banditSuite({ tasks: 10, arms: 4, spread: 1 }, Rng.fromSeed(1));
    expect(suite.kind).toBe('bernoulli');
    expect(suite.means).toHaveLength(10);
    const bests = suite.means.map(best);
    bests.forEach((b, k) => expect(b).toBeCloseTo(0.05 + 0.1 * k, 12));
    // The other arms sit at least 20% (the default gap) below the best.
    for (const row of suite.means) {
      const b = best(row);
      expect(row.filter((m) => m === b)).toHaveLength(1);
      for (const m of row) if (m !== b) expect(m).toBeLessThanOrEqual(0.8 * b);
    }
  });

  it('a narrower spread keeps the rates around 0.5', () => {
    const bests = banditSuite({ tasks: 8, arms: 3, spread: 0.5 }, Rng.fromSeed(2)).means.map(best);
    expect(Math.min(...bests)).toBeGreaterThan(0.25);
    expect(Math.max(...bests)).toBeLessThan(0.75);
  });

  it('is seeded: same seed same suite, the best arm moves between tasks', () => {
    const p = { tasks: 20, arms: 5, spread: 1 };
    expect(banditSuite(p, Rng.fromSeed(3))).toEqual(banditSuite(p, Rng.fromSeed(3)));
    expect(banditSuite(p, Rng.fromSeed(3))).not.toEqual(banditSuite(p, Rng.fromSeed(4)));
    const bestArms = banditSuite(p, Rng.fromSeed(3)).means.map((row) => row.indexOf(best(row)));
    expect(new Set(bestArms).size).toBeGreaterThan(1);
  });

  it('rejects bad parameters', () => {
    expect(() => banditSuite({ tasks: 0, arms: 1, spread: 2 }, Rng.fromSeed(0))).toThrow(
      /tasks must be .*arms must be .*spread must be/,
    );
  });

  it('runs in BanditEnv with the advertised success rates', () => {
    const suite = banditSuite({ tasks: 4, arms: 3, spread: 1 }, Rng.fromSeed(5));
    const n = 20000;
    const env = new BanditEnv(suite, n, Rng.fromSeed(6));
    for (let k = 0; k < 4; k++) {
      const arm = suite.means[k].indexOf(best(suite.means[k]));
      for (let i = 0; i < n; i++) env.reset(i, k);
      env.step(new Int32Array(n).fill(arm));
      const rate = env.success.reduce((a, b) => a + b, 0) / n;
      expect(Math.abs(rate - suite.means[k][arm])).toBeLessThan(0.012); // ~3.5 standard errors
    }
  });
});

describe('TwoRewardBanditEnv', () => {
  it('pays independent components with the given probabilities; reward is their weighted sum', () => {
    const n = 40000;
    const env = new TwoRewardBanditEnv(
      { ...TWO_REWARD_EXAMPLE, weights: [1, 0.5] },
      n,
      Rng.fromSeed(7),
    );
    expect(env.numRewardComponents).toBe(2);
    for (let arm = 0; arm < 4; arm++) {
      for (let i = 0; i < n; i++) env.reset(i, 0);
      env.step(new Int32Array(n).fill(arm));
      let r1 = 0;
      let r2 = 0;
      let both = 0;
      let inconsistent = 0;
      for (let i = 0; i < n; i++) {
        const c1 = env.rewardComponents[2 * i];
        const c2 = env.rewardComponents[2 * i + 1];
        if (env.rewards[i] !== c1 + 0.5 * c2 || env.success[i] !== c1 * c2 || !env.terminated[i])
          inconsistent++;
        r1 += c1;
        r2 += c2;
        both += c1 * c2;
      }
      expect(inconsistent).toBe(0);
      const p1 = TWO_REWARD_EXAMPLE.p1[0][arm];
      const p2 = TWO_REWARD_EXAMPLE.p2[0][arm];
      expect(Math.abs(r1 / n - p1)).toBeLessThan(0.01);
      expect(Math.abs(r2 / n - p2)).toBeLessThan(0.01);
      expect(Math.abs(both / n - p1 * p2)).toBeLessThan(0.01);
    }
  });

  it('feeds the exact bandit objective: arm 2 has the best expected sum', () => {
    const env = new TwoRewardBanditEnv(TWO_REWARD_EXAMPLE, 1, Rng.fromSeed(8));
    const mu = env.expectedRewards();
    expect(mu[0]).toEqual([1, 1, 1.2, 0.6]);
    const { grad } = banditExact(mu, new Float64Array(4)); // uniform policy
    expect(grad.indexOf(Math.max(...grad))).toBe(2);
  });

  it('N copies together equal N copies alone, and snapshots replay', () => {
    const params = twoRewardSuite(3, 4, Rng.fromSeed(9));
    const together = new TwoRewardBanditEnv(params, 4, Rng.fromSeed(10));
    const alone = [0, 1, 2, 3].map((i) => new TwoRewardBanditEnv(params, 1, Rng.fromSeed(10), i));
    const snaps = [0, 1, 2, 3].map((i) => together.snapshot(i));
    const first: number[] = [];
    for (let t = 0; t < 50; t++) {
      const actions = Int32Array.from([0, 1, 2, 3], (i) => (t + i) % 4);
      for (let i = 0; i < 4; i++) together.reset(i, (t + i) % 3);
      together.step(actions);
      first.push(...together.rewardComponents);
      for (let i = 0; i < 4; i++) {
        alone[i].reset(0, (t + i) % 3);
        alone[i].step(actions.subarray(i, i + 1));
        expect(Array.from(alone[i].rewardComponents)).toEqual(
          Array.from(together.rewardComponents.subarray(2 * i, 2 * i + 2)),
        );
      }
    }
    snaps.forEach((s, i) => together.restore(i, s));
    const again: number[] = [];
    for (let t = 0; t < 50; t++) {
      for (let i = 0; i < 4; i++) together.reset(i, (t + i) % 3);
      together.step(Int32Array.from([0, 1, 2, 3], (i) => (t + i) % 4));
      again.push(...together.rewardComponents);
    }
    expect(again).toEqual(first);
  });

  it('validates its probability tables', () => {
    expect(validateTwoRewardBanditParams({ p1: [[0.5, 1.5]], p2: [[0.5]] })).toEqual([
      'two-reward bandit: p1 of task 0 arm 1 must be in [0, 1], got 1.5',
      'two-reward bandit: p2 task 0 has 1 arms, expected 2',
    ]);
  });
});

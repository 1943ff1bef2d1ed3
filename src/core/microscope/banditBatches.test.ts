import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { armRewardMoments, BanditBatchSampler, validateMicroscopeBandit } from './banditBatches';

describe('batches of a frozen policy on a one-task bandit', () => {
  const pi = Float64Array.of(0.2, 0.5, 0.3);
  const bandit = { kind: 'bernoulli', means: [0.1, 0.9, 0.5] } as const;

  it('N pulls in groups of G, one step each, log pi of the pulled arm', () => {
    const { batch } = new BanditBatchSampler(bandit, pi, 8, 4, Rng.fromSeed(1)).next();
    expect([batch.numEpisodes, batch.numGroups, batch.groupSize, batch.maxSteps]).toEqual([
      8, 2, 4, 1,
    ]);
    for (let e = 0; e < 8; e++) {
      expect(batch.logp[e]).toBeCloseTo(Math.log(pi[batch.actions[e]]), 6);
      expect([0, 1]).toContain(batch.rewards[e]);
    }
  });

  it('arms are pulled with probability pi and pay their mean', () => {
    const sampler = new BanditBatchSampler(bandit, pi, 100, 1, Rng.fromSeed(2), false);
    const pulls = [0, 0, 0];
    const paid = [0, 0, 0];
    for (let m = 0; m < 100; m++) {
      const { batch } = sampler.next();
      for (let e = 0; e < 100; e++) {
        pulls[batch.actions[e]] += 1;
        paid[batch.actions[e]] += batch.rewards[e];
      }
    }
    // 10 000 pulls: 4 standard errors of a frequency are at most 0.02.
    pulls.forEach((n, a) => expect(Math.abs(n / 10000 - pi[a])).toBeLessThan(0.02));
    paid.forEach((r, a) => expect(Math.abs(r / pulls[a] - bandit.means[a])).toBeLessThan(0.05));
  });

  it("ReMax's greedy pull replays the group's first pull's random number", () => {
    // The greedy arm is arm 2 (pi 0.5); where a group's first pull is also arm 2 the rewards agree.
    const sampler = new BanditBatchSampler(bandit, pi, 40, 4, Rng.fromSeed(3));
    let checked = 0;
    for (let m = 0; m < 20; m++) {
      const { batch, greedyReturns } = sampler.next();
      for (let e = 0; e < 40; e += 4)
        if (batch.actions[e] === 1) {
          expect(greedyReturns(1)[e]).toBe(batch.rewards[e]);
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('reward moments: Bernoulli R^2 = R; Gaussian adds sd^2', () => {
    expect(Array.from(armRewardMoments(bandit).secondMoment)).toEqual([0.1, 0.9, 0.5]);
    const g = armRewardMoments({ kind: 'gaussian', means: [1, 2], sd: 0.5 });
    expect(Array.from(g.secondMoment)).toEqual([1.25, 4.25]);
  });
});

describe('bandit settings', () => {
  it('bad arm means are named by arm, counted from 1 as on screen', () => {
    expect(validateMicroscopeBandit({ kind: 'bernoulli', means: [0.2, 1.5, NaN] })).toEqual([
      'bandit: success probability of arm 2 must be in [0, 1], got 1.5',
      'bandit: mean of arm 3 is not a finite number',
    ]);
    expect(validateMicroscopeBandit({ kind: 'bernoulli', means: [0.2, 0.5] })).toEqual([]);
  });
});

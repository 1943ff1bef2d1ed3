import { describe, expect, it } from 'vitest';
import { makeRolloutBatch } from '../batch';
import { gae } from './gae';
import { episodeReturns, rewardToGo } from './returns';

describe('return targets', () => {
  it('reward-to-go of [1, 1, 1] with gamma 1 is [3, 2, 1]', () => {
    const batch = makeRolloutBatch([{ rewards: [1, 1, 1] }], 1);
    expect(Array.from(rewardToGo(batch, 1))).toEqual([3, 2, 1]);
  });

  it('episode return is the discounted sum, credited to every step', () => {
    const batch = makeRolloutBatch([{ rewards: [1, 1, 1] }, { rewards: [0, 2] }], 1);
    const R = episodeReturns(batch, 0.5);
    expect(R[0]).toBeCloseTo(1 + 0.5 + 0.25);
    expect(R[1]).toBeCloseTo(1);
  });

  // Hand computation, gamma 0.9, lambda 0.8, rewards [1, 1], V = [0.5, 0.4], V(s_T) = 2:
  // termination: delta_1 = 1 - 0.4 = 0.6;  A_1 = 0.6
  //              delta_0 = 1 + 0.9*0.4 - 0.5 = 0.86;  A_0 = 0.86 + 0.72*0.6 = 1.292
  // truncation:  delta_1 = 1 + 0.9*2 - 0.4 = 2.4;  A_1 = 2.4;  A_0 = 0.86 + 0.72*2.4 = 2.588
  const values = [0.5, 0.4];
  it('GAE on a terminated episode does not bootstrap', () => {
    const batch = makeRolloutBatch([{ rewards: [1, 1], terminated: 1 }], 1);
    const { advantages, criticTargets } = gae(batch, values, [2], 0.9, 0.8, true);
    expect(advantages[0]).toBeCloseTo(1.292, 12);
    expect(advantages[1]).toBeCloseTo(0.6, 12);
    expect(criticTargets[0]).toBeCloseTo(1.792, 12);
    expect(criticTargets[1]).toBeCloseTo(1.0, 12);
  });

  it('GAE on a truncated episode bootstraps from V(s_T), unless told to treat it as done', () => {
    const batch = makeRolloutBatch([{ rewards: [1, 1], terminated: 0 }], 1);
    const cut = gae(batch, values, [2], 0.9, 0.8, true);
    expect(cut.advantages[0]).toBeCloseTo(2.588, 12);
    expect(cut.advantages[1]).toBeCloseTo(2.4, 12);
    expect(cut.criticTargets[1]).toBeCloseTo(2.8, 12);
    const asDone = gae(batch, values, [2], 0.9, 0.8, false); // CleanRL's convention
    expect(asDone.advantages[0]).toBeCloseTo(1.292, 12);
  });

  it('GAE with lambda 1 is the Monte Carlo return minus V', () => {
    const batch = makeRolloutBatch([{ rewards: [1, 2, 3] }], 1);
    const v = [0.3, 0.2, 0.1];
    const { advantages } = gae(batch, v, undefined, 0.5, 1, true);
    const rtg = rewardToGo(batch, 0.5);
    for (let t = 0; t < 3; t++) expect(advantages[t]).toBeCloseTo(rtg[t] - v[t], 12);
  });
});

import { describe, expect, it } from 'vitest';
import { computeAdvantages, createEstimatorState } from '../advantages';
import { makeRolloutBatch } from '../batch';
import { resolveEstimator } from '../presets';

const batch = (rs: number[], G: number) =>
  makeRolloutBatch(
    rs.map((r) => ({ rewards: [r] })),
    G,
  );

describe('outcome selection (Negative Reinforcement paper)', () => {
  const rs = [1, 0, 0, 1];
  const plan = (preset: string) =>
    computeAdvantages(batch(rs, 4), resolveEstimator(preset), createEstimatorState(1));

  it('PSR: +1 on successes, 0 elsewhere; NSR: -1 on failures; W-REINFORCE: +0.1 / -1', () => {
    expect(Array.from(plan('psr').advantages)).toEqual([1, 0, 0, 1]);
    expect(Array.from(plan('nsr').advantages)).toEqual([0, -1, -1, 0]);
    expect(Array.from(plan('w-reinforce').advantages)).toEqual([0.1, -1, -1, 0.1].map(Math.fround));
  });

  it('deselected rollouts stay in the token-mean denominator', () => {
    expect(Array.from(plan('psr').stepWeights)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('group filters', () => {
  it('DAPO drops zero-variance groups from the update and from the denominator', () => {
    const p = computeAdvantages(
      batch([1, 1, 1, 0], 2),
      resolveEstimator('dapo'),
      createEstimatorState(2),
    );
    expect(Array.from(p.keep)).toEqual([0, 0, 1, 1]);
    expect(Array.from(p.stepWeights)).toEqual([0, 0, 0.5, 0.5]);
    expect(p.diagnostics.zeroVarianceGroupFraction).toBe(0.5);
    expect(p.diagnostics.keptEpisodeFraction).toBe(0.5);
  });

  it('difficulty filter keeps tasks whose success rate is in [lo, hi]', () => {
    const spec = resolveEstimator('grpo', {
      difficultyFilter: true,
      difficultyLow: 0.2,
      difficultyHigh: 0.8,
    });
    const p = computeAdvantages(batch([1, 0, 1, 0, 0, 0], 3), spec, createEstimatorState(2));
    expect(Array.from(p.keep)).toEqual([1, 1, 1, 0, 0, 0]);
  });
});

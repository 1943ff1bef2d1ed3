import { describe, expect, it } from 'vitest';
import { resolveEstimator } from '../estimators/presets';
import { networkGroups } from './networkGroups';

describe('networkGroups', () => {
  it("a class's estimators: the one-step estimators share a stack; PPO (critic, 4 x 4) and RLOO (reference) get their own", () => {
    const presets = ['reinforce', 'ppo', 'rloo', 'reinforce-baseline', 'grpo', 'ppo', 'remax'];
    const specs = presets.map((p) => resolveEstimator(p as 'reinforce'));
    expect(networkGroups(specs)).toEqual([[0, 3, 4, 6], [1, 5], [2]]);
  });

  it('splits on the schedule (epochs, minibatches), a critic and a reference, and on nothing else', () => {
    const reinforce = resolveEstimator('reinforce');
    const specs = [
      reinforce,
      resolveEstimator('reinforce', { epochs: 2 }),
      resolveEstimator('reinforce', { minibatches: 2 }),
      resolveEstimator('reinforce', { baseline: 'critic' }),
      resolveEstimator('reinforce', { klCoef: 0.1, reference: 'initial' }),
      resolveEstimator('reinforce', { learningRate: 0.5, entropyCoef: 0.1, optimizer: 'adam' }),
    ];
    expect(networkGroups(specs)).toEqual([[0, 5], [1], [2], [3], [4]]);
  });

  it('with minibatches, covariance selection (whole-batch steps) is stacked apart too', () => {
    const clipCov = { covRegulariser: 'clip-cov' } as const;
    const specs = [
      resolveEstimator('grpo'),
      resolveEstimator('grpo', clipCov),
      resolveEstimator('ppo'),
      resolveEstimator('ppo', clipCov),
    ];
    expect(networkGroups(specs)).toEqual([[0, 1], [2], [3]]);
  });

  it('one stack when every run can share it (a seed sweep)', () => {
    const specs = [1, 2, 3].map(() => resolveEstimator('ppo'));
    expect(networkGroups(specs)).toEqual([[0, 1, 2]]);
  });
});

import { describe, expect, it } from 'vitest';
import { groupMeanBaseline } from '../estimators/baselines/group';
import { decoupledAdvantages } from '../estimators/normalise/decoupled';
import { groupStdScale } from '../estimators/normalise/group-std';
import { distinctAdvantagesPerGroup } from './distinctAdvantages';

/** Two 0/1 rewards per episode, one group: (1,1), (1,0), (0,1), (0,0). */
const COMPONENTS = [1, 1, 1, 0, 0, 1, 0, 0];

describe('distinctAdvantagesPerGroup', () => {
  it('summed rewards under GRPO collapse (1,0) and (0,1): 3 distinct values of 4 episodes', () => {
    const sum = [2, 1, 1, 0];
    const b = groupMeanBaseline(sum, 4);
    const s = groupStdScale(sum, 4, 1, 1e-4);
    const grpo = sum.map((r, i) => (r - b[i]) * s[i]);
    expect(grpo[1]).toBe(grpo[2]);
    expect(distinctAdvantagesPerGroup(grpo, 1, 4)).toBe(3);
  });

  it("GDPO's decoupled normalisation keeps all 4 combinations apart when the rewards' group statistics differ", () => {
    // Group of 6: (1,1), (1,0), (0,1), (0,0), (1,1), (1,0). Component 1 pays 4 times, component 2
    // 3 times: different group stds, so (1,0) and (0,1) get different advantages.
    const c = [1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0];
    const gdpo = decoupledAdvantages(c, 2, 6, [], 1, 1e-4);
    expect(distinctAdvantagesPerGroup(gdpo, 1, 6)).toBe(4);
  });

  it('GDPO ties (1,0) and (0,1) too when both rewards have the same group std', () => {
    // z(1,0) - z(0,1) = 1/s1 - 1/s2: equal when the success rates are equal (here 2 of 4 each)
    // or complementary (p2 = 1 - p1).
    const gdpo = decoupledAdvantages(COMPONENTS, 2, 4, [], 1, 1e-4);
    expect(distinctAdvantagesPerGroup(gdpo, 1, 4)).toBe(3);
  });

  it('averages over groups, reads the first step of each episode, and ignores round-off', () => {
    // G = 2, T = 2: group 1 has one value (0 and 1e-12), group 2 two values (second steps ignored).
    const adv = [0, 5, 1e-12, 7, -1, 9, 1, 9];
    expect(distinctAdvantagesPerGroup(adv, 2, 2)).toBe(1.5);
    expect(distinctAdvantagesPerGroup([], 1, 2)).toBeNaN();
  });

  it('refuses shapes that do not split into episodes and groups', () => {
    expect(() => distinctAdvantagesPerGroup([1, 2, 3], 2, 1)).toThrow(/whole episodes/);
    expect(() => distinctAdvantagesPerGroup([1, 2, 3], 1, 2)).toThrow(/groups of 2/);
    expect(() => distinctAdvantagesPerGroup([1], 1, 0)).toThrow(/positive integer/);
  });
});

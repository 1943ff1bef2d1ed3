import { describe, expect, it } from 'vitest';
import { groupMeanBaseline } from '../estimators/baselines/group';
import { groupStdScale } from '../estimators/normalise/group-std';
import { groupMeanAbsAdvantage, taskWeights } from './taskWeights';

describe('taskWeights: mean |A| and success rate per task', () => {
  it('worked example: two groups of 4 one-step episodes with group-mean advantages', () => {
    // Task 3 succeeds once in 4 (mean 0.25): A = [0.75, -0.25, -0.25, -0.25], mean |A| 0.375.
    // Task 1 succeeds twice (mean 0.5): A = [0.5, 0.5, -0.5, -0.5], mean |A| 0.5.
    const taskIds = [3, 3, 3, 3, 1, 1, 1, 1];
    const rewards = [1, 0, 0, 0, 1, 1, 0, 0];
    const advantages = [0.75, -0.25, -0.25, -0.25, 0.5, 0.5, -0.5, -0.5];
    const w = taskWeights(taskIds, rewards, advantages, new Array(8).fill(1), 1);
    expect([...w.tasks]).toEqual([1, 3]);
    expect([...w.episodes]).toEqual([4, 4]);
    expect([...w.successRate]).toEqual([0.5, 0.25]);
    expect([...w.meanAbsAdvantage]).toEqual([0.5, 0.375]);
  });

  it('averages |A| over existing steps only and returns over episodes', () => {
    // Two episodes of task 0, T = 2: the first lasts one step (its second step is masked).
    const w = taskWeights([0, 0], [1, 0, 0, 0], [2, 9, -1, 3], [1, 0, 1, 1], 2);
    expect([...w.successRate]).toEqual([0.5]); // returns 1 and 0
    expect([...w.meanAbsAdvantage]).toEqual([2]); // (2 + 1 + 3) / 3 steps
  });

  it('keeps the maxTasks smallest task ids', () => {
    const w = taskWeights([5, 1, 3], [1, 0, 1], [1, 1, 1], [1, 1, 1], 1, 2);
    expect([...w.tasks]).toEqual([1, 3]);
  });

  it('refuses arrays of the wrong length, naming the shapes', () => {
    expect(() => taskWeights([0, 1], [1], [1, 1], [1, 1], 1)).toThrow(/2 episodes x 1 steps/);
  });
});

describe('groupMeanAbsAdvantage: 2p(1-p) without std, 2 sqrt(p(1-p)) with it', () => {
  it('matches the formulas at p = 1/4', () => {
    expect(groupMeanAbsAdvantage(0.25, 'none')).toBeCloseTo(0.375, 15);
    expect(groupMeanAbsAdvantage(0.25, 'std')).toBeCloseTo(2 * Math.sqrt(0.1875), 15);
    expect(groupMeanAbsAdvantage(0.25, 'std', 4, 1)).toBeCloseTo(2 * Math.sqrt(0.1875 * 0.75), 15);
    expect(groupMeanAbsAdvantage(0, 'std', 4, 1)).toBe(0);
  });

  it("agrees with GRPO's own advantages (group mean, unbiased std, eps 0) for every p of G = 8", () => {
    const G = 8;
    for (let s = 0; s <= G; s++) {
      const r = Array.from({ length: G }, (_, i) => (i < s ? 1 : 0));
      const b = groupMeanBaseline(r, G);
      const scale = groupStdScale(r, G, 1, 0);
      let grpo = 0;
      let dr = 0;
      for (let i = 0; i < G; i++) {
        const a = r[i] - b[i];
        dr += Math.abs(a) / G;
        // An all-equal group has A = 0 before the (infinite) scale: no signal at all.
        grpo += a === 0 ? 0 : Math.abs(a * scale[i]) / G;
      }
      expect(groupMeanAbsAdvantage(s / G, 'none')).toBeCloseTo(dr, 12);
      expect(groupMeanAbsAdvantage(s / G, 'std', G, 1)).toBeCloseTo(grpo, 12);
    }
  });

  it('GRPO lifts a task at p = 1/8 to 66% of the middle task; Dr. GRPO to 44%', () => {
    const ratio = (n: 'none' | 'std') =>
      groupMeanAbsAdvantage(1 / 8, n) / groupMeanAbsAdvantage(0.5, n);
    expect(ratio('std')).toBeCloseTo(Math.sqrt(7 / 16), 12); // 0.661
    expect(ratio('none')).toBeCloseTo(7 / 16, 12); // 0.4375
  });

  it('refuses p outside [0, 1] and a std of a group no larger than ddof', () => {
    expect(() => groupMeanAbsAdvantage(1.5, 'none')).toThrow(/p must be in \[0, 1\]/);
    expect(() => groupMeanAbsAdvantage(0.5, 'std', 1, 1)).toThrow(/groupSize \(1\) must exceed/);
  });
});

import { describe, expect, it } from 'vitest';
import { FIELD_NAMES, PRESETS, resolveEstimator } from '../../core/estimators';
import { differingFields, groupBySection, sameValue } from './differences';

describe('differingFields', () => {
  it('GRPO vs Dr. GRPO: exactly the fields the presets differ in', () => {
    const fields = differingFields([resolveEstimator('grpo'), resolveEstimator('dr-grpo')]);
    // Dr. GRPO drops the group std and the per-episode length normalisation (Liu et al. 2025).
    expect(fields).toEqual(['normalisation', 'aggregation']);
    const byHand = FIELD_NAMES.filter((f) => !sameValue(PRESETS.grpo[f], PRESETS['dr-grpo'][f]));
    expect([...fields].sort()).toEqual([...byHand].sort());
  });

  it('runs that differ only in seed have identical estimators', () => {
    const a = resolveEstimator('ppo', { learningRate: 1e-3 });
    const b = resolveEstimator('ppo', { learningRate: 1e-3 });
    expect(differingFields([a, b])).toEqual([]);
  });

  it('reports a field once when any of three runs differs, and compares lists by value', () => {
    const a = resolveEstimator('gdpo', { rewardWeights: [1, 2] });
    const b = resolveEstimator('gdpo', { rewardWeights: [1, 2] });
    const c = resolveEstimator('gdpo', { rewardWeights: [1, 3] });
    expect(differingFields([a, b])).toEqual([]);
    expect(differingFields([a, b, c])).toEqual(['rewardWeights']);
  });

  it('groups PPO vs REINFORCE by section in catalog order', () => {
    const fields = differingFields([PRESETS.ppo, PRESETS.reinforce]);
    const groups = groupBySection(fields);
    expect(groups.map((g) => g.section.id)).toEqual([
      'target',
      'baseline',
      'normalisation',
      'surrogate',
      'regularisers',
      'optimiser',
    ]);
    expect(groups[0].fields).toEqual(['returnTarget', 'gamma', 'bootstrapTruncated']);
    expect(groups.flatMap((g) => g.fields)).toEqual(fields);
  });
});

import { describe, expect, it } from 'vitest';
import { PRESETS, estimatorNeeds } from '../../core/estimators';
import {
  compactFields,
  formatValue,
  needsInWords,
  overriddenFields,
  parseNumberList,
  pruneOverrides,
  resetOverride,
  resolveForDisplay,
  setOverride,
  sortProblems,
  stepFor,
} from './overrides';

describe('overrides diffing', () => {
  it('keeps only values that differ from the preset', () => {
    expect(pruneOverrides('grpo', { clipLow: 0.2, clipHigh: 0.28, rewardWeights: [] })).toEqual({
      clipHigh: 0.28,
    });
  });

  it('setOverride removes a field set back to the preset value', () => {
    let o = setOverride('ppo', {}, 'epochs', 8);
    expect(o).toEqual({ epochs: 8 });
    o = setOverride('ppo', o, 'epochs', 4);
    expect(o).toEqual({});
    expect(resetOverride({ epochs: 8, gamma: 0.9 }, 'epochs')).toEqual({ gamma: 0.9 });
  });

  it('keeps unknown keys so validation can name them', () => {
    expect(pruneOverrides('grpo', { clpiHigh: 0.3 })).toEqual({ clpiHigh: 0.3 });
    expect(resolveForDisplay('grpo', { clpiHigh: 0.3 }).sorted.general[0]).toMatch(
      /^clpiHigh: unknown field/,
    );
  });

  it('lists overridden fields', () => {
    expect(overriddenFields('dapo', { clipHigh: 0.28, epochs: 2 })).toEqual(['epochs']);
  });
});

describe('resolveForDisplay', () => {
  it('resolves a valid run', () => {
    const d = resolveForDisplay('grpo', { clipHigh: 0.28 });
    expect(d.valid).toBe(true);
    expect(d.spec?.clipHigh).toBe(0.28);
  });

  it('keeps the merged values of an invalid run and files each problem under its fields', () => {
    const d = resolveForDisplay('grpo', { gamma: 2, klCoef: 0.1 });
    expect(d.valid).toBe(false);
    expect(d.spec?.gamma).toBe(2);
    expect(d.sorted.byField.get('gamma')?.[0]).toBe('gamma must be in [0, 1], got 2');
    // Type errors hide cross-field rules; fix gamma and the KL rule shows on both fields.
    const kl = resolveForDisplay('grpo', { klCoef: 0.1 });
    expect(kl.sorted.byField.get('reference')?.[0]).toMatch(/^reference must be initial/);
    expect(kl.sorted.byField.get('klCoef')).toEqual(kl.sorted.byField.get('reference'));
  });

  it('reports an unknown preset without a spec', () => {
    const d = resolveForDisplay('grpoo', {});
    expect(d.spec).toBeNull();
    expect(d.sorted.general[0]).toMatch(/^preset must be one of/);
  });

  it('sortProblems leaves messages without a leading field as general', () => {
    const s = sortProblems(['groupSize must be >= 2 for baseline: group-mean, got 1']);
    expect(s.general).toHaveLength(1);
    expect(s.byField.size).toBe(0);
  });
});

describe('display helpers', () => {
  it('compact cards show the choices, option parameters in use and changed values', () => {
    const grpo = compactFields(PRESETS.grpo, []);
    for (const f of ['baseline', 'normalisation', 'stdEps', 'clipHigh', 'aggregation'] as const)
      expect(grpo.has(f)).toBe(true);
    expect(grpo.has('gaeLambda')).toBe(false);
    expect(grpo.has('adamEpsilon')).toBe(false);
    expect(compactFields(PRESETS.grpo, ['adamEpsilon']).has('adamEpsilon')).toBe(true);
  });

  it('formats values', () => {
    expect(formatValue(1e-4)).toBe('1e-4');
    expect(formatValue(2.5e-4)).toBe('2.5e-4');
    expect(formatValue(0.99)).toBe('0.99');
    expect(formatValue(0)).toBe('0');
    expect(formatValue([1, 0.5])).toBe('[1, 0.5]');
    expect(formatValue(true)).toBe('true');
  });

  it('parses number lists', () => {
    expect(parseNumberList('1, 0.5 2')).toEqual([1, 0.5, 2]);
    expect(parseNumberList('  ')).toEqual([]);
    expect(parseNumberList('1, x')).toBeNull();
  });

  it('steps number inputs by the decade of the preset value', () => {
    expect(stepFor({ kind: 'number', integer: true, min: 1 }, 4)).toBe(1);
    expect(stepFor({ kind: 'number' }, 0.2)).toBeCloseTo(0.1);
    expect(stepFor({ kind: 'number' }, 1e-4)).toBeCloseTo(1e-4);
    expect(stepFor({ kind: 'number' }, 0)).toBe(0.01);
  });

  it('states the needs of PPO and GRPO', () => {
    expect(needsInWords(estimatorNeeds(PRESETS.ppo)).map((n) => n.need)).toEqual([
      'a learned critic V(s)',
      '4 epochs × 4 minibatches per batch',
    ]);
    expect(needsInWords(estimatorNeeds(PRESETS.grpo))[0].because).toEqual([
      'baseline: group-mean',
      'normalisation: group-std',
    ]);
  });
});

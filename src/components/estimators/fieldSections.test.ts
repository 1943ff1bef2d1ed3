import { describe, expect, it } from 'vitest';
import { FIELD_NAMES, PRESETS, resolveEstimator } from '../../core/estimators';
import { FIELD_DOCS, fieldTooltip } from './fieldDocs';
import { KEY_FIELDS, SECTIONS, fieldInUse, sectionOf } from './fieldSections';

describe('SECTIONS', () => {
  it('places every spec field in exactly one section', () => {
    const placed = SECTIONS.flatMap((s) => s.fields);
    expect([...placed].sort()).toEqual([...FIELD_NAMES].sort());
    expect(new Set(placed).size).toBe(placed.length);
  });

  it('follows the seven sections of estimators.md', () => {
    expect(SECTIONS.map((s) => s.title)).toEqual([
      '1. Return target',
      '2. Baseline',
      '3. Normalisation',
      '4. Sample selection',
      '5. Surrogate & aggregation',
      '6. Regularisers',
      '7. Optimiser',
    ]);
    expect(sectionOf('gaeLambda')).toBe('target');
    expect(sectionOf('aggregation')).toBe('surrogate');
    expect(sectionOf('adamEpsilon')).toBe('optimiser');
  });

  it('has a tooltip text for every field and only key fields that exist', () => {
    expect(Object.keys(FIELD_DOCS).sort()).toEqual([...FIELD_NAMES].sort());
    for (const f of KEY_FIELDS) expect(FIELD_NAMES).toContain(f);
  });
});

describe('fieldInUse', () => {
  it('uses GAE lambda and the critic coefficients only with a critic', () => {
    expect(fieldInUse(PRESETS.ppo, 'gaeLambda')).toBe(true);
    expect(fieldInUse(PRESETS.ppo, 'valueCoef')).toBe(true);
    expect(fieldInUse(PRESETS.grpo, 'gaeLambda')).toBe(false);
    expect(fieldInUse(PRESETS.grpo, 'valueCoef')).toBe(false);
  });

  it('follows overrides: a KL coefficient switches on the reference and estimator', () => {
    expect(fieldInUse(PRESETS.grpo, 'klEstimator')).toBe(false);
    const withKl = resolveEstimator('grpo', { klCoef: 0.04, reference: 'initial' });
    expect(fieldInUse(withKl, 'klEstimator')).toBe(true);
  });

  it('always uses the choices themselves', () => {
    for (const name of Object.keys(PRESETS) as (keyof typeof PRESETS)[])
      for (const f of KEY_FIELDS) expect(fieldInUse(PRESETS[name], f)).toBe(true);
  });
});

describe('fieldTooltip', () => {
  it('says what a field is and its range', () => {
    expect(fieldTooltip('emaRate')).toBe(
      'EMA rate kappa: b <- (1 - kappa) b + kappa mean(R). Allowed: in (0, 1].',
    );
  });
});

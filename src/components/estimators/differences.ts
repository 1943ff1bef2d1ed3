import type { EstimatorSpec } from '../../core/estimators';
import { SECTIONS, type FieldName, type Section } from './fieldSections';

/** Equality of two field values: numbers, strings, booleans, or number lists (rewardWeights). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  return Object.is(a, b);
}

/** The fields, in catalog order, whose values are not the same in all the given specs. */
export function differingFields(specs: readonly EstimatorSpec[]): FieldName[] {
  if (specs.length < 2) return [];
  const [first, ...rest] = specs;
  return SECTIONS.flatMap((s) => s.fields).filter((f) =>
    rest.some((spec) => !sameValue(first[f], spec[f])),
  );
}

/** `fields` split by section, in catalog order; sections without any of them are left out. */
export function groupBySection(
  fields: readonly FieldName[],
): { section: Section; fields: FieldName[] }[] {
  const wanted = new Set(fields);
  return SECTIONS.map((section) => ({
    section,
    fields: section.fields.filter((f) => wanted.has(f)),
  })).filter((g) => g.fields.length > 0);
}

/** Estimator cards, the "what differs" view and the overrides editor (see estimators.md). */
export { Formula, type FormulaProps } from './Formula';
export { EstimatorCard, type EstimatorCardProps } from './EstimatorCard';
export { WhatDiffers, type WhatDiffersProps, type WhatDiffersRun } from './WhatDiffers';
export { OverridesEditor, type OverridesEditorProps } from './OverridesEditor';
export { differingFields, groupBySection } from './differences';
export { SECTIONS, fieldInUse, type FieldName, type SectionId } from './fieldSections';
export { pruneOverrides, resolveForDisplay, setOverride } from './overrides';

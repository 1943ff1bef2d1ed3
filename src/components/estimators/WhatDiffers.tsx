import { PRESET_CARDS, isPresetName, type EstimatorSpec } from '../../core/estimators';
import { differingFields, groupBySection } from './differences';
import { fieldTooltip } from './fieldDocs';
import { fieldInUse } from './fieldSections';
import { Formula } from './Formula';
import { formatValue, resolveForDisplay } from './overrides';
import './estimators.css';

export interface WhatDiffersRun {
  label: string;
  preset: string;
  overrides: Record<string, unknown>;
  color?: string;
}

export interface WhatDiffersProps {
  /** Two or more runs. */
  runs: WhatDiffersRun[];
}

/**
 * Only the estimator fields whose resolved values differ between runs, side by side and grouped
 * by section, then each run's formula. Comparing resolved specs (not presets plus overrides)
 * means "PPO with epochs 1" and a preset that only differs in epochs show just that one row.
 */
export function WhatDiffers({ runs }: WhatDiffersProps) {
  const resolved = runs.map((run, i) => ({
    run,
    // Labels may repeat (two runs of one preset): the position is the React key.
    id: i,
    display: resolveForDisplay(run.preset, run.overrides),
  }));
  const invalid = resolved.filter((r) => !r.display.valid);
  const valid = resolved.filter(
    (r): r is typeof r & { display: { spec: EstimatorSpec } } =>
      r.display.valid && r.display.spec !== null,
  );
  const fields = differingFields(valid.map((r) => r.display.spec));
  const groups = groupBySection(fields);
  const presetsDiffer = new Set(valid.map((r) => r.run.preset)).size > 1;
  return (
    <section className="est-diff" aria-label="What differs" data-testid="what-differs">
      <h3>What differs: {runs.map((r) => r.label).join(' vs ')}</h3>
      {runs.length < 2 && <p className="chart-help">Add a second run to compare estimators.</p>}
      {invalid.map(({ run, id, display }) => (
        <div key={id} className="error" role="alert">
          <strong>{run.label}</strong> is left out: {display.problems.join('; ')}
        </div>
      ))}
      {valid.length >= 2 && fields.length === 0 && (
        <p className="est-identical">
          Identical estimators
          {presetsDiffer
            ? ' (the presets are named differently but resolve to the same values)'
            : ''}
          : the runs can differ only outside the estimator, e.g. in seed or environment.
        </p>
      )}
      {valid.length >= 2 && fields.length > 0 && (
        <table className="est-diff-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              {valid.map(({ run, id }) => (
                <th scope="col" key={id} style={run.color ? { color: run.color } : undefined}>
                  {run.label}
                </th>
              ))}
            </tr>
          </thead>
          {presetsDiffer && (
            <tbody>
              <tr>
                <th scope="row">preset</th>
                {valid.map(({ run, id }) => (
                  <td key={id}>
                    {isPresetName(run.preset) ? PRESET_CARDS[run.preset].label : run.preset}
                  </td>
                ))}
              </tr>
            </tbody>
          )}
          {groups.map(({ section, fields: sectionFields }) => (
            <tbody key={section.id}>
              <tr className="est-diff-section">
                <th colSpan={valid.length + 1} scope="colgroup">
                  {section.title}
                </th>
              </tr>
              {sectionFields.map((f) => (
                <tr key={f}>
                  <th scope="row" title={fieldTooltip(f)}>
                    <code>{f}</code>
                  </th>
                  {valid.map(({ id, display }) => {
                    const inUse = fieldInUse(display.spec, f);
                    return (
                      <td key={id} className={inUse ? undefined : 'est-unused'}>
                        {formatValue(display.spec[f])}
                        {!inUse && <span className="est-was"> unused</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
      {/* Formulas belong to presets: worth showing only when the presets or values differ. */}
      {valid.length >= 2 && (fields.length > 0 || presetsDiffer) && (
        <div className="est-diff-formulas">
          {valid.map(({ run, id }) => (
            <figure key={id} className="est-diff-formula">
              <figcaption style={run.color ? { color: run.color } : undefined}>
                {run.label}
                {isPresetName(run.preset) && PRESET_CARDS[run.preset].label !== run.label
                  ? ` (${PRESET_CARDS[run.preset].label})`
                  : ''}
              </figcaption>
              {isPresetName(run.preset) && (
                <Formula tex={PRESET_CARDS[run.preset].formula} displayMode />
              )}
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}

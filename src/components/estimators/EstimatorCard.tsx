import { useState, type ReactNode } from 'react';
import {
  PRESET_CARDS,
  estimatorNeeds,
  isPresetName,
  type EstimatorSpec,
  type PresetCard,
} from '../../core/estimators';
import { fieldTooltip } from './fieldDocs';
import { SECTIONS, fieldInUse, type FieldName } from './fieldSections';
import { Formula } from './Formula';
import {
  compactFields,
  formatValue,
  needsInWords,
  overriddenFields,
  presetValue,
  resolveForDisplay,
  type SortedProblems,
} from './overrides';
import './estimators.css';

export interface EstimatorCardProps {
  preset: string;
  overrides: Record<string, unknown>;
  /** The run's colour (a stripe on the card, as in the charts). */
  color?: string;
  /** The run's label; the preset's name is shown beside it. */
  label?: string;
  /** Show only the choices and the changed values, with a "show all" toggle. */
  compact?: boolean;
}

/**
 * Everything a student needs to know about one run's estimator: what it does in words, its
 * formula, where it comes from, what it needs from the trainer, and every value in use with the
 * run's own changes highlighted.
 */
export function EstimatorCard({
  preset,
  overrides,
  color,
  label,
  compact = false,
}: EstimatorCardProps) {
  const [showAll, setShowAll] = useState(!compact);
  const display = resolveForDisplay(preset, overrides);
  const card = isPresetName(preset) ? PRESET_CARDS[preset] : null;
  const title = label ?? card?.label ?? preset;
  return (
    <article
      className="est-card"
      style={color ? { borderTopColor: color } : undefined}
      aria-label={`Estimator of ${title}`}
      data-testid="estimator-card"
    >
      <header className="est-card-head">
        {/* The colour is only the stripe: light run colours (yellow) are unreadable as text. */}
        <h3>{title}</h3>
        <span className="est-preset">
          {card && card.label !== title ? `${card.label} · ` : ''}
          preset <code>{preset}</code>
        </span>
      </header>
      {display.problems.length > 0 && <ProblemList problems={display.problems} />}
      {card && (
        <CardText card={card}>
          <NeedsItem spec={display.valid ? display.spec : null} card={card} />
        </CardText>
      )}
      {display.spec && (
        <>
          <ValuesTable
            preset={preset}
            spec={display.spec}
            overridden={overriddenFields(preset, overrides)}
            problems={display.sorted}
            compact={compact && !showAll}
          />
          {compact && (
            <button type="button" className="link est-toggle" onClick={() => setShowAll((v) => !v)}>
              {showAll
                ? 'Show fewer values'
                : `Show all ${SECTIONS.flatMap((s) => s.fields).length} values`}
            </button>
          )}
        </>
      )}
    </article>
  );
}

function ProblemList({ problems }: { problems: readonly string[] }) {
  return (
    <div className="error est-problems" role="alert">
      <strong>This estimator is not valid:</strong>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function CardText({ card, children }: { card: PresetCard; children: ReactNode }) {
  const paperUrl = sourceUrl(card.source, 'paperUrl');
  const codeUrl = sourceUrl(card.source, 'implementationUrl');
  return (
    <>
      <p className="est-explanation">{card.explanation}</p>
      <div className="est-formula-box">
        <Formula tex={card.formula} displayMode />
      </div>
      <dl className="est-meta">
        <dt>Paper</dt>
        <dd>
          <MaybeLink text={card.source.paper} url={paperUrl} />
        </dd>
        <dt>Reference implementation</dt>
        <dd>
          <MaybeLink text={card.source.implementation} url={codeUrl} />
        </dd>
        {card.notes && (
          <>
            <dt>Notes</dt>
            <dd>{card.notes}</dd>
          </>
        )}
        {children}
      </dl>
    </>
  );
}

/** What the trainer must provide, recomputed from the resolved spec so overrides count. */
function NeedsItem({ spec, card }: { spec: EstimatorSpec | null; card: PresetCard }) {
  const items = needsInWords(spec ? estimatorNeeds(spec) : card.needs);
  return (
    <>
      <dt>Needs</dt>
      <dd>
        {items.length === 0 ? (
          'one rollout per task, no critic: nothing beyond plain episodes'
        ) : (
          <ul className="est-needs">
            {items.map((n) => (
              <li key={n.need}>
                {n.need} <span className="est-because">({n.because.join(', ')})</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}

/** Card sources may carry URLs; only http(s) ones become links. */
function sourceUrl(source: object, key: string): string | undefined {
  const v: unknown = (source as Record<string, unknown>)[key];
  return typeof v === 'string' && /^https?:\/\//.test(v) ? v : undefined;
}

function MaybeLink({ text, url }: { text: string; url?: string }) {
  return url ? (
    <a href={url} target="_blank" rel="noreferrer">
      {text}
    </a>
  ) : (
    <>{text}</>
  );
}

function ValuesTable({
  preset,
  spec,
  overridden,
  problems,
  compact,
}: {
  preset: string;
  spec: EstimatorSpec;
  overridden: readonly FieldName[];
  problems: SortedProblems;
  compact: boolean;
}) {
  const shown = compact ? compactFields(spec, overridden) : null;
  return (
    <div className="est-values" aria-label="Values in use">
      {SECTIONS.map((section) => {
        const fields = section.fields.filter(
          (f) => !shown || shown.has(f) || problems.byField.has(f),
        );
        if (fields.length === 0) return null;
        return (
          <table key={section.id} className="est-section-table">
            <caption>{section.title}</caption>
            <tbody>
              {fields.map((f) => {
                const isOverridden = overridden.includes(f);
                const inUse = fieldInUse(spec, f);
                const fieldProblems = problems.byField.get(f);
                const classes = [
                  isOverridden ? 'est-overridden' : '',
                  inUse ? '' : 'est-unused',
                  fieldProblems ? 'est-invalid' : '',
                ].filter(Boolean);
                return (
                  <tr key={f} className={classes.join(' ') || undefined}>
                    <th scope="row" title={fieldTooltip(f)}>
                      <code>{f}</code>
                    </th>
                    <td>
                      <span className="est-value">{formatValue(spec[f])}</span>
                      {isOverridden && (
                        <span className="est-was" title="The preset's value; this run overrides it">
                          {' '}
                          preset {formatValue(presetValue(preset, f))}
                        </span>
                      )}
                      {!inUse && <span className="est-was"> unused</span>}
                      {fieldProblems && (
                        // The full messages are listed above the table; here a marker suffices.
                        <span className="est-bad" title={fieldProblems.join('\n')}>
                          {' '}
                          invalid
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}

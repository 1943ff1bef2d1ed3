import { useState, type ChangeEvent } from 'react';
import { FIELD_RULES, describeRule, type FieldRule } from '../../core/estimators';
import { sameValue } from './differences';
import { fieldTooltip } from './fieldDocs';
import { SECTIONS, fieldInUse, type FieldName, type SectionId } from './fieldSections';
import {
  formatValue,
  overriddenFields,
  parseNumberList,
  presetValue,
  resetOverride,
  resolveForDisplay,
  setOverride,
  stepFor,
} from './overrides';
import './estimators.css';

export interface OverridesEditorProps {
  preset: string;
  overrides: Record<string, unknown>;
  /** Receives only the overrides that differ from the preset. */
  onChange(next: Record<string, unknown>): void;
  disabled?: boolean;
}

/** Sections open at first: the main choices. The rest open by themselves when they hold changes. */
const OPEN_AT_START: readonly SectionId[] = ['target', 'baseline', 'normalisation', 'surrogate'];

/**
 * An editor for every estimator field, generated from FIELD_RULES (one schema for validation,
 * controls and docs). Empty inputs show the preset's value as a placeholder; only values that
 * differ from the preset are emitted, and each problem is shown next to the field it names.
 */
export function OverridesEditor({ preset, overrides, onChange, disabled }: OverridesEditorProps) {
  const display = resolveForDisplay(preset, overrides);
  const spec = display.spec;
  const overridden = overriddenFields(preset, overrides);
  const [open, setOpen] = useState<ReadonlySet<SectionId>>(
    () =>
      new Set([
        ...OPEN_AT_START,
        ...SECTIONS.filter((s) => s.fields.some((f) => overridden.includes(f))).map((s) => s.id),
      ]),
  );
  // Unused fields (gaeLambda without GAE, ...) are hidden by default: choose the option first.
  const [showUnused, setShowUnused] = useState(false);
  const set = (field: FieldName, value: unknown) =>
    onChange(
      value === undefined
        ? resetOverride(overrides, field)
        : setOverride(preset, overrides, field, value),
    );
  return (
    <form
      className="est-editor"
      aria-label="Estimator overrides"
      data-testid="overrides-editor"
      onSubmit={(e) => e.preventDefault()}
    >
      <fieldset disabled={disabled}>
        <div className="est-editor-head">
          <span>
            {overridden.length === 0
              ? 'Preset values (type in a field to override it)'
              : `${overridden.length} override${overridden.length > 1 ? 's' : ''}`}
          </span>
          <button
            type="button"
            className="link"
            disabled={Object.keys(overrides).length === 0}
            onClick={() => onChange({})}
          >
            Reset all
          </button>
        </div>
        <label className="est-show-unused">
          <input
            type="checkbox"
            checked={showUnused}
            onChange={(e) => setShowUnused(e.target.checked)}
          />{' '}
          Show fields unused with these choices
        </label>
        {display.sorted.general.map((p) => (
          <p key={p} className="field-error" role="alert">
            {p}
          </p>
        ))}
        {spec &&
          SECTIONS.map((section) => {
            const changed = section.fields.filter((f) => overridden.includes(f)).length;
            const broken = section.fields.filter((f) => display.sorted.byField.has(f)).length;
            // Changed or broken fields stay visible even when unused, so they can be reset.
            const visible = section.fields.filter(
              (f) =>
                showUnused ||
                fieldInUse(spec, f) ||
                overridden.includes(f) ||
                display.sorted.byField.has(f),
            );
            const hidden = section.fields.length - visible.length;
            return (
              <details
                key={section.id}
                // A section holding a problem stays open so the message next to its field is seen.
                open={open.has(section.id) || broken > 0}
                onToggle={(e) => {
                  const isOpen = e.currentTarget.open;
                  setOpen((prev) => {
                    const next = new Set(prev);
                    if (isOpen) next.add(section.id);
                    else next.delete(section.id);
                    return next;
                  });
                }}
              >
                <summary>
                  {section.title}
                  {changed > 0 && <span className="est-count"> {changed} changed</span>}
                  {hidden > 0 && <span className="est-range"> +{hidden} unused</span>}
                  {broken > 0 && <span className="est-count est-count-bad"> {broken} invalid</span>}
                </summary>
                {visible.map((f) => (
                  <FieldRow
                    key={f}
                    field={f}
                    rule={FIELD_RULES[f]}
                    presetVal={presetValue(preset, f)}
                    value={f in overrides ? overrides[f] : undefined}
                    overridden={overridden.includes(f)}
                    inUse={fieldInUse(spec, f)}
                    problems={display.sorted.byField.get(f) ?? []}
                    onSet={(v) => set(f, v)}
                  />
                ))}
              </details>
            );
          })}
      </fieldset>
    </form>
  );
}

interface FieldRowProps {
  field: FieldName;
  rule: FieldRule;
  presetVal: unknown;
  /** The override, or undefined when the preset's value is in use. */
  value: unknown;
  overridden: boolean;
  inUse: boolean;
  problems: readonly string[];
  /** undefined = back to the preset. */
  onSet(value: unknown): void;
}

function FieldRow(props: FieldRowProps) {
  const { field, rule, presetVal, overridden, inUse, problems, onSet } = props;
  const id = `est-field-${field}`;
  const classes = ['est-field', overridden ? 'est-overridden' : '', inUse ? '' : 'est-unused'];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <label htmlFor={id} title={fieldTooltip(field)}>
        <code>{field}</code>
        <span className="est-range">
          {/* A select or checkbox already shows what is allowed. */}
          {rule.kind === 'number' || rule.kind === 'number-list' ? describeRule(rule) : ''}
          {!inUse && <em> unused with these choices</em>}
        </span>
      </label>
      <FieldInput {...props} id={id} />
      <button
        type="button"
        className="est-reset"
        disabled={props.value === undefined}
        title={`Back to the preset's value ${formatValue(presetVal)}`}
        aria-label={`Reset ${field} to the preset`}
        onClick={() => onSet(undefined)}
      >
        ↺
      </button>
      {problems.map((p) => (
        <div key={p} className="field-error" role="alert">
          {p}
        </div>
      ))}
    </div>
  );
}

function FieldInput({
  rule,
  presetVal,
  value,
  onSet,
  id,
  problems,
}: FieldRowProps & { id: string }) {
  const current = value === undefined ? presetVal : value;
  const invalid = problems.length > 0 || undefined;
  switch (rule.kind) {
    case 'boolean':
      return (
        <input
          id={id}
          type="checkbox"
          checked={current === true}
          aria-invalid={invalid}
          onChange={(e) => onSet(e.target.checked)}
        />
      );
    case 'enum':
      return (
        <select
          id={id}
          value={String(current)}
          aria-invalid={invalid}
          // Enum values can be numbers (stdDdof): map the option text back to the value itself.
          onChange={(e) => onSet(rule.values.find((v) => String(v) === e.target.value))}
        >
          {rule.values.map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
              {sameValue(v, presetVal) ? ' (preset)' : ''}
            </option>
          ))}
        </select>
      );
    case 'number':
      return (
        <NumberInput
          id={id}
          rule={rule}
          presetVal={presetVal}
          value={value}
          onSet={onSet}
          invalid={invalid}
        />
      );
    case 'number-list':
      return (
        <ListInput id={id} presetVal={presetVal} value={value} onSet={onSet} invalid={invalid} />
      );
  }
}

/**
 * The text being typed is kept locally: "0." or "1e-" are not numbers yet, and an override equal
 * to the preset's value disappears, which must not wipe what the user typed. The draft is reset
 * only when the value changes from outside (reset button, another editor) to something the
 * draft does not already say.
 */
function useDraft(value: unknown, represents: (draft: string) => boolean, show: () => string) {
  const [draft, setDraft] = useState(show);
  const [seen, setSeen] = useState<unknown>(value);
  if (!sameValue(seen, value)) {
    setSeen(value);
    if (!represents(draft)) setDraft(show());
  }
  return [draft, setDraft] as const;
}

function NumberInput({
  id,
  rule,
  presetVal,
  value,
  onSet,
  invalid,
}: {
  id: string;
  rule: FieldRule;
  presetVal: unknown;
  value: unknown;
  onSet(value: unknown): void;
  invalid?: boolean;
}) {
  const [draft, setDraft] = useDraft(
    value,
    (d) => (d.trim() === '' ? value === undefined : Number(d) === (value ?? presetVal)),
    () => (value === undefined ? '' : String(value)),
  );
  const min = rule.kind === 'number' ? rule.min : undefined;
  const max = rule.kind === 'number' ? rule.max : undefined;
  const onInput = (e: ChangeEvent<HTMLInputElement>) => {
    // A half-typed number ("1e-") reads as "" with badInput: wait for the rest.
    if (e.target.validity.badInput) return;
    const text = e.target.value;
    setDraft(text);
    if (text.trim() === '') onSet(undefined);
    else if (Number.isFinite(Number(text))) onSet(Number(text));
  };
  return (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      value={draft}
      placeholder={formatValue(presetVal)}
      min={rule.kind === 'number' && rule.off === undefined ? min : undefined}
      max={max}
      step={stepFor(rule, presetVal)}
      aria-invalid={invalid}
      onChange={onInput}
    />
  );
}

function ListInput({
  id,
  presetVal,
  value,
  onSet,
  invalid,
}: {
  id: string;
  presetVal: unknown;
  value: unknown;
  onSet(value: unknown): void;
  invalid?: boolean;
}) {
  const [draft, setDraft] = useDraft(
    value,
    (d) => {
      const parsed = parseNumberList(d);
      return parsed !== null && sameValue(parsed, value ?? presetVal);
    },
    () => (Array.isArray(value) ? value.join(', ') : ''),
  );
  const parsed = parseNumberList(draft);
  const preset = Array.isArray(presetVal) && presetVal.length > 0 ? presetVal.join(', ') : 'empty';
  return (
    <span className="est-list">
      <input
        id={id}
        type="text"
        value={draft}
        placeholder={preset}
        aria-invalid={invalid || parsed === null || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const next = parseNumberList(e.target.value);
          if (next !== null) onSet(next);
        }}
      />
      {parsed === null && <span className="field-error">numbers separated by commas</span>}
    </span>
  );
}

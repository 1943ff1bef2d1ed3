import { useState, type KeyboardEvent } from 'react';
import {
  GRID_PRESETS,
  MAX_GRID_SIDE,
  MAX_TIME_LIMIT,
  type GridMap,
  type GridPresetName,
} from '../../core/envs/gridworld';
import {
  checkDraft,
  EDIT_CELL_TYPES,
  editorKeyAction,
  nextCellType,
  resizeMap,
  setCellReward,
  setCellType,
  type EditCellType,
} from './gridEdit';
import { cellName, rewardAt } from './gridView';
import { GridworldView } from './GridworldView';
import './envs.css';

export interface GridEditorProps {
  readonly map: GridMap;
  /** Called with every valid edit; invalid drafts are shown with their problems, never emitted. */
  readonly onChange: (map: GridMap) => void;
  readonly disabled?: boolean;
}

const PRESET_LABELS: Record<GridPresetName, string> = {
  frozenlake4x4: 'FrozenLake 4x4',
  frozenlake8x8: 'FrozenLake 8x8',
  cliffwalking: 'CliffWalking',
  twogoals: 'Two goals',
};

type Brush = EditCellType | 'cycle';

/**
 * Edit a gridworld map: click cells to paint or cycle their type, set the selected cell's
 * reward, the slip probability and the time limit, resize or load a preset. The editor keeps its
 * own draft, so a teacher can pass through invalid maps (start removed before placing a new
 * one); only valid maps reach `onChange`, the others show validateGridMap's messages.
 */
export function GridEditor({ map, onChange, disabled = false }: GridEditorProps) {
  const [draft, setDraft] = useState<GridMap>(map);
  const [seen, setSeen] = useState<GridMap>(map);
  const [errors, setErrors] = useState<string[]>([]);
  const [brush, setBrush] = useState<Brush>('cycle');
  const [selected, setSelected] = useState({ row: 0, col: 0 });
  // A new map from the parent (not our own emission) replaces the draft.
  if (map !== seen) {
    setSeen(map);
    if (map !== draft) {
      setDraft(map);
      setErrors([]);
    }
  }
  const rows = draft.rows.length;
  const cols = draft.rows[0]?.length ?? 0;
  const sel = {
    row: Math.min(selected.row, rows - 1),
    col: Math.min(selected.col, Math.max(0, cols - 1)),
  };

  const apply = (next: GridMap) => {
    if (disabled) return;
    setDraft(next);
    const result = checkDraft(next);
    if (result.ok) {
      setErrors([]);
      onChange(next);
    } else setErrors(result.errors);
  };

  const paint = (row: number, col: number, type?: EditCellType) => {
    setSelected({ row, col });
    const t = type ?? (brush === 'cycle' ? nextCellType(draft.rows[row][col]) : brush);
    apply(setCellType(draft, row, col, t));
  };

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (disabled) return;
    const action = editorKeyAction(e.key, sel, rows, cols);
    if (!action) return;
    e.preventDefault();
    if (action.kind === 'select') setSelected({ row: action.row, col: action.col });
    else if (action.kind === 'cycle') paint(sel.row, sel.col);
    else paint(sel.row, sel.col, action.type);
  };

  const selChar = draft.rows[sel.row]?.[sel.col] ?? 'F';
  return (
    <div className="grid-editor">
      <div className="ge-presets" role="group" aria-label="Load a preset map">
        {(Object.keys(GRID_PRESETS) as GridPresetName[]).map((name) => (
          <button
            key={name}
            type="button"
            disabled={disabled}
            onClick={() => apply(GRID_PRESETS[name])}
          >
            {PRESET_LABELS[name]}
          </button>
        ))}
      </div>
      <div className="ge-body">
        <div
          className="env-focusable ge-grid"
          tabIndex={disabled ? -1 : 0}
          onKeyDown={onGridKey}
          role="group"
          aria-label="Map: arrows select a cell, Enter cycles its type, letters F W H G S C set it"
        >
          <GridworldView
            map={draft}
            selectedCell={sel.row * cols + sel.col}
            onCellClick={disabled ? undefined : (r, c) => paint(r, c)}
          />
        </div>
        <div className="ge-panel">
          <fieldset disabled={disabled}>
            <legend>Click a cell to</legend>
            <div className="ge-palette">
              {(['cycle', ...EDIT_CELL_TYPES] as Brush[]).map((b) => (
                <label key={b} className={brush === b ? 'ge-brush ge-brush-on' : 'ge-brush'}>
                  <input
                    type="radio"
                    name="ge-brush"
                    checked={brush === b}
                    onChange={() => setBrush(b)}
                  />
                  {b === 'cycle' ? (
                    'cycle type'
                  ) : (
                    <>
                      <span className={`gw-swatch gw-swatch-${b}`} aria-hidden="true">
                        {b}
                      </span>
                      {cellName(b)}
                    </>
                  )}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset disabled={disabled}>
            <legend>
              Selected: row {sel.row + 1}, column {sel.col + 1} ({cellName(selChar)})
            </legend>
            <label>
              reward for entering it
              <NumberField
                value={rewardAt(draft, sel.row, sel.col)}
                step={0.1}
                onCommit={(v) => apply(setCellReward(draft, sel.row, sel.col, v))}
                disabled={disabled || selChar === 'W'}
              />
            </label>
          </fieldset>
          <fieldset disabled={disabled}>
            <legend>Map</legend>
            <label>
              slip probability (sideways moves)
              <NumberField
                value={draft.slip}
                min={0}
                max={1}
                step={0.05}
                onCommit={(slip) => apply({ ...draft, slip })}
              />
            </label>
            <label>
              time limit (steps)
              <NumberField
                value={draft.timeLimit}
                min={1}
                max={MAX_TIME_LIMIT}
                step={1}
                onCommit={(timeLimit) => apply({ ...draft, timeLimit })}
              />
            </label>
            <div className="ge-size">
              <label>
                rows
                <NumberField
                  value={rows}
                  min={1}
                  max={MAX_GRID_SIDE}
                  step={1}
                  onCommit={(n) => apply(resizeMap(draft, n, cols))}
                />
              </label>
              <label>
                columns
                <NumberField
                  value={cols}
                  min={1}
                  max={MAX_GRID_SIDE}
                  step={1}
                  onCommit={(n) => apply(resizeMap(draft, rows, n))}
                />
              </label>
            </div>
          </fieldset>
        </div>
      </div>
      {errors.length > 0 && (
        <div className="error ge-errors" role="alert">
          <strong>Not applied: the map has problems.</strong>
          <ul>
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

interface NumberFieldProps {
  readonly value: number;
  readonly onCommit: (v: number) => void;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly disabled?: boolean;
}

/**
 * A number input that keeps the text being typed ("-", "0.") and commits only numbers; the
 * map's own validation reports out-of-range values. Follows the value when it changes outside.
 */
function NumberField({ value, onCommit, min, max, step, disabled }: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (Number(text) !== value) setText(String(value));
  }
  return (
    <input
      type="number"
      value={text}
      min={min}
      max={max}
      step={step}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        const v = e.target.valueAsNumber;
        if (e.target.value.trim() !== '' && Number.isFinite(v)) {
          setSeen(v);
          onCommit(v);
        }
      }}
    />
  );
}

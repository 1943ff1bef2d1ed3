import { useState } from 'react';
import { GRID_PRESET_NAMES, type GridMap, type GridPresetName } from '../core/envs/gridworld';
import {
  BANDIT_KINDS,
  DEFAULT_SOKOBAN_LEVELS,
  ENV_FAMILIES,
  ILLEGAL_MOVES,
  SOKOBAN_LEVEL_NAMES,
  type BanditEnv,
  type EnvFamily,
  type Game2048Env,
  type GridworldEnv,
  type SokobanEnv,
} from '../core/experiment/schema';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { send } from '../workers/client';
import { clampInt, useVisible } from './Controls';

const FAMILY_LABELS: Record<EnvFamily, string> = {
  bandit: 'Bandit',
  gridworld: 'Gridworld',
  '2048': '2048',
  sokoban: 'Sokoban',
};

const GRID_LABELS: Record<GridPresetName, string> = {
  frozenlake4x4: 'FrozenLake 4x4 (slippery)',
  frozenlake8x8: 'FrozenLake 8x8 (slippery)',
  cliffwalking: 'CliffWalking 4x12',
  twogoals: 'Two goals (teaching map)',
};

/** Parses "0.2, 0.5, 0.8" lines (one task per line) into a table, or explains what is wrong. */
export function parseArmTable(
  text: string,
  kind: BanditEnv['kind'],
): { values: number[][] } | { error: string } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return { error: 'Give at least one line of arm values.' };
  const values: number[][] = [];
  for (const [t, line] of lines.entries()) {
    const parts = line.split(/[\s,;]+/).filter(Boolean);
    if (parts.length < 2 || parts.length > 64)
      return { error: `Line ${t + 1}: give between 2 and 64 arms; got ${parts.length}.` };
    const row: number[] = [];
    for (const [i, p] of parts.entries()) {
      const v = Number(p);
      if (!Number.isFinite(v))
        return { error: `Line ${t + 1}, arm ${i + 1}: "${p.slice(0, 20)}" is not a number.` };
      if (kind !== 'gaussian' && (v < 0 || v > 1))
        return { error: `Arm ${i + 1}: "${p.slice(0, 20)}" is not a probability in [0, 1].` };
      row.push(v);
    }
    if (values.length && row.length !== values[0].length)
      return { error: `Line ${t + 1} has ${row.length} arms; line 1 has ${values[0].length}.` };
    values.push(row);
  }
  return { values };
}

/** A table as the arm textarea shows it: one line per task, arms separated by ", ". */
function armTableText(table: readonly (readonly number[])[] | null): string {
  return table ? table.map((r) => r.join(', ')).join('\n') : '';
}

/** Environment family and its settings. */
export function EnvControls({ locked }: { locked: boolean }) {
  const env = useExperiment((s) => s.experiment.env);
  const setFamily = useExperiment((s) => s.setFamily);
  const showEnv = useVisible('env');
  const showGame = useVisible('game');
  const showLevels = useVisible('levels');
  if (!showEnv) return null;
  return (
    <fieldset disabled={locked} className="env-controls">
      <legend>Environment</legend>
      <div className="family-tabs" role="radiogroup" aria-label="Environment family">
        {ENV_FAMILIES.map((f) => (
          <label key={f} className={env.family === f ? 'selected' : ''}>
            <input
              type="radio"
              name="env-family"
              value={f}
              checked={env.family === f}
              onChange={() => setFamily(f)}
              data-testid={`family-${f}`}
            />
            {FAMILY_LABELS[f]}
          </label>
        ))}
      </div>
      {env.family === 'bandit' && <BanditControls env={env} />}
      {env.family === 'gridworld' && <GridControls env={env} />}
      {env.family === '2048' && showGame && <Game2048Controls env={env} />}
      {env.family === 'sokoban' && showLevels && <SokobanControls env={env} />}
    </fieldset>
  );
}

function BanditControls({ env }: { env: BanditEnv }) {
  const setEnv = useExperiment((s) => s.setEnv);
  const showArms = useVisible('arms');
  const means = env.arms.source === 'means' ? env.arms.means : null;
  const [text, setText] = useState(armTableText(means));
  const [error, setError] = useState<string | null>(null);
  // Follow a table set elsewhere (a lesson, a link, an import) unless the text already says it.
  const [seen, setSeen] = useState(means);
  if (means !== seen) {
    setSeen(means);
    const parsed = parseArmTable(text, env.kind);
    if (means && ('error' in parsed || armTableText(parsed.values) !== armTableText(means))) {
      setText(armTableText(means));
      setError(null);
    }
  }
  return (
    <>
      <label>
        Reward
        <select
          value={env.kind}
          onChange={(e) => {
            const kind = e.target.value as BanditEnv['kind'];
            setEnv({ ...env, kind });
          }}
        >
          {BANDIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {k === 'bernoulli'
                ? 'Bernoulli (success 1, else 0)'
                : k === 'gaussian'
                  ? 'Gaussian'
                  : 'Two components (GDPO)'}
            </option>
          ))}
        </select>
      </label>
      {showArms && env.arms.source === 'means' && env.kind !== 'two-reward' && (
        <label>
          {env.kind === 'bernoulli' ? 'Arm success probabilities' : 'Arm means'} (
          {env.arms.means[0].length} arms
          {env.arms.means.length > 1 ? `, ${env.arms.means.length} tasks` : ''}; one line per task)
          <textarea
            rows={Math.min(6, Math.max(2, env.arms.means.length + 1))}
            value={text}
            aria-invalid={error !== null}
            data-testid="arm-probabilities"
            onChange={(e) => {
              setText(e.target.value);
              const parsed = parseArmTable(e.target.value, env.kind);
              if ('error' in parsed) setError(parsed.error);
              else {
                setError(null);
                setEnv({ ...env, arms: { source: 'means', means: parsed.values } });
              }
            }}
          />
        </label>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {showArms && (
        <label className="inline">
          <input
            type="checkbox"
            checked={env.arms.source === 'suite'}
            onChange={(e) =>
              setEnv({
                ...env,
                arms: e.target.checked
                  ? { source: 'suite', tasks: 16, arms: 4, spread: 1, gap: 0.2, seed: 0 }
                  : {
                      source: 'means',
                      means: text
                        ? ((parseArmTable(text, env.kind) as { values: number[][] }).values ?? [
                            [0.2, 0.8],
                          ])
                        : [[0.2, 0.8]],
                    },
              })
            }
          />{' '}
          Multi-task suite (success rates spread over (0, 1))
        </label>
      )}
      {showArms && env.arms.source === 'suite' && (
        <div className="row">
          <label>
            Tasks
            <input
              type="number"
              min={1}
              max={4096}
              value={env.arms.tasks}
              onChange={(e) =>
                env.arms.source === 'suite' &&
                setEnv({
                  ...env,
                  arms: { ...env.arms, tasks: clampInt(e.target.value, 1, 4096, env.arms.tasks) },
                })
              }
            />
          </label>
          <label>
            Arms
            <input
              type="number"
              min={2}
              max={64}
              value={env.arms.arms}
              onChange={(e) =>
                env.arms.source === 'suite' &&
                setEnv({
                  ...env,
                  arms: { ...env.arms, arms: clampInt(e.target.value, 2, 64, env.arms.arms) },
                })
              }
            />
          </label>
          <label>
            Suite seed
            <input
              type="number"
              min={0}
              value={env.arms.seed}
              onChange={(e) =>
                env.arms.source === 'suite' &&
                setEnv({
                  ...env,
                  arms: {
                    ...env.arms,
                    seed: clampInt(e.target.value, 0, 0xffffffff, env.arms.seed),
                  },
                })
              }
            />
          </label>
        </div>
      )}
      {env.kind === 'gaussian' && (
        <label>
          Reward standard deviation
          <input
            type="number"
            min={0.001}
            step="any"
            value={env.sd}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (v > 0) setEnv({ ...env, sd: v });
            }}
          />
        </label>
      )}
    </>
  );
}

function GridControls({ env }: { env: GridworldEnv }) {
  const setEnv = useExperiment((s) => s.setEnv);
  const workerState = useTraining((s) => s.workerState);
  const showMap = useVisible('map');
  const preset = typeof env.map === 'string' ? env.map : null;
  return (
    <>
      <label>
        Map
        <select
          value={preset ?? 'custom'}
          data-testid="grid-preset"
          onChange={(e) =>
            e.target.value !== 'custom' && setEnv({ ...env, map: e.target.value as GridPresetName })
          }
        >
          {GRID_PRESET_NAMES.map((n) => (
            <option key={n} value={n}>
              {GRID_LABELS[n]}
            </option>
          ))}
          <option value="custom" disabled={preset !== null}>
            Edited map
          </option>
        </select>
      </label>
      {showMap && (
        <p className="chart-help">
          Edit the map below (click a cell). While training, edits go to the running agents, which
          adapt.
        </p>
      )}
      {showMap && workerState !== 'idle' && null}
    </>
  );
}

/** Applies an edited map: to the experiment, and to the running agents if training. */
export function applyGridEdit(map: GridMap): void {
  const { experiment, setEnv } = useExperiment.getState();
  if (experiment.env.family !== 'gridworld') return;
  setEnv({ ...experiment.env, map: { ...map, rows: [...map.rows] } as GridworldEnv['map'] });
  const state = useTraining.getState().workerState;
  if (state === 'running' || state === 'paused') send({ type: 'setGridMap', map });
}

function Game2048Controls({ env }: { env: Game2048Env }) {
  const setEnv = useExperiment((s) => s.setEnv);
  return (
    <>
      <label>
        Illegal move
        <select
          value={env.illegalMove}
          onChange={(e) =>
            setEnv({ ...env, illegalMove: e.target.value as Game2048Env['illegalMove'] })
          }
        >
          {ILLEGAL_MOVES.map((m) => (
            <option key={m} value={m}>
              {m === 'noop'
                ? 'does nothing (original game)'
                : m === 'terminate0'
                  ? 'ends the game, reward 0'
                  : 'ends the game, reward -1'}
            </option>
          ))}
        </select>
      </label>
      <label>
        Success tile
        <select
          value={env.targetTile}
          onChange={(e) => setEnv({ ...env, targetTile: Number(e.target.value) })}
        >
          {[64, 128, 256, 512, 1024, 2048].map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Step limit (0 = none)
        <input
          type="number"
          min={0}
          value={env.maxSteps}
          onChange={(e) =>
            setEnv({ ...env, maxSteps: clampInt(e.target.value, 0, 1_000_000, env.maxSteps) })
          }
        />
      </label>
    </>
  );
}

function SokobanControls({ env }: { env: SokobanEnv }) {
  const setEnv = useExperiment((s) => s.setEnv);
  const src = env.levels;
  return (
    <>
      <label>
        Levels
        <select
          value={src.source}
          onChange={(e) =>
            setEnv({
              ...env,
              levels: structuredClone(
                DEFAULT_SOKOBAN_LEVELS[e.target.value as keyof typeof DEFAULT_SOKOBAN_LEVELS],
              ),
            })
          }
        >
          <option value="teaching">Teaching levels</option>
          <option value="generator">Generated (solvable by construction)</option>
          <option value="custom">Custom text</option>
        </select>
      </label>
      {src.source === 'teaching' && (
        <div className="checklist" role="group" aria-label="Teaching levels">
          {SOKOBAN_LEVEL_NAMES.map((n) => (
            <label className="inline" key={n}>
              <input
                type="checkbox"
                checked={src.names.includes(n)}
                onChange={(e) => {
                  const names = e.target.checked
                    ? [...src.names, n]
                    : src.names.filter((m) => m !== n);
                  if (names.length)
                    setEnv({
                      ...env,
                      levels: {
                        source: 'teaching',
                        names: SOKOBAN_LEVEL_NAMES.filter((m) => names.includes(m)),
                      },
                    });
                }}
              />{' '}
              {n}
            </label>
          ))}
        </div>
      )}
      {src.source === 'generator' && (
        <div className="row">
          <label>
            Width
            <input
              type="number"
              min={5}
              max={16}
              value={src.width}
              onChange={(e) =>
                setEnv({
                  ...env,
                  levels: { ...src, width: clampInt(e.target.value, 5, 16, src.width) },
                })
              }
            />
          </label>
          <label>
            Height
            <input
              type="number"
              min={5}
              max={16}
              value={src.height}
              onChange={(e) =>
                setEnv({
                  ...env,
                  levels: { ...src, height: clampInt(e.target.value, 5, 16, src.height) },
                })
              }
            />
          </label>
          <label>
            Boxes
            <input
              type="number"
              min={1}
              max={8}
              value={src.boxes}
              onChange={(e) =>
                setEnv({
                  ...env,
                  levels: { ...src, boxes: clampInt(e.target.value, 1, 8, src.boxes) },
                })
              }
            />
          </label>
          <label>
            Levels
            <input
              type="number"
              min={1}
              max={64}
              value={src.count}
              onChange={(e) =>
                setEnv({
                  ...env,
                  levels: { ...src, count: clampInt(e.target.value, 1, 64, src.count) },
                })
              }
            />
          </label>
          <label>
            Seed
            <input
              type="number"
              min={0}
              value={src.seed}
              onChange={(e) =>
                setEnv({
                  ...env,
                  levels: { ...src, seed: clampInt(e.target.value, 0, 0xffffffff, src.seed) },
                })
              }
            />
          </label>
        </div>
      )}
      {src.source === 'custom' && (
        <label>
          Level text (# wall, @ player, $ box, . target, * box on target, + player on target)
          <textarea
            rows={8}
            className="mono"
            defaultValue={src.texts[0]}
            onBlur={(e) =>
              setEnv({ ...env, levels: { source: 'custom', texts: [e.target.value] } })
            }
          />
        </label>
      )}
      <label>
        Time limit (steps)
        <input
          type="number"
          min={1}
          max={10000}
          value={env.maxSteps}
          onChange={(e) =>
            setEnv({ ...env, maxSteps: clampInt(e.target.value, 1, 10000, env.maxSteps) })
          }
        />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={env.deadlockTermination}
          onChange={(e) => setEnv({ ...env, deadlockTermination: e.target.checked })}
        />{' '}
        End the episode when a box is stuck in a corner
      </label>
    </>
  );
}

import { useState } from 'react';
import type { PresetName } from '../core/estimators/presets';
import { PresetOptions } from './PresetOptions';
import { DEFAULT_CNN, MAX_RUNS, type RunSettings } from '../core/experiment/schema';
import { configurations, seedsPerConfiguration } from '../core/experiment/seeds';
import type { HideableControl } from '../core/experiment/urlCodec';
import { OverridesEditor } from './estimators';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { send } from '../workers/client';
import { useRunColors } from './useRunColors';
import { EnvControls } from './EnvControls';
import { parseHiddenLayers } from './hiddenLayers';

const SPEEDS: { label: string; value: number | null }[] = [
  { label: '1 update/s', value: 1 },
  { label: '5 updates/s', value: 5 },
  { label: '20 updates/s', value: 20 },
  { label: '100 updates/s', value: 100 },
  { label: 'as fast as possible', value: null },
];

/** Whether a control is visible (a teacher's link can hide it with `<control>_hide=true`). */
export function useVisible(control: HideableControl): boolean {
  return !useExperiment((s) => s.hidden.has(control));
}

/** Experiment settings: environment, policy, runs, budget and speed. */
export function Controls() {
  const x = useExperiment((s) => s.experiment);
  const set = useExperiment((s) => s.set);
  const setPolicy = useExperiment((s) => s.setPolicy);
  const workerState = useTraining((s) => s.workerState);
  const locked = workerState === 'running' || workerState === 'paused';
  const showPolicy = useVisible('policy');
  const showRuns = useVisible('runEditors');
  const showEpisodes = useVisible('episodes');
  const showGroup = useVisible('group');
  const showSpeed = useVisible('speed');
  const showBudget = useVisible('budget');
  const smallStateSpace = x.env.family === 'bandit' || x.env.family === 'gridworld';

  return (
    <aside className="controls" aria-label="Experiment settings">
      <EnvControls locked={locked} />
      {(showPolicy || showBudget || showEpisodes || showGroup) && (
        <fieldset disabled={locked}>
          <legend>Training</legend>
          {showPolicy && (
            <label>
              Policy
              <select
                value={x.policy.kind}
                data-testid="policy-kind"
                onChange={(e) =>
                  setPolicy(
                    e.target.value === 'tabular'
                      ? { kind: 'tabular' }
                      : e.target.value === 'cnn'
                        ? {
                            ...DEFAULT_CNN,
                            conv: [...DEFAULT_CNN.conv],
                            hidden: [...DEFAULT_CNN.hidden],
                          }
                        : { kind: 'mlp', hidden: smallStateSpace ? [32] : [64, 64] },
                  )
                }
              >
                <option value="tabular" disabled={!smallStateSpace}>
                  Tabular softmax (exact, plain TypeScript)
                </option>
                <option value="mlp">Neural network (MLP on tfjs)</option>
                <option value="cnn" disabled={x.env.family === 'bandit'}>
                  Convolutional network (CNN on tfjs)
                </option>
              </select>
            </label>
          )}
          {showPolicy && x.policy.kind === 'cnn' && (
            <label>
              Convolution channels (3x3 layers, comma-separated)
              <input
                defaultValue={x.policy.conv.join(', ')}
                key={x.policy.conv.join(',')}
                onBlur={(e) => {
                  const conv = e.target.value
                    .split(/[\s,]+/)
                    .filter(Boolean)
                    .map(Number);
                  if (
                    x.policy.kind === 'cnn' &&
                    conv.length >= 1 &&
                    conv.length <= 4 &&
                    conv.every((n) => Number.isInteger(n) && n >= 1 && n <= 256)
                  )
                    setPolicy({ ...x.policy, conv });
                }}
              />
            </label>
          )}
          {showPolicy && x.policy.kind !== 'tabular' && (
            <HiddenLayersInput
              hidden={x.policy.hidden}
              onChange={(hidden) =>
                x.policy.kind !== 'tabular' && setPolicy({ ...x.policy, hidden })
              }
            />
          )}
          {showEpisodes && (
            <label title="Episodes each run collects per update (= its parallel environments), unless the run sets its own">
              Episodes per update (per run)
              <input
                type="number"
                min={1}
                max={4096}
                value={x.episodesPerUpdate}
                onChange={(e) =>
                  set({
                    episodesPerUpdate: clampInt(e.target.value, 1, 4096, x.episodesPerUpdate),
                  })
                }
              />
            </label>
          )}
          {showGroup && (
            <label title="Rollouts per task for group estimators (GRPO, RLOO, ...); 1 = every episode its own task">
              Group size G
              <input
                type="number"
                min={1}
                max={256}
                value={x.groupSize}
                onChange={(e) => set({ groupSize: clampInt(e.target.value, 1, 256, x.groupSize) })}
              />
            </label>
          )}
          {showBudget && (
            <label>
              Updates to train
              <input
                type="number"
                min={1}
                max={100000}
                value={x.maxUpdates}
                onChange={(e) =>
                  set({ maxUpdates: clampInt(e.target.value, 1, 100000, x.maxUpdates) })
                }
              />
            </label>
          )}
        </fieldset>
      )}
      {showRuns && <RunsEditor locked={locked} />}
      {showSpeed && (
        <label className="speed">
          Speed
          <select
            value={x.updatesPerSecond === null ? 'max' : String(x.updatesPerSecond)}
            onChange={(e) => {
              const v = e.target.value === 'max' ? null : Number(e.target.value);
              set({ updatesPerSecond: v });
              if (workerState === 'running' || workerState === 'paused')
                send({ type: 'setSpeed', updatesPerSecond: v });
            }}
          >
            {SPEEDS.map((s) => (
              <option key={s.label} value={s.value === null ? 'max' : String(s.value)}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      )}
    </aside>
  );
}

/** Runs past which a configuration's later seeds show as one line each. */
const COMPACT_SEEDS_AFTER_RUNS = 8;

function RunsEditor({ locked }: { locked: boolean }) {
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  const episodesPerUpdate = useExperiment((s) => s.experiment.episodesPerUpdate);
  const updateRun = useExperiment((s) => s.updateRun);
  const setPreset = useExperiment((s) => s.setPreset);
  const addRun = useExperiment((s) => s.addRun);
  const removeRun = useExperiment((s) => s.removeRun);
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<ReadonlySet<string>>(new Set());
  const canAddRemove = useVisible('runs');
  // With many runs (a class's 8 estimators x 5 seeds), a configuration's later seeds are one line
  // each under its first run's card, so the settings stay one screen per estimator; "Edit" opens
  // a seed's whole card (a change there makes it a configuration of its own).
  const compact = runs.length > COMPACT_SEEDS_AFTER_RUNS;
  const laterSeed = new Set(
    configurations(runs, episodesPerUpdate).flatMap((c) => c.runIndices.slice(1)),
  );
  return (
    <fieldset disabled={locked}>
      <legend>Runs</legend>
      {runs.map((run, i) =>
        compact && laterSeed.has(i) && !editing.has(run.id) ? (
          <div
            className="run-editor seed-row"
            key={run.id}
            style={{ borderLeftColor: colors[i] }}
            data-testid={`seed-row-${i}`}
          >
            <SeedField run={run} title={run.label} />
            <label className="inline" title={`Show ${run.label} in the charts`}>
              <input
                type="checkbox"
                checked={!run.hidden}
                onChange={(e) => updateRun(run.id, { hidden: !e.target.checked })}
              />
              show
            </label>
            <button
              type="button"
              className="link"
              title={`All settings of ${run.label}`}
              onClick={() => setEditing(new Set([...editing, run.id]))}
            >
              Edit
            </button>
            <button type="button" className="link" onClick={() => removeRun(run.id)}>
              Remove
            </button>
          </div>
        ) : (
          <div className="run-editor" key={run.id} style={{ borderLeftColor: colors[i] }}>
            <input
              aria-label={`Name of run ${i + 1}`}
              value={run.label}
              maxLength={60}
              onChange={(e) => updateRun(run.id, { label: e.target.value })}
            />
            <label>
              Estimator
              <select
                value={run.preset}
                data-testid={`preset-${i}`}
                onChange={(e) => setPreset(run.id, e.target.value as PresetName)}
              >
                <PresetOptions />
              </select>
            </label>
            <div className="row">
              <label>
                Learning rate
                <input
                  type="number"
                  step="any"
                  min={0}
                  defaultValue={run.overrides.learningRate ?? ''}
                  key={`${run.id}-${run.preset}-${run.overrides.learningRate}`}
                  placeholder="preset"
                  onBlur={(e) => {
                    const v = Number(e.target.value);
                    const { learningRate: _lr, ...rest } = run.overrides;
                    void _lr;
                    if (e.target.value === '') updateRun(run.id, { overrides: rest });
                    else if (Number.isFinite(v) && v > 0)
                      updateRun(run.id, { overrides: { ...rest, learningRate: v } });
                  }}
                />
              </label>
              <label>
                Optimiser
                <select
                  value={run.overrides.optimizer ?? ''}
                  onChange={(e) => {
                    const { optimizer: _o, ...rest } = run.overrides;
                    void _o;
                    const v = e.target.value;
                    updateRun(run.id, {
                      overrides: v
                        ? {
                            ...rest,
                            optimizer: v as 'sgd' | 'adam' | 'natural' | 'normalized-momentum',
                          }
                        : rest,
                    });
                  }}
                >
                  <option value="">preset</option>
                  <option value="sgd">SGD</option>
                  <option value="adam">Adam</option>
                  <option value="natural">Natural (tabular)</option>
                  <option value="normalized-momentum">Normalised momentum</option>
                </select>
              </label>
              <SeedField run={run} />
              <label title="This run's episodes per update (= parallel environments); empty = the experiment's">
                Episodes / update
                <input
                  type="number"
                  min={1}
                  max={4096}
                  data-testid={`run-episodes-${i}`}
                  defaultValue={run.episodesPerUpdate ?? ''}
                  key={`${run.id}-episodes-${run.episodesPerUpdate}`}
                  placeholder={String(episodesPerUpdate)}
                  onBlur={(e) =>
                    updateRun(run.id, {
                      episodesPerUpdate:
                        e.target.value === ''
                          ? undefined
                          : clampInt(
                              e.target.value,
                              1,
                              4096,
                              run.episodesPerUpdate ?? episodesPerUpdate,
                            ),
                    })
                  }
                />
              </label>
            </div>
            <div className="run-actions">
              <label className="inline">
                <input
                  type="checkbox"
                  checked={!run.hidden}
                  onChange={(e) => updateRun(run.id, { hidden: !e.target.checked })}
                />{' '}
                show in charts
              </label>
              <input
                type="color"
                aria-label={`Colour of run ${i + 1}`}
                value={colors[i]}
                onChange={(e) => updateRun(run.id, { color: e.target.value })}
              />
              <button
                type="button"
                className="link"
                onClick={() => setOpen(open === run.id ? null : run.id)}
              >
                {open === run.id ? 'Hide' : 'All'} settings
              </button>
              <button
                type="button"
                className="link"
                onClick={() => removeRun(run.id)}
                disabled={runs.length <= 1}
              >
                Remove
              </button>
            </div>
            {open === run.id && <RunDetails runId={run.id} />}
          </div>
        ),
      )}
      {canAddRemove && (
        <>
          <button
            type="button"
            onClick={addRun}
            disabled={runs.length >= MAX_RUNS}
            title={
              runs.length >= MAX_RUNS
                ? `At most ${MAX_RUNS} runs train at once`
                : 'Another seed of the last run (then pick its estimator)'
            }
          >
            Add run
          </button>
          <SeedsPerConfiguration />
        </>
      )}
    </fieldset>
  );
}

/**
 * Seeds per configuration: 8 estimators become 8 x 5 runs in one step (issue 7's class). A
 * select, not a number field, so typing "12" never passes through 1 and drops seeds.
 */
function SeedsPerConfiguration() {
  const runs = useExperiment((s) => s.experiment.runs);
  const episodesPerUpdate = useExperiment((s) => s.experiment.episodesPerUpdate);
  const setSeeds = useExperiment((s) => s.setSeedsPerConfiguration);
  const [error, setError] = useState<string | null>(null);
  const groups = configurations(runs, episodesPerUpdate).length;
  const current = seedsPerConfiguration(runs, episodesPerUpdate);
  const choices = Array.from({ length: 10 }, (_, i) => i + 1);
  return (
    <div className="seeds-per-configuration">
      <label title="Runs that differ only in seed, name and colour are one configuration: one colour, one mean line with a band across its seeds">
        Seeds per configuration{' '}
        <select
          value={current === null ? 'mixed' : String(current)}
          data-testid="seeds-per-configuration"
          onChange={(e) => setError(setSeeds(Number(e.target.value)))}
        >
          {current === null && (
            <option value="mixed" disabled>
              mixed
            </option>
          )}
          {choices.map((n) => (
            <option key={n} value={n} disabled={groups * n > MAX_RUNS}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <p className="hint" data-testid="runs-count">
        {groups} configuration{groups === 1 ? '' : 's'} · {runs.length} run
        {runs.length === 1 ? '' : 's'} (at most {MAX_RUNS})
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A run's seed: any whole number from 0 to 2^32 - 1 (the PRNG's seed). */
function SeedField({ run, title }: { run: RunSettings; title?: string }) {
  const updateRun = useExperiment((s) => s.updateRun);
  return (
    <label title={title}>
      Seed{' '}
      <input
        type="number"
        min={0}
        value={run.seed}
        onChange={(e) =>
          updateRun(run.id, { seed: clampInt(e.target.value, 0, 0xffffffff, run.seed) })
        }
      />
    </label>
  );
}

/** Every estimator setting of a run, generated from the estimator field rules. */
function RunDetails({ runId }: { runId: string }) {
  const run = useExperiment((s) => s.experiment.runs.find((r) => r.id === runId));
  const updateRun = useExperiment((s) => s.updateRun);
  if (!run) return null;
  return (
    <div className="run-details">
      <OverridesEditor
        preset={run.preset}
        overrides={run.overrides}
        onChange={(next) => updateRun(run.id, { overrides: next as typeof run.overrides })}
      />
    </div>
  );
}

export function clampInt(text: string, lo: number, hi: number, fallback: number): number {
  const v = Math.round(Number(text));
  if (!Number.isFinite(v)) return fallback;
  return Math.min(hi, Math.max(lo, v));
}

/** The hidden-layer widths of a neural policy; a bad list shows what is wrong and is not applied. */
function HiddenLayersInput(props: { hidden: readonly number[]; onChange: (h: number[]) => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <label>
        Hidden layers (units, comma-separated)
        <input
          defaultValue={props.hidden.join(', ')}
          key={props.hidden.join(',')}
          aria-invalid={error !== null}
          onChange={(e) => {
            const parsed = parseHiddenLayers(e.target.value);
            setError('error' in parsed ? parsed.error : null);
          }}
          onBlur={(e) => {
            const parsed = parseHiddenLayers(e.target.value);
            if ('values' in parsed) props.onChange(parsed.values);
          }}
        />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

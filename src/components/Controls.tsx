import { useState } from 'react';
import { PRESET_LABELS, PRESET_NAMES, type PresetName } from '../core/estimators/presets';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { send } from '../workers/client';
import { runColor } from './colors';

const SPEEDS: { label: string; value: number | null }[] = [
  { label: '1 update/s', value: 1 },
  { label: '5 updates/s', value: 5 },
  { label: '20 updates/s', value: 20 },
  { label: '100 updates/s', value: 100 },
  { label: 'as fast as possible', value: null },
];

/** Parses "0.2, 0.5, 0.8" into probabilities, or explains what is wrong. */
export function parseProbabilities(text: string): { values: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length < 2 || parts.length > 64)
    return { error: `Give between 2 and 64 arms; got ${parts.length}.` };
  const values: number[] = [];
  for (const [i, p] of parts.entries()) {
    const v = Number(p);
    if (!Number.isFinite(v) || v < 0 || v > 1)
      return { error: `Arm ${i + 1}: "${p}" is not a probability in [0, 1].` };
    values.push(v);
  }
  return { values };
}

/** Experiment settings: the bandit, the policy, the runs, and the speed. */
export function Controls() {
  const draft = useExperiment((s) => s.draft);
  const update = useExperiment((s) => s.update);
  const updateRun = useExperiment((s) => s.updateRun);
  const addRun = useExperiment((s) => s.addRun);
  const removeRun = useExperiment((s) => s.removeRun);
  const workerState = useTraining((s) => s.workerState);
  const locked = workerState === 'running' || workerState === 'paused';
  const [probText, setProbText] = useState(draft.armProbabilities.join(', '));
  const [probError, setProbError] = useState<string | null>(null);

  const commitProbabilities = (text: string) => {
    setProbText(text);
    const parsed = parseProbabilities(text);
    if ('error' in parsed) setProbError(parsed.error);
    else {
      setProbError(null);
      update({ armProbabilities: parsed.values });
    }
  };

  return (
    <aside className="controls" aria-label="Experiment settings">
      <fieldset disabled={locked}>
        <legend>Environment: Bernoulli bandit</legend>
        <label>
          Arm success probabilities ({draft.armProbabilities.length} arms)
          <textarea
            rows={2}
            value={probText}
            aria-invalid={probError !== null}
            data-testid="arm-probabilities"
            onChange={(e) => commitProbabilities(e.target.value)}
          />
        </label>
        {probError && (
          <p className="field-error" role="alert">
            {probError}
          </p>
        )}
        <label>
          Pulls per update
          <input
            type="number"
            min={1}
            max={4096}
            value={draft.episodesPerUpdate}
            onChange={(e) =>
              update({
                episodesPerUpdate: clampInt(e.target.value, 1, 4096, draft.episodesPerUpdate),
              })
            }
          />
        </label>
        <label>
          Policy
          <select
            value={draft.policy}
            data-testid="policy-kind"
            onChange={(e) => update({ policy: e.target.value as 'tabular' | 'mlp' })}
          >
            <option value="tabular">Tabular softmax (exact, plain TypeScript)</option>
            <option value="mlp">Neural network (MLP on tfjs)</option>
          </select>
        </label>
        <label>
          Updates to train
          <input
            type="number"
            min={1}
            max={100000}
            value={draft.maxUpdates}
            onChange={(e) =>
              update({ maxUpdates: clampInt(e.target.value, 1, 100000, draft.maxUpdates) })
            }
          />
        </label>
      </fieldset>
      <fieldset disabled={locked}>
        <legend>Runs</legend>
        {draft.runs.map((run, i) => (
          <div className="run-editor" key={run.id} style={{ borderLeftColor: runColor(i) }}>
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
                onChange={(e) =>
                  updateRun(run.id, {
                    preset: e.target.value,
                    label: PRESET_LABELS[e.target.value as PresetName],
                  })
                }
              >
                {PRESET_NAMES.map((p) => (
                  <option key={p} value={p}>
                    {PRESET_LABELS[p]}
                  </option>
                ))}
              </select>
            </label>
            <div className="row">
              <label>
                Learning rate
                <input
                  type="number"
                  step="any"
                  min={0}
                  value={run.learningRate}
                  onChange={(e) => {
                    const v = Number(e.target.value);
                    if (Number.isFinite(v) && v > 0) updateRun(run.id, { learningRate: v });
                  }}
                />
              </label>
              <label>
                Optimiser
                <select
                  value={run.optimizer}
                  onChange={(e) =>
                    updateRun(run.id, { optimizer: e.target.value as 'sgd' | 'adam' })
                  }
                >
                  <option value="sgd">SGD</option>
                  <option value="adam">Adam</option>
                </select>
              </label>
              <label>
                Seed
                <input
                  type="number"
                  value={run.seed}
                  onChange={(e) =>
                    updateRun(run.id, {
                      seed: clampInt(e.target.value, -(2 ** 31), 2 ** 31, run.seed),
                    })
                  }
                />
              </label>
            </div>
            <button
              type="button"
              className="link"
              onClick={() => removeRun(run.id)}
              disabled={draft.runs.length <= 1}
            >
              Remove run
            </button>
          </div>
        ))}
        <button type="button" onClick={addRun} disabled={draft.runs.length >= 16}>
          Add run
        </button>
      </fieldset>
      <label>
        Speed
        <select
          value={draft.updatesPerSecond === null ? 'max' : String(draft.updatesPerSecond)}
          onChange={(e) => {
            const v = e.target.value === 'max' ? null : Number(e.target.value);
            update({ updatesPerSecond: v });
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
    </aside>
  );
}

function clampInt(text: string, lo: number, hi: number, fallback: number): number {
  const v = Math.round(Number(text));
  if (!Number.isFinite(v)) return fallback;
  return Math.min(hi, Math.max(lo, v));
}

import { useMemo, useState } from 'react';
import type { BanditParams } from '../../core/envs/bandit';
import { softmaxRows } from '../../core/envs/exact';
import type { EnvConfig } from '../../core/envs/registry';
import { PRESET_LABELS, type PresetName } from '../../core/estimators/presets';
import type { Experiment } from '../../core/experiment/schema';
import { envConfigOf } from '../../core/experiment/trainConfig';
import { validateMicroscopeConfig } from '../../core/microscope/microscope';
import { problemShape, type MicroscopeProblem } from '../../core/microscope/problem';
import {
  DEFAULT_MICROSCOPE_ESTIMATORS,
  EXAMPLE_MEANS,
  MICROSCOPE_ESTIMATOR_ORDER,
  MICROSCOPE_SOURCES,
  microscopeConfigOf,
  policySize,
  problemOfSource,
  SOURCE_LABELS,
  type MicroscopeSettings,
  type MicroscopeSource,
} from '../../core/microscope/settings';
import type { SweepAxis } from '../../core/microscope/sweep';
import { useExperiment } from '../../store/experiment';
import { useTraining } from '../../store/training';
import { useView } from '../../store/view';
import { viewLink } from '../../urlSync';
import { runColor } from '../colors';
import { useRunColors } from '../useRunColors';
import { CopyLinkButton } from '../CopyLinkButton';
import { GridPolicy } from './GridPolicy';
import { GradientCloud, type CloudSeries } from './GradientCloud';
import { NumbersTable } from './NumbersTable';
import { SimplexPicker } from './SimplexPicker';
import { SweepCharts } from './SweepCharts';
import { useMicroscopeWorker } from './useMicroscopeWorker';
import './microscope.css';

const colorOf = (p: PresetName) => runColor(MICROSCOPE_ESTIMATOR_ORDER.indexOf(p));

/** A whole number from a text field, or NaN (validateMicroscopeConfig then says what is allowed). */
const whole = (s: string) => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : NaN);

/** The experiment's environment as the trainer builds it, or null where it cannot be built. */
function experimentEnvOf(env: Experiment['env']): EnvConfig | null {
  try {
    return envConfigOf(env);
  } catch {
    return null;
  }
}

/**
 * The estimator microscope (issue 8): freeze a policy, draw M batches, and look at how each
 * estimator's gradient estimates scatter around the exact gradient, and how bias, variance and
 * MSE change with batch or group size. All sampling runs in a worker (microscope.worker.ts).
 * Its settings live in the view store (store/view.ts) so that a link can set them.
 */
export function MicroscopePanel() {
  const settings = useView((s) => s.microscope);
  const policyLabel = useView((s) => s.policyLabel);
  const set = useView((s) => s.setMicroscope);
  const experimentEnv = useExperiment((s) => s.experiment.env);
  const envConfig = useMemo(() => experimentEnvOf(experimentEnv), [experimentEnv]);
  // Text as typed (a half-typed number must not be replaced by NaN's text).
  const [text, setText] = useState(() => ({
    batchSize: String(settings.batchSize),
    groupSize: String(settings.groupSize),
    batches: String(settings.batches),
    seed: String(settings.seed),
  }));
  const [meansText, setMeansText] = useState<string[]>(settings.means.map(String));
  const [zoom, setZoom] = useState<'cloud' | 'means'>('cloud');
  const editNumber = (field: keyof typeof text) => (value: string) => {
    setText((t) => ({ ...t, [field]: value }));
    set({ [field]: whole(value) });
  };

  const resolved = microscopeConfigOf(settings, envConfig);
  const config = 'config' in resolved ? resolved.config : null;
  const problem = 'config' in resolved ? resolved.problem : null;
  const problems =
    'problems' in resolved ? resolved.problems : validateMicroscopeConfig(resolved.config);
  if (config && config.estimators.length === 0) problems.push('check at least one estimator');
  const view = useMicroscopeWorker(problems.length ? null : config, settings.axis);
  const series: CloudSeries[] = (config?.estimators ?? []).map((e) => ({
    id: e.id,
    label: PRESET_LABELS[e.preset as PresetName],
    color: colorOf(e.preset as PresetName),
  }));
  const shape = problem && !problems.length ? problemShape(problem) : null;
  const P = shape ? shape.numStates * shape.numActions : 0;
  const shownExact = view.result && view.result.exact.length === P ? view.result.exact : null;
  const oneBandit = problem?.family === 'bandit' ? problem.bandit : null;
  const pi = config && shape ? softmaxRows(config.logits, shape.numActions) : null;

  return (
    <section
      className="microscope-panel"
      aria-label="Estimator microscope"
      data-testid="microscope-panel"
    >
      <div className="microscope-head">
        <h2>Estimator microscope</h2>
        <CopyLinkButton
          testId="ms-copy-link"
          title="Copy a link that opens the microscope with these settings"
          link={() => viewLink({ view: 'microscope', microscope: useView.getState().microscope })}
        />
      </div>
      <p className="chart-help">
        The policy is frozen. Each of M batches of N{' '}
        {shape && shape.maxSteps > 1 ? 'episodes' : 'pulls'} (in groups of G, one task per group)
        gives every estimator one gradient estimate; all estimators see the same batches. An
        unbiased estimator&apos;s mean lands on the exact gradient ∇J; its variance falls as 1/N.
      </p>
      <div className="microscope-controls">
        <fieldset>
          <legend>Batches</legend>
          <NumberField
            label={`batch size N (${shape && shape.maxSteps > 1 ? 'episodes' : 'pulls'})`}
            value={text.batchSize}
            onChange={editNumber('batchSize')}
            testId="ms-batch-size"
          />
          <NumberField
            label="group size G"
            value={text.groupSize}
            onChange={editNumber('groupSize')}
            testId="ms-group-size"
          />
          <NumberField
            label="batches M"
            value={text.batches}
            onChange={editNumber('batches')}
            testId="ms-batches"
          />
          <NumberField
            label="seed"
            value={text.seed}
            onChange={editNumber('seed')}
            testId="ms-seed"
          />
          <label>
            sweep over{' '}
            <select
              value={settings.axis}
              onChange={(e) => set({ axis: e.target.value as SweepAxis })}
              data-testid="ms-axis"
            >
              <option value="batch">batch size (G fixed)</option>
              <option value="group">group size (N fixed)</option>
            </select>
          </label>
        </fieldset>
        <fieldset className="estimator-picks">
          <legend>Estimators</legend>
          {MICROSCOPE_ESTIMATOR_ORDER.map((p, i) => (
            <label
              key={p}
              className={i < DEFAULT_MICROSCOPE_ESTIMATORS.length ? 'pick' : 'pick more'}
            >
              <input
                type="checkbox"
                checked={settings.estimators.includes(p)}
                data-testid={`ms-est-${p}`}
                onChange={(e) =>
                  set({
                    estimators: e.target.checked
                      ? [...settings.estimators, p]
                      : settings.estimators.filter((x) => x !== p),
                  })
                }
              />
              <span className="swatch" style={{ background: colorOf(p) }} /> {PRESET_LABELS[p]}
            </label>
          ))}
        </fieldset>
        {settings.source === 'example' && (
          <fieldset className="arm-means">
            <legend>Arm means μ (bernoulli)</legend>
            {meansText.map((t, a) => (
              <label key={a}>
                arm {a + 1}{' '}
                <input
                  type="text"
                  inputMode="decimal"
                  size={4}
                  value={t}
                  data-testid={`ms-mean-${a + 1}`}
                  onChange={(e) => {
                    const next = meansText.map((old, b) => (b === a ? e.target.value : old));
                    setMeansText(next);
                    set({ means: next.map((m) => (m.trim() === '' ? NaN : Number(m))) });
                  }}
                />
              </label>
            ))}
          </fieldset>
        )}
        <PolicySources
          settings={settings}
          problem={problem}
          policyLabel={policyLabel}
          onPick={(patch, label) => {
            if (patch.source === 'example') setMeansText(EXAMPLE_MEANS.map(String));
            set(
              patch.source === 'example' ? { ...patch, means: [...EXAMPLE_MEANS] } : patch,
              label,
            );
          }}
        />
      </div>
      {problems.length > 0 && (
        <ul className="microscope-problems" role="alert" data-testid="ms-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {view.error && (
        <p className="error-text" role="alert">
          {view.error}
        </p>
      )}
      <div className="microscope-views">
        {oneBandit && oneBandit.means.length === 3 && pi ? (
          <SimplexPicker
            pi={Array.from(pi)}
            means={oneBandit.means}
            exact={shownExact}
            onChange={(p) =>
              set({ logits: p.map((q) => Math.log(Math.max(q, 1e-9))) }, 'set on the simplex')
            }
          />
        ) : problem?.family === 'gridworld' && pi ? (
          <GridPolicy map={problem.map} pi={pi} />
        ) : problem && problem.family !== 'gridworld' && pi ? (
          <PolicyBars
            pi={pi}
            means={
              oneBandit ? [oneBandit.means] : (problem as { params: BanditParams }).params.means
            }
          />
        ) : null}
        {view.result && (
          <div>
            <GradientCloud result={view.result} series={series} zoom={zoom} />
            <label className="zoom-toggle">
              <input
                type="checkbox"
                checked={zoom === 'means'}
                data-testid="ms-zoom"
                onChange={(e) => setZoom(e.target.checked ? 'means' : 'cloud')}
              />{' '}
              zoom in on the arrows (the means and ∇J)
            </label>
          </div>
        )}
      </div>
      <p className="chart-help microscope-status" data-testid="ms-status" aria-live="polite">
        {SOURCE_LABELS[settings.source]}
        {problem ? `: ${problemWords(problem)}` : ''}; policy: {policyLabel}.{' '}
        {view.lookPending
          ? 'Computing…'
          : view.lookMs !== null
            ? `Look: ${view.lookMs.toFixed(0)} ms.`
            : ''}{' '}
        {view.sweepPending
          ? 'Sweep computing…'
          : view.sweepMs !== null
            ? `Sweep: ${view.sweepMs.toFixed(0)} ms.`
            : ''}
      </p>
      {problem?.family === 'gridworld' && (
        <p className="chart-help" data-testid="ms-exact-note">
          Exact ∇J from the map&apos;s transition model (policy gradient theorem, exact.ts): the
          expected undiscounted return within the time limit, for every map up to 16 × 16 cells.
          Estimators that discount (γ &lt; 1, e.g. PPO and A2C) aim at a discounted objective, and
          token-mean aggregation (PPO, DAPO) divides by the steps of the batch rather than the
          number of episodes (REINFORCE&apos;s sum per episode): both show up here as bias. Critics
          are perfect: the exact V_t(s).
        </p>
      )}
      {view.result && <NumbersTable result={view.result} series={series} />}
      {view.sweep && (
        <SweepCharts
          rows={view.sweep}
          axis={settings.axis}
          series={series}
          unit={shape && shape.maxSteps > 1 ? 'episodes' : 'pulls'}
        />
      )}
    </section>
  );
}

/** The problem in a few words, for the status line. */
function problemWords(p: MicroscopeProblem): string {
  if (p.family === 'bandit') return `${p.bandit.means.length} ${p.bandit.kind} arms`;
  if (p.family === 'bandit-suite')
    return `${p.params.means.length} tasks × ${p.params.means[0].length} ${p.params.kind} arms`;
  const { numStates, maxSteps } = problemShape(p);
  return `${p.map.rows.length} × ${p.map.rows[0].length} gridworld (${numStates} states × 4 actions, time limit ${maxSteps}, slip ${Number(p.map.slip.toFixed(3))})`;
}

function NumberField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
}) {
  return (
    <label>
      {props.label}{' '}
      <input
        type="text"
        inputMode="numeric"
        size={6}
        value={props.value}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

/**
 * Where the frozen policy comes from: the environment (example bandit, a gridworld preset or the
 * Train tab's environment), and the policy (the source's default, uniform, or a run's current
 * policy from the training worker's latest frame).
 */
function PolicySources({
  settings,
  problem,
  policyLabel,
  onPick,
}: {
  settings: MicroscopeSettings;
  problem: MicroscopeProblem | null;
  policyLabel: string;
  onPick: (patch: Partial<MicroscopeSettings>, label: string) => void;
}) {
  const env = useExperiment((s) => s.experiment.env);
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  const policies = useTraining((s) => s.policies);
  const envConfig = useMemo(() => experimentEnvOf(env), [env]);
  const trainProblem = problemOfSource({ source: 'experiment', means: [] }, envConfig);
  const trainSize = typeof trainProblem === 'string' ? 0 : policySize(trainProblem);
  return (
    <fieldset className="policy-sources">
      <legend>Environment and policy</legend>
      <label>
        environment{' '}
        <select
          value={settings.source}
          data-testid="ms-source"
          onChange={(e) => {
            const source = e.target.value as MicroscopeSource;
            onPick(
              { source, logits: null },
              source === 'example' ? 'π = (0.45, 0.35, 0.2)' : 'uniform',
            );
          }}
        >
          {MICROSCOPE_SOURCES.map((s) => (
            <option
              key={s}
              value={s}
              disabled={s === 'experiment' && typeof trainProblem === 'string'}
            >
              {s === 'experiment' ? `${SOURCE_LABELS[s]} (${env.family})` : SOURCE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="ms-uniform"
        disabled={!problem}
        onClick={() =>
          problem && onPick({ logits: new Array(policySize(problem)).fill(0) }, 'uniform')
        }
      >
        uniform policy
      </button>
      {typeof trainProblem === 'string' ? (
        <p className="chart-help">
          Runs can be looked at when the Train tab&apos;s environment is a Bernoulli or Gaussian
          bandit or a gridworld.
        </p>
      ) : (
        runs.map((r, i) => {
          const table = policies[r.id];
          const ok =
            !!table &&
            table.length >= trainSize &&
            Array.from(table.subarray(0, trainSize)).every((p) => Number.isFinite(p) && p >= 0);
          return (
            <button
              key={r.id}
              type="button"
              disabled={!ok}
              title={ok ? `${r.label}'s policy after its latest update` : 'Train this run first'}
              style={{ borderColor: colors[i] }}
              data-testid={`ms-use-run-${i + 1}`}
              onClick={() => {
                if (!table) return;
                // log pi, floored so that a probability 0 (never reached) stays a finite logit.
                const logits = Array.from(table.subarray(0, trainSize), (p) =>
                  Math.log(Math.max(p, 1e-6)),
                );
                onPick({ source: 'experiment', logits }, `${r.label}'s current policy`);
              }}
            >
              use {r.label}&apos;s current policy
            </button>
          );
        })
      )}
      <p className="chart-help" data-testid="ms-policy-label">
        Policy: {policyLabel}
      </p>
    </fieldset>
  );
}

/** Read-only view of a bandit policy: one row per task (at most 8), pi and mu per arm. */
function PolicyBars({ pi, means }: { pi: Float64Array; means: readonly (readonly number[])[] }) {
  const K = means[0].length;
  const shown = means.slice(0, 8);
  return (
    <figure className="microscope-card" data-testid="policy-bars">
      <figcaption>
        <strong>Frozen policy</strong>{' '}
        <span className="chart-help">
          ({means.length > 1 ? `${means.length} tasks, a policy per task; ` : ''}
          {K} arms
          {K !== 3 || means.length > 1 ? '; the simplex picker needs one task of 3 arms' : ''})
        </span>
      </figcaption>
      <table>
        <tbody>
          {shown.map((row, k) => (
            <tr key={k}>
              {means.length > 1 && <th scope="row">task {k + 1}</th>}
              {row.map((m, a) => (
                <td key={a}>
                  arm {a + 1}: π {pi[k * K + a].toFixed(2)} (μ {m})
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {means.length > shown.length && (
        <p className="chart-help">and {means.length - shown.length} more tasks</p>
      )}
    </figure>
  );
}

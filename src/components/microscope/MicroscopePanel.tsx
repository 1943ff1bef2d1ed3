import { useState } from 'react';
import { envConfigOf } from '../../core/experiment/trainConfig';
import { PRESET_LABELS, PRESET_NAMES, type PresetName } from '../../core/estimators/presets';
import type { MicroscopeBandit } from '../../core/microscope/banditBatches';
import { validateMicroscopeConfig, type MicroscopeConfig } from '../../core/microscope/microscope';
import type { SweepAxis } from '../../core/microscope/sweep';
import { useExperiment } from '../../store/experiment';
import { useTraining } from '../../store/training';
import { runColor } from '../colors';
import { GradientCloud, type CloudSeries } from './GradientCloud';
import { NumbersTable } from './NumbersTable';
import { SimplexPicker } from './SimplexPicker';
import { SweepCharts } from './SweepCharts';
import { useMicroscopeWorker } from './useMicroscopeWorker';
import './microscope.css';

/** Checked when the tab opens (issue 8); the others are one click away. */
const DEFAULT_ESTIMATORS: PresetName[] = [
  'reinforce',
  'reinforce-baseline',
  'rloo',
  'grpo',
  'dr-grpo',
];
/** Colour order: the defaults first, so they keep the same colours whatever else is checked. */
const ORDER: PresetName[] = [
  ...DEFAULT_ESTIMATORS,
  ...PRESET_NAMES.filter((p) => !DEFAULT_ESTIMATORS.includes(p)),
];
const colorOf = (p: PresetName) => runColor(ORDER.indexOf(p));

const EXAMPLE: { bandit: MicroscopeBandit; pi: number[] } = {
  bandit: { kind: 'bernoulli', means: [0.2, 0.5, 0.8] },
  pi: [0.45, 0.35, 0.2],
};

interface Source {
  readonly label: string;
  readonly bandit: MicroscopeBandit;
}

/** A whole number from a text field, or NaN (validateMicroscopeConfig then says what is allowed). */
const whole = (s: string) => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : NaN);

/**
 * The estimator microscope (issue 8): freeze a policy, draw M batches, and look at how each
 * estimator's gradient estimates scatter around the exact gradient, and how bias, variance and
 * MSE change with batch or group size. All sampling runs in a worker (microscope.worker.ts).
 */
export function MicroscopePanel() {
  const [source, setSource] = useState<Source>({
    label: '3-armed example bandit',
    bandit: EXAMPLE.bandit,
  });
  const [pi, setPi] = useState<number[]>(EXAMPLE.pi);
  const [batchSize, setBatchSize] = useState('16');
  const [groupSize, setGroupSize] = useState('4');
  const [batches, setBatches] = useState('500');
  const [seed, setSeed] = useState('1');
  const [axis, setAxis] = useState<SweepAxis>('batch');
  const [selected, setSelected] = useState<PresetName[]>(DEFAULT_ESTIMATORS);
  const [zoom, setZoom] = useState<'cloud' | 'means'>('cloud');

  // The arm means as typed (one field per arm); reset whenever the source changes.
  const [meansText, setMeansText] = useState<string[]>(EXAMPLE.bandit.means.map(String));
  const bandit: MicroscopeBandit = {
    ...source.bandit,
    means: meansText.map((t) => (t.trim() === '' ? NaN : Number(t))),
  };
  const config: MicroscopeConfig = {
    problem: { family: 'bandit', bandit },
    logits: pi.map(Math.log),
    estimators: ORDER.filter((p) => selected.includes(p)).map((p) => ({ id: p, preset: p })),
    batchSize: whole(batchSize),
    groupSize: whole(groupSize),
    batches: whole(batches),
    seed: whole(seed),
  };
  const problems = validateMicroscopeConfig(config);
  if (config.estimators.length === 0) problems.push('check at least one estimator');
  const view = useMicroscopeWorker(problems.length ? null : config, axis);
  const series: CloudSeries[] = config.estimators.map((e) => ({
    id: e.id,
    label: PRESET_LABELS[e.preset as PresetName],
    color: colorOf(e.preset as PresetName),
  }));
  const K = bandit.means.length;
  const shownExact = view.result && view.result.exact.length === K ? view.result.exact : null;

  return (
    <section
      className="microscope-panel"
      aria-label="Estimator microscope"
      data-testid="microscope-panel"
    >
      <h2>Estimator microscope</h2>
      <p className="chart-help">
        The policy is frozen. Each of M batches of N pulls (in groups of G) gives every estimator
        one gradient estimate; all estimators see the same batches. An unbiased estimator&apos;s
        mean lands on the exact gradient ∇J; its variance falls as 1/N.
      </p>
      <div className="microscope-controls">
        <fieldset>
          <legend>Batches</legend>
          <NumberField
            label="batch size N"
            value={batchSize}
            onChange={setBatchSize}
            testId="ms-batch-size"
          />
          <NumberField
            label="group size G"
            value={groupSize}
            onChange={setGroupSize}
            testId="ms-group-size"
          />
          <NumberField
            label="batches M"
            value={batches}
            onChange={setBatches}
            testId="ms-batches"
          />
          <NumberField label="seed" value={seed} onChange={setSeed} testId="ms-seed" />
          <label>
            sweep over{' '}
            <select
              value={axis}
              onChange={(e) => setAxis(e.target.value as SweepAxis)}
              data-testid="ms-axis"
            >
              <option value="batch">batch size (G fixed)</option>
              <option value="group">group size (N fixed)</option>
            </select>
          </label>
        </fieldset>
        <fieldset className="estimator-picks">
          <legend>Estimators</legend>
          {ORDER.map((p, i) => (
            <label key={p} className={i < DEFAULT_ESTIMATORS.length ? 'pick' : 'pick more'}>
              <input
                type="checkbox"
                checked={selected.includes(p)}
                data-testid={`ms-est-${p}`}
                onChange={(e) =>
                  setSelected((s) => (e.target.checked ? [...s, p] : s.filter((x) => x !== p)))
                }
              />
              <span className="swatch" style={{ background: colorOf(p) }} /> {PRESET_LABELS[p]}
            </label>
          ))}
        </fieldset>
        <fieldset className="arm-means">
          <legend>
            Arm means μ ({source.bandit.kind}
            {source.bandit.kind === 'gaussian' ? `, sd ${source.bandit.sd}` : ''})
          </legend>
          {meansText.map((t, a) => (
            <label key={a}>
              arm {a + 1}{' '}
              <input
                type="text"
                inputMode="decimal"
                size={4}
                value={t}
                data-testid={`ms-mean-${a + 1}`}
                onChange={(e) =>
                  setMeansText((m) => m.map((old, b) => (b === a ? e.target.value : old)))
                }
              />
            </label>
          ))}
        </fieldset>
        <PolicySources
          current={source.label}
          onPick={(s, p) => {
            setSource(s);
            setMeansText(s.bandit.means.map(String));
            setPi(p);
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
        {K === 3 ? (
          <SimplexPicker pi={pi} means={bandit.means} exact={shownExact} onChange={setPi} />
        ) : (
          <PolicyBars pi={pi} means={bandit.means} />
        )}
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
        {source.label}, {source.bandit.kind} arms.{' '}
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
      {view.result && <NumbersTable result={view.result} series={series} />}
      {view.sweep && <SweepCharts rows={view.sweep} axis={axis} series={series} />}
    </section>
  );
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

/** The example bandit, or the bandit of the Train tab with one run's current policy (task 1). */
function PolicySources({
  current,
  onPick,
}: {
  current: string;
  onPick: (s: Source, pi: number[]) => void;
}) {
  const env = useExperiment((s) => s.experiment.env);
  const runs = useExperiment((s) => s.experiment.runs);
  const policies = useTraining((s) => s.policies);
  const config = env.family === 'bandit' && env.kind !== 'two-reward' ? envConfigOf(env) : null;
  const bandit: MicroscopeBandit | null =
    config && config.family === 'bandit'
      ? { kind: config.params.kind, means: config.params.means[0], sd: config.params.sd }
      : null;
  const K = bandit?.means.length ?? 0;
  return (
    <fieldset>
      <legend>Policy</legend>
      <p className="chart-help">Looking at: {current}</p>
      <button
        type="button"
        onClick={() =>
          onPick({ label: '3-armed example bandit', bandit: EXAMPLE.bandit }, EXAMPLE.pi)
        }
      >
        3-armed example
      </button>
      {bandit ? (
        runs.map((r, i) => {
          const table = policies[r.id];
          const pi = table ? Array.from(table.subarray(0, K)) : [];
          const ok = pi.length === K && pi.every((p) => Number.isFinite(p) && p > 0);
          return (
            <button
              key={r.id}
              type="button"
              disabled={!ok}
              title={
                ok ? `π = (${pi.map((p) => p.toFixed(2)).join(', ')})` : 'Train this run first'
              }
              style={{ borderColor: r.color ?? runColor(i) }}
              data-testid={`ms-use-run-${i + 1}`}
              onClick={() => {
                const total = pi.reduce((s, p) => s + p, 0);
                onPick(
                  {
                    label: `${r.label}'s current policy on the Train tab's bandit (task 1)`,
                    bandit,
                  },
                  pi.map((p) => p / total),
                );
              }}
            >
              use {r.label}&apos;s current policy
            </button>
          );
        })
      ) : (
        <p className="chart-help">
          Runs can be looked at when the Train tab&apos;s environment is a Bernoulli or Gaussian
          bandit.
        </p>
      )}
    </fieldset>
  );
}

/** Read-only view of a policy with other than 3 arms. */
function PolicyBars({ pi, means }: { pi: readonly number[]; means: readonly number[] }) {
  return (
    <figure className="microscope-card" data-testid="policy-bars">
      <figcaption>
        <strong>Frozen policy</strong>{' '}
        <span className="chart-help">({pi.length} arms; the simplex picker needs 3)</span>
      </figcaption>
      <table>
        <tbody>
          {pi.map((p, a) => (
            <tr key={a}>
              <th scope="row">arm {a + 1}</th>
              <td>μ {means[a]}</td>
              <td>π {p.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

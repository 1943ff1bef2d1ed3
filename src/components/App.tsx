import { useState, type ComponentType } from 'react';
import { Controls } from './Controls';
import { EnvPanel, PlayPanel } from './EnvPanel';
import { MetricChart } from './MetricChart';
import { RunTable } from './RunTable';
import { BackendBadge, Messages, WorkersBadge } from './StatusBar';
import { Toolbar } from './Toolbar';
import { CHART_IDS, type ChartId } from '../core/experiment/schema';
import { configurations } from '../core/experiment/seeds';
import { useExperiment } from '../store/experiment';
import { AdvantageCharts } from './AdvantageCharts';
import { TaskWeightChart } from './TaskWeightChart';
import { RewardEntropyChart } from './RewardEntropyChart';
import { SimplexChart } from './SimplexChart';
import { useVisible } from './Controls';
import { EstimatorCard, WhatDiffers } from './estimators';
import { useRunColors } from './useRunColors';
import { ShareBar } from './ShareBar';
import { Stepper } from './stepper/Stepper';
import { LessonBanner, LessonGallery, openLesson } from './Lessons';
import type { Lesson } from '../core/lessons/lessons';
import {
  LOGIT_GRADIENT_COVERAGE,
  TABULAR_GRADIENT_COVERAGE,
} from '../core/metrics/gradientVariance';
import { MicroscopePanel } from './microscope/MicroscopePanel';
import { useView } from '../store/view';
import { useStepperLink } from './stepper/useStepperLink';

/** Every metric chart (metrics.md), by metric column. */
const METRIC_CHARTS = {
  meanReturn: {
    title: 'Return',
    yLabel: 'return',
    description: 'Mean return of the episodes of each update (higher is better).',
  },
  successRate: {
    title: 'Success rate',
    yLabel: 'success',
    description: 'Fraction of episodes that reached the goal.',
  },
  episodeLength: {
    title: 'Episode length',
    yLabel: 'steps',
    description: 'Mean number of steps per episode.',
  },
  entropy: {
    title: 'Policy entropy',
    yLabel: 'entropy (nats)',
    description: 'H(π) = −Σ π(a|s) log π(a|s) over the visited states; log K for a uniform policy.',
  },
  gradNorm: {
    title: 'Gradient norm',
    yLabel: '|g|',
    description: 'Global norm of the policy gradient (before clipping).',
  },
  gradVariance: {
    title: 'Gradient variance',
    yLabel: 'tr Cov / N',
    description:
      'Variance of the batch gradient estimate, tr Cov(g_i)/N, from per-episode gradients g_i of the vanilla surrogate.',
    logY: true,
  },
  gradSnr: {
    title: 'Gradient signal-to-noise',
    yLabel: 'SNR',
    description:
      '|mean g|² / (tr Cov(g_i)/N): above 1, the batch gradient points somewhere reliable.',
  },
  gradCosine: {
    title: 'Cosine to the true gradient',
    yLabel: 'cosine',
    description:
      'cos(ĝ, ∇J) with ∇J computed exactly (bandits, small gridworlds): bias and noise made visible.',
  },
  gradSqError: {
    title: 'Squared error to the true gradient',
    yLabel: '|ĝ − ∇J|²',
    description: 'Distance of the estimate to the exact gradient.',
    logY: true,
  },
  zeroAdvantageFraction: {
    title: 'Zero advantages',
    yLabel: 'fraction',
    description: 'Fraction of steps whose advantage is exactly 0 (no gradient).',
  },
  advantageRms: {
    title: 'Advantage scale (RMS)',
    yLabel: '√mean A²',
    description:
      'Root mean square of the advantages of the update. A baseline shrinks it (E[(R−b)²] = Var R + (E R − b)²), and the gradient noise with it.',
  },
  goodArmCoverage: {
    title: 'Good-arm coverage (bandits)',
    yLabel: 'fraction covered',
    description:
      'Fraction of the good arms (within 5% of the reward range below the best) that keep π ≥ 0.05, mean over tasks: 1 = every good answer still sampled, 1/n = collapsed onto one.',
  },
  zeroVarianceGroupFraction: {
    title: 'Zero-variance groups',
    yLabel: 'fraction',
    description:
      'Fraction of groups whose returns are all equal: they give group estimators no signal.',
  },
  distinctAdvantagesPerGroup: {
    title: 'Distinct advantages per group',
    yLabel: 'values per group',
    description:
      'Mean number of different advantage values among a group’s episodes: how finely the advantages tell the rollouts apart (GDPO).',
  },
  approxKl: {
    title: 'Update size (approx KL)',
    yLabel: 'KL',
    description: 'k3 estimate of KL(π_old ‖ π_new) after the update (CleanRL approx_kl).',
  },
  clipFracHigh: {
    title: 'Clip fraction (high)',
    yLabel: 'fraction',
    description: 'Steps with A > 0 whose ratio ended above 1 + ε_high.',
  },
  clipFracLow: {
    title: 'Clip fraction (low)',
    yLabel: 'fraction',
    description: 'Steps with A < 0 whose ratio ended below 1 − ε_low.',
  },
  envStepsPerSec: {
    title: 'Environment steps per second',
    yLabel: 'steps/s',
    description: 'Per run, over a 5 s window (as CleanRL logs SPS).',
  },
  updatesPerSec: {
    title: 'Updates per second',
    yLabel: 'updates/s',
    description: 'Per run, over a 5 s window.',
  },
} as const;
type MetricChartId = keyof typeof METRIC_CHARTS;

/** What each chart choice of the experiment shows: its own view (if any), then metric charts. */
const CHART_GROUPS: Record<
  ChartId,
  { label: string; metrics: MetricChartId[]; view?: ComponentType }
> = {
  meanReturn: { label: 'Return', metrics: ['meanReturn'] },
  successRate: { label: 'Success rate', metrics: ['successRate'] },
  episodeLength: { label: 'Episode length', metrics: ['episodeLength'] },
  entropy: { label: 'Entropy', metrics: ['entropy'] },
  gradNorm: { label: 'Gradient norm', metrics: ['gradNorm'] },
  gradVariance: { label: 'Gradient variance & SNR', metrics: ['gradVariance', 'gradSnr'] },
  gradError: { label: 'Distance to true gradient', metrics: ['gradCosine', 'gradSqError'] },
  advantages: {
    label: 'Advantages',
    metrics: ['zeroAdvantageFraction', 'zeroVarianceGroupFraction', 'distinctAdvantagesPerGroup'],
    view: AdvantageCharts,
  },
  taskWeights: { label: 'Task weights (|A| vs success)', metrics: [], view: TaskWeightChart },
  advantageRms: { label: 'Advantage scale', metrics: ['advantageRms'] },
  goodArmCoverage: { label: 'Good-arm coverage', metrics: ['goodArmCoverage'] },
  updateSize: {
    label: 'Update size (KL, clipping)',
    metrics: ['approxKl', 'clipFracHigh', 'clipFracLow'],
  },
  throughput: { label: 'Throughput', metrics: ['envStepsPerSec', 'updatesPerSec'] },
  rewardEntropy: { label: 'Return vs entropy', metrics: [], view: RewardEntropyChart },
  simplex: { label: 'Policy simplex (3 arms)', metrics: [], view: SimplexChart },
};

function ChartPicker() {
  const charts = useExperiment((s) => s.experiment.charts);
  const set = useExperiment((s) => s.set);
  const show = useVisible('charts');
  if (!show) return null;
  return (
    <div className="chart-picker" role="group" aria-label="Charts">
      <strong>Charts:</strong>
      {CHART_IDS.map((id) => (
        <label className="inline" key={id}>
          <input
            type="checkbox"
            data-testid={`show-chart-${id}`}
            checked={charts.visible.includes(id)}
            onChange={(e) =>
              set({
                charts: {
                  ...charts,
                  visible: e.target.checked
                    ? CHART_IDS.filter((c) => c === id || charts.visible.includes(c))
                    : charts.visible.filter((c) => c !== id),
                },
              })
            }
          />
          {CHART_GROUPS[id].label}
        </label>
      ))}
      <label className="inline">
        x axis{' '}
        <select
          value={charts.xAxis}
          onChange={(e) =>
            set({ charts: { ...charts, xAxis: e.target.value as 'updates' | 'envSteps' } })
          }
        >
          <option value="updates">updates</option>
          <option value="envSteps">environment steps</option>
        </select>
      </label>
      <label
        className="inline"
        title="Runs that differ only in seed are drawn as their mean with this band"
      >
        seeds{' '}
        <select
          value={charts.band}
          onChange={(e) =>
            set({ charts: { ...charts, band: e.target.value as 'minmax' | 'iqr' | 'none' } })
          }
        >
          <option value="minmax">mean, min–max band</option>
          <option value="iqr">mean, inter-quartile band</option>
          <option value="none">every run its own line</option>
        </select>
      </label>
    </div>
  );
}

/** Gradient variance and SNR say which parameters their per-sample gradients cover. */
function withCoverage(
  metric: MetricChartId,
  chart: (typeof METRIC_CHARTS)[MetricChartId],
  policyKind: string,
) {
  if (metric !== 'gradVariance' && metric !== 'gradSnr') return chart;
  const tabular = policyKind === 'tabular';
  return {
    ...chart,
    title: `${chart.title} (${tabular ? 'all logits' : 'output layer'})`,
    description: `${chart.description} Covers ${tabular ? TABULAR_GRADIENT_COVERAGE : LOGIT_GRADIENT_COVERAGE}.`,
  };
}

function Charts() {
  const visible = useExperiment((s) => s.experiment.charts.visible);
  const policyKind = useExperiment((s) => s.experiment.policy.kind);
  return (
    <div className="charts">
      {visible.flatMap((id) => {
        const View = CHART_GROUPS[id].view;
        return [
          ...(View ? [<View key={`view-${id}`} />] : []),
          ...CHART_GROUPS[id].metrics.map((m) => (
            <MetricChart key={m} metric={m} {...withCoverage(m, METRIC_CHARTS[m], policyKind)} />
          )),
        ];
      })}
    </div>
  );
}

export function App() {
  useStepperLink();
  const tab = useView((st) => st.tab);
  const setTab = useView((st) => st.setTab);
  const [lesson, setLesson] = useState<Lesson | null>(null);
  return (
    <div className="app">
      <header>
        <h1>Policy-gradient playground</h1>
        <p className="tagline">Train agents in your browser and watch estimators compete.</p>
        <nav className="tabs" aria-label="Views">
          <button
            type="button"
            className={tab === 'train' ? 'tab selected' : 'tab'}
            onClick={() => setTab('train')}
          >
            Train
          </button>
          <button
            type="button"
            className={tab === 'lessons' ? 'tab selected' : 'tab'}
            onClick={() => setTab('lessons')}
          >
            Lessons
          </button>
          <button
            type="button"
            className={tab === 'estimators' ? 'tab selected' : 'tab'}
            onClick={() => setTab('estimators')}
          >
            Estimators
          </button>
          <button
            type="button"
            className={tab === 'microscope' ? 'tab selected' : 'tab'}
            onClick={() => setTab('microscope')}
          >
            Microscope
          </button>
          <button
            type="button"
            className={tab === 'play' ? 'tab selected' : 'tab'}
            onClick={() => setTab('play')}
          >
            Play
          </button>
        </nav>
        <BackendBadge />
        <WorkersBadge />
        <ShareBar />
      </header>
      <Messages />
      <main>
        <Controls />
        <section className="workspace">
          {tab === 'train' ? (
            <>
              {lesson && <LessonBanner lesson={lesson} onClose={() => setLesson(null)} />}
              <Toolbar />
              <Stepper />
              <RunTable />
              <ChartPicker />
              <Charts />
              <EnvPanel />
            </>
          ) : tab === 'lessons' ? (
            <LessonGallery
              onOpen={(l) => {
                openLesson(l);
                setLesson(l);
                setTab('train');
              }}
            />
          ) : tab === 'estimators' ? (
            <EstimatorsPanel />
          ) : tab === 'microscope' ? (
            <MicroscopePanel />
          ) : (
            <PlayPanel />
          )}
        </section>
      </main>
    </div>
  );
}

/**
 * Each configuration's estimator card, and what differs between them: the seeds of one
 * configuration have the same card, so it is shown once, for its first run.
 */
function EstimatorsPanel() {
  const allRuns = useExperiment((s) => s.experiment.runs);
  const episodesPerUpdate = useExperiment((s) => s.experiment.episodesPerUpdate);
  const allColors = useRunColors();
  const shown = configurations(allRuns, episodesPerUpdate).map((c) => ({
    run: allRuns[c.runIndices[0]],
    color: allColors[c.runIndices[0]],
    seeds: c.runIndices.length,
  }));
  const runs = shown.map((s) => s.run);
  const label = (i: number) =>
    shown[i].seeds > 1 ? `${runs[i].label} (${shown[i].seeds} seeds)` : runs[i].label;
  return (
    <section className="estimators-panel" aria-label="Estimators" data-testid="estimators-panel">
      {runs.length >= 2 && (
        <>
          <h2>What differs</h2>
          <WhatDiffers
            runs={runs.map((r, i) => ({
              label: label(i),
              preset: r.preset,
              overrides: r.overrides,
              color: shown[i].color,
            }))}
          />
        </>
      )}
      <h2>Estimator cards</h2>
      <div className="cards">
        {runs.map((r, i) => (
          <EstimatorCard
            key={r.id}
            preset={r.preset}
            overrides={r.overrides}
            label={label(i)}
            color={shown[i].color}
            compact
          />
        ))}
      </div>
    </section>
  );
}

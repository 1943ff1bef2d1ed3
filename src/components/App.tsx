import { useState } from 'react';
import { Controls } from './Controls';
import { EnvPanel, PlayPanel } from './EnvPanel';
import { MetricChart } from './MetricChart';
import { RunTable } from './RunTable';
import { BackendBadge, Messages } from './StatusBar';
import { Toolbar } from './Toolbar';
import { useExperiment } from '../store/experiment';
import { EstimatorCard, WhatDiffers } from './estimators';
import { runColor } from './colors';
import { ShareBar } from './ShareBar';

type Tab = 'train' | 'estimators' | 'play';

const CHARTS = {
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
  approxKl: {
    title: 'Update size (approx KL)',
    yLabel: 'KL',
    description: 'k3 estimate of KL(π_old ‖ π_new) after the update (CleanRL approx_kl).',
  },
  zeroVarianceGroupFraction: {
    title: 'Zero-variance groups',
    yLabel: 'fraction',
    description:
      'Fraction of groups whose returns are all equal: they give group estimators no signal.',
  },
} as const;

export function App() {
  const [tab, setTab] = useState<Tab>('train');
  const family = useExperiment((s) => s.experiment.env.family);
  const charts: (keyof typeof CHARTS)[] =
    family === 'bandit'
      ? ['meanReturn', 'entropy', 'zeroVarianceGroupFraction', 'approxKl']
      : ['meanReturn', 'successRate', 'episodeLength', 'entropy', 'approxKl', 'gradNorm'];
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
            className={tab === 'estimators' ? 'tab selected' : 'tab'}
            onClick={() => setTab('estimators')}
          >
            Estimators
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
        <ShareBar />
      </header>
      <Messages />
      <main>
        <Controls />
        <section className="workspace">
          {tab === 'train' ? (
            <>
              <Toolbar />
              <RunTable />
              <div className="charts">
                {charts.map((id) => (
                  <MetricChart key={id} metric={id} {...CHARTS[id]} />
                ))}
              </div>
              <EnvPanel />
            </>
          ) : tab === 'estimators' ? (
            <EstimatorsPanel />
          ) : (
            <PlayPanel />
          )}
        </section>
      </main>
    </div>
  );
}

/** Each run's estimator card, and what differs between the runs. */
function EstimatorsPanel() {
  const runs = useExperiment((s) => s.experiment.runs);
  return (
    <section className="estimators-panel" aria-label="Estimators" data-testid="estimators-panel">
      {runs.length >= 2 && (
        <>
          <h2>What differs</h2>
          <WhatDiffers
            runs={runs.map((r, i) => ({
              label: r.label,
              preset: r.preset,
              overrides: r.overrides,
              color: r.color ?? runColor(i),
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
            label={r.label}
            color={r.color ?? runColor(i)}
            compact
          />
        ))}
      </div>
    </section>
  );
}

import { useState } from 'react';
import { Controls } from './Controls';
import { EnvPanel, PlayPanel } from './EnvPanel';
import { MetricChart } from './MetricChart';
import { RunTable } from './RunTable';
import { BackendBadge, Messages } from './StatusBar';
import { Toolbar } from './Toolbar';
import { useExperiment } from '../store/experiment';

type Tab = 'train' | 'play';

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
            className={tab === 'play' ? 'tab selected' : 'tab'}
            onClick={() => setTab('play')}
          >
            Play
          </button>
        </nav>
        <BackendBadge />
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
          ) : (
            <PlayPanel />
          )}
        </section>
      </main>
    </div>
  );
}

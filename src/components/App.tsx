import { ArmsView } from './ArmsView';
import { Controls } from './Controls';
import { MetricChart } from './MetricChart';
import { RunTable } from './RunTable';
import { BackendBadge, Messages } from './StatusBar';
import { Toolbar } from './Toolbar';

export function App() {
  return (
    <div className="app">
      <header>
        <h1>Policy-gradient playground</h1>
        <p className="tagline">Train agents in your browser and watch estimators compete.</p>
        <BackendBadge />
      </header>
      <Messages />
      <main>
        <Controls />
        <section className="workspace">
          <Toolbar />
          <RunTable />
          <div className="charts">
            <MetricChart
              metric="meanReturn"
              title="Mean reward"
              yLabel="reward"
              description="Average reward of the pulls in each update (higher is better)."
              yDomain={[0, 1]}
            />
            <MetricChart
              metric="entropy"
              title="Policy entropy"
              yLabel="entropy (nats)"
              description="H(π) = −Σ π(a) log π(a); log K for a uniform policy, 0 when it always pulls one arm."
              yDomain={[0, 'auto']}
            />
          </div>
          <ArmsView />
        </section>
      </main>
    </div>
  );
}

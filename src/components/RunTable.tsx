import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { useRunColors } from './useRunColors';

/** Rows the table shows before it scrolls in its own box. */
const SCROLL_AFTER_ROWS = 12;

/** Latest numbers per run: what a student reads out, and what the end-to-end tests check. */
export function RunTable() {
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  const episodesPerUpdate = useExperiment((s) => s.experiment.episodesPerUpdate);
  const hasGoal = useExperiment(
    (s) => s.experiment.env.family !== 'bandit' || s.experiment.env.kind !== 'gaussian',
  );
  useTraining((s) => s.version);
  const series = useTraining.getState().series;
  const status = useTraining((s) => s.runStatus);
  const workerState = useTraining((s) => s.workerState);
  // A run that is not diverged is in whatever state training is: training, paused, finished.
  const healthy =
    workerState === 'running' ? 'training' : workerState === 'idle' ? '–' : workerState;
  // A class's 40 runs would push the charts off the screen (and charts off screen do not
  // redraw): past a dozen rows the table scrolls in its own box, under a header that stays.
  const scrolls = runs.length > SCROLL_AFTER_ROWS;
  return (
    <div
      className={scrolls ? 'run-table-box scrolls' : 'run-table-box'}
      tabIndex={scrolls ? 0 : undefined}
      role={scrolls ? 'region' : undefined}
      aria-label={scrolls ? `Runs (${runs.length}; scroll for more)` : undefined}
    >
      <table className="run-table" data-testid="run-table">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col" title="Episodes per update (= parallel environments) of each run">
              Envs
            </th>
            <th scope="col">Updates</th>
            <th scope="col" title="Environment steps the run has taken">
              Env steps
            </th>
            <th scope="col" title="Mean episode return in the latest update">
              Return
            </th>
            <th scope="col" title="Mean episode return over the last 20 updates">
              Return (last 20)
            </th>
            <th scope="col" title="Fraction of the latest update's episodes that reached the goal">
              Success
            </th>
            <th scope="col" title="Policy entropy in nats">
              Entropy
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run, i) => {
            const s = series[run.id];
            const n = s?.length ?? 0;
            const last = (name: string) => (n ? s.columns[name][n - 1] : NaN);
            let recent = NaN;
            if (n) {
              const from = Math.max(0, n - 20);
              let sum = 0;
              for (let k = from; k < n; k++) sum += s.columns.meanReturn[k];
              recent = sum / (n - from);
            }
            const st = status[run.id];
            return (
              <tr key={run.id} data-testid={`run-row-${i}`}>
                <th scope="row" style={{ color: colors[i] }}>
                  {run.label}
                </th>
                <td data-testid={`run-envs-${i}`}>{run.episodesPerUpdate ?? episodesPerUpdate}</td>
                <td data-testid={`run-updates-${i}`}>{n ? last('update') : 0}</td>
                <td>{n ? last('envSteps').toLocaleString('en-US') : 0}</td>
                <td>{fmt(last('meanReturn'))}</td>
                <td data-testid={`run-recent-reward-${i}`}>{fmt(recent)}</td>
                <td>{hasGoal ? fmt(last('successRate')) : '–'}</td>
                <td>{fmt(last('entropy'))}</td>
                <td>
                  {st?.status === 'diverged' ? (
                    <span className="diverged" title={st.reason}>
                      diverged at update {st.divergedAt + 1}
                    </span>
                  ) : n ? (
                    healthy
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : '–';
}

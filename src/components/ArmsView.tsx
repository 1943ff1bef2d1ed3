import type { BanditEnv } from '../core/experiment/schema';
import { banditArmMeans } from '../core/envs/registry';
import { envConfigOf } from '../core/experiment/trainConfig';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { useRunColors } from './useRunColors';

/**
 * The bandit's arms: each arm's true expected reward (grey bar) next to each run's current
 * probability of pulling it (coloured bars). Learning shows as the coloured bars gathering on
 * the arm with the longest grey bar. Multi-task suites show task 1.
 */
export function ArmsView({ env }: { env: BanditEnv }) {
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  const policies = useTraining((s) => s.policies);
  const means = banditArmMeans(envConfigOf(env)) ?? [[]];
  const rows = means[0];
  const numTasks = means.length;
  const top = Math.max(...rows);
  const scale =
    env.kind === 'bernoulli'
      ? 1
      : env.kind === 'two-reward'
        ? 2
        : Math.max(1e-9, ...rows.map(Math.abs));
  return (
    <section className="arms" aria-label="Bandit arms" data-testid="arms-view">
      <h2>Arms{numTasks > 1 ? ` of task 1 (of ${numTasks})` : ''}</h2>
      <p className="chart-help">
        Grey: expected reward of each arm. Coloured: each run&apos;s current probability of pulling
        it.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">Expected reward</th>
            {runs.map((r, i) => (
              <th scope="col" key={r.id} style={{ color: colors[i] }}>
                π({r.label})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((p, a) => (
            <tr key={a} className={p === top ? 'best-arm' : undefined}>
              <th scope="row">
                {a + 1}
                {p === top ? ' ★' : ''}
              </th>
              <td>
                <Bar value={p} width={p / scale} color="#888" />
              </td>
              {runs.map((r, i) => {
                const table = policies[r.id];
                const pi = table && table.length > a ? table[a] : NaN;
                return (
                  <td key={r.id}>
                    <Bar value={pi} width={pi} color={colors[i]} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Bar({ value, width, color }: { value: number; width: number; color: string }) {
  const known = Number.isFinite(value);
  return (
    <div className="bar" title={known ? value.toFixed(3) : 'not trained yet'}>
      <div
        className="bar-fill"
        style={{
          width: `${known ? Math.max(0, Math.min(1, width)) * 100 : 0}%`,
          background: color,
        }}
      />
      <span className="bar-label">{known ? value.toFixed(2) : '–'}</span>
    </div>
  );
}

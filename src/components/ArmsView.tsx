import type { BanditEnv } from '../core/experiment/schema';
import { banditArmMeans } from '../core/envs/registry';
import { drawnGroups } from '../core/experiment/seeds';
import { envConfigOf } from '../core/experiment/trainConfig';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { useRunColors } from './useRunColors';

/**
 * The bandit's arms: each arm's true expected reward (grey bar) next to each run's current
 * probability of pulling it (coloured bars). Learning shows as the coloured bars gathering on
 * the arm with the longest grey bar. Multi-task suites show task 1. With the charts' seed band on,
 * the seeds of a configuration share one column, their mean (as the charts draw them), so a
 * class's 8 estimators x 5 seeds are 8 columns, not 40.
 */
export function ArmsView({ env }: { env: BanditEnv }) {
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  const band = useExperiment((s) => s.experiment.charts.band);
  const episodesPerUpdate = useExperiment((s) => s.experiment.episodesPerUpdate);
  const policies = useTraining((s) => s.policies);
  const columns = drawnGroups(runs, episodesPerUpdate, band).map(({ runIndices: members }) => ({
    key: runs[members[0]].id,
    label: runs[members[0]].label,
    color: colors[members[0]],
    members,
  }));
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
            {columns.map((c) => (
              <th scope="col" key={c.key} style={{ color: c.color }}>
                π({c.label})
                {c.members.length > 1 && (
                  <span className="seeds-note">mean of {c.members.length} seeds</span>
                )}
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
              {columns.map((c) => {
                const pis = c.members.flatMap((i) => {
                  const table = policies[runs[i].id];
                  return table && table.length > a ? [table[a]] : [];
                });
                const pi = pis.length ? pis.reduce((x, y) => x + y, 0) / pis.length : NaN;
                const title =
                  pis.length > 1
                    ? `mean ${pi.toFixed(3)} over ${pis.length} seeds (${Math.min(...pis).toFixed(3)} to ${Math.max(...pis).toFixed(3)})`
                    : undefined;
                return (
                  <td key={c.key}>
                    <Bar value={pi} width={pi} color={c.color} title={title} />
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

function Bar(props: { value: number; width: number; color: string; title?: string }) {
  const { value, width, color } = props;
  const known = Number.isFinite(value);
  return (
    <div className="bar" title={props.title ?? (known ? value.toFixed(3) : 'not trained yet')}>
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

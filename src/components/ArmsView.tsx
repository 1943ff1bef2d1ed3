import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { runColor } from './colors';

/**
 * The bandit's arms: each arm's true success rate (grey bar) next to each run's current
 * probability of pulling it (coloured bars). Learning shows as the coloured bars gathering on
 * the arm with the longest grey bar.
 */
export function ArmsView() {
  const probs = useExperiment((s) => s.draft.armProbabilities);
  const runs = useExperiment((s) => s.draft.runs);
  const policies = useTraining((s) => s.policies);
  const best = probs.indexOf(Math.max(...probs));
  return (
    <section className="arms" aria-label="Bandit arms" data-testid="arms-view">
      <h2>Arms</h2>
      <p className="chart-help">
        Grey: true success rate of each arm. Coloured: each run&apos;s current probability of
        pulling it.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">Success rate</th>
            {runs.map((r, i) => (
              <th scope="col" key={r.id} style={{ color: runColor(i) }}>
                π({r.label})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {probs.map((p, a) => (
            <tr key={a} className={a === best ? 'best-arm' : undefined}>
              <th scope="row">
                {a + 1}
                {a === best ? ' ★' : ''}
              </th>
              <td>
                <Bar value={p} color="#888" />
              </td>
              {runs.map((r, i) => {
                const table = policies[r.id];
                const pi = table && table.length > a ? table[a] : NaN;
                return (
                  <td key={r.id}>
                    <Bar value={pi} color={runColor(i)} />
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

function Bar({ value, color }: { value: number; color: string }) {
  const known = Number.isFinite(value);
  return (
    <div className="bar" title={known ? value.toFixed(3) : 'not trained yet'}>
      <div
        className="bar-fill"
        style={{ width: `${known ? value * 100 : 0}%`, background: color }}
      />
      <span className="bar-label">{known ? value.toFixed(2) : '–'}</span>
    </div>
  );
}

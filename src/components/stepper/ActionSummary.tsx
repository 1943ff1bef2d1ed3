import type { UpdateExplanation } from '../../core/train/updateExplanation';
import { fmt, showsColumn, type EpisodeColumns } from './stepperView';

/**
 * One-step episodes (bandits) summarised by action, beside the episode table: how often each arm
 * was pulled and what it paid on average; at the advantages stage, the sum of w A over its pulls
 * instead: the push up its logit gets (the gradient stage takes the softmax's share off).
 */
export function ActionSummary({ x, upTo }: { x: UpdateExplanation; upTo: EpisodeColumns }) {
  const A = x.numActions;
  const pulls = new Array<number>(A).fill(0);
  const reward = new Array<number>(A).fill(0);
  const push = new Array<number>(A).fill(0);
  for (const ep of x.episodes)
    for (const s of ep.steps) {
      pulls[s.action] += 1;
      reward[s.action] += s.reward;
      push[s.action] += s.weight * s.advantage;
    }
  const withPush = showsColumn(upTo, 'advantages');
  return (
    <div className="stepper-table-wrap" aria-label="By action">
      <table className="stepper-table" data-testid="action-summary">
        <thead>
          <tr>
            <th scope="col" className="left">
              by {x.actionLabels[0]?.startsWith('arm') ? 'arm' : 'action'}
            </th>
            <th scope="col">pulls</th>
            {!withPush && <th scope="col">mean reward</th>}
            {withPush && (
              <th scope="col" className="new-col" title="sum of w·A over the pulls of this arm">
                Σ w·A
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {x.actionLabels.map((label, a) => (
            <tr key={a}>
              <th scope="row">{label}</th>
              <td>{pulls[a]}</td>
              {!withPush && <td>{pulls[a] ? fmt(reward[a] / pulls[a], 2) : '–'}</td>}
              {withPush && <td className="new-col">{fmt(push[a], 4)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

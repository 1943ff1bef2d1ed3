import type { UpdateExplanation } from '../../core/train/updateExplanation';
import { ProbabilityBar, SignedBar } from './bars';
import { fmt, fmtSigned, maxAbs, rowSum, shownStates, wideLayout } from './stepperView';

/**
 * Stage 6: pi(a|s) before and after the update, bars side by side with their numbers, and the
 * logits that moved. Bars are scaled to the largest probability of their state (old or new), so
 * small changes of a near-uniform policy are visible; the numbers are the probabilities.
 */
export function PolicyCompare({ x }: { x: UpdateExplanation }) {
  const { hiddenStates } = shownStates(x);
  return (
    <>
      {wideLayout(x) ? <ByState x={x} /> : <ByAction x={x} />}
      <p className="stepper-note">
        Bar lengths are relative to the largest probability in their state
        {wideLayout(x) ? '; point at a cell for its logits and change' : ''}.
        {hiddenStates > 0 &&
          ` ${hiddenStates} more visited states are not shown; unvisited states did not change${
            x.estimator.spec.optimizer === 'adam' ? ' (unless Adam’s momentum moved them)' : ''
          }.`}
      </p>
    </>
  );
}

function stateScale(x: UpdateExplanation, s: number): number {
  const A = x.numActions;
  let m = 1e-12;
  for (let a = 0; a < A; a++) m = Math.max(m, x.policyBefore[s * A + a], x.policyAfter[s * A + a]);
  return m;
}

function ByAction({ x }: { x: UpdateExplanation }) {
  const A = x.numActions;
  const { states } = shownStates(x);
  const multiState = x.numStates > 1;
  const delta = x.policyAfter.map((p, j) => p - x.policyBefore[j]);
  const deltaScale = maxAbs(delta, states, A);
  const sgd = x.estimator.spec.optimizer === 'sgd';
  return (
    <div className="stepper-table-wrap">
      <table className="stepper-table policy-compare" data-testid="policy-table">
        <thead>
          <tr>
            {multiState && (
              <th scope="col" className="left">
                state
              </th>
            )}
            <th scope="col" className="left">
              action
            </th>
            <th scope="col">logit z → z′</th>
            <th scope="col">Δz{sgd ? ' = η g' : ''}</th>
            <th scope="col">π_old(a|s)</th>
            <th scope="col" className="new-col">
              π_new(a|s)
            </th>
            <th scope="col" colSpan={2}>
              change
            </th>
          </tr>
        </thead>
        <tbody>
          {states.flatMap((s) => {
            const scale = stateScale(x, s);
            return [
              ...Array.from({ length: A }, (_, a) => {
                const j = s * A + a;
                return (
                  <tr key={j} className={a === 0 && s !== states[0] ? 'group-start' : undefined}>
                    {multiState && a === 0 && (
                      <th scope="rowgroup" rowSpan={A + 1}>
                        {x.stateLabels[s]}
                      </th>
                    )}
                    <th scope="row">{x.actionLabels[a]}</th>
                    <td className="logits">
                      {fmt(x.logitsBefore[j])} → {fmt(x.logitsAfter[j])}
                    </td>
                    <td className="logits">{fmtSigned(x.logitsAfter[j] - x.logitsBefore[j], 4)}</td>
                    <td data-testid={`policy-old-${s}-${a}`} data-value={x.policyBefore[j]}>
                      <ProbabilityBar p={x.policyBefore[j]} kind="old" scale={scale} />
                    </td>
                    <td
                      className="new-col"
                      data-testid={`policy-new-${s}-${a}`}
                      data-value={x.policyAfter[j]}
                    >
                      <ProbabilityBar p={x.policyAfter[j]} kind="new" scale={scale} />
                    </td>
                    <td className={delta[j] > 0 ? 'up' : delta[j] < 0 ? 'down' : undefined}>
                      {fmtSigned(delta[j], 4)}
                    </td>
                    <td>
                      <SignedBar value={delta[j]} scale={deltaScale} narrow />
                    </td>
                  </tr>
                );
              }),
              <tr key={`sum-${s}`} className="sum-row">
                <th scope="row" colSpan={3}>
                  sum over actions
                </th>
                <td>{fmt(rowSum(x.policyBefore, s, A))}</td>
                <td className="new-col" data-testid={`policy-sum-new-${s}`}>
                  {fmt(rowSum(x.policyAfter, s, A))}
                </td>
                <td colSpan={2} />
              </tr>,
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A row per visited state, a column per action: old and new bars stacked, old → new. */
function ByState({ x }: { x: UpdateExplanation }) {
  const A = x.numActions;
  const { states } = shownStates(x);
  return (
    <div className="stepper-table-wrap">
      <table className="stepper-table by-state policy-compare" data-testid="policy-table">
        <thead>
          <tr>
            <th scope="col" className="left">
              state
            </th>
            {x.actionLabels.map((label, a) => (
              <th scope="col" key={a}>
                π({label}) old / <span className="new-label">new</span>
              </th>
            ))}
            <th scope="col">sum old / new</th>
          </tr>
        </thead>
        <tbody>
          {states.map((s) => {
            const scale = stateScale(x, s);
            return (
              <tr key={s}>
                <th scope="row">{x.stateLabels[s]}</th>
                {x.actionLabels.map((_, a) => {
                  const j = s * A + a;
                  const d = x.policyAfter[j] - x.policyBefore[j];
                  return (
                    <td
                      key={a}
                      data-testid={`policy-new-${s}-${a}`}
                      data-value={x.policyAfter[j]}
                      title={`logit ${fmt(x.logitsBefore[j])} → ${fmt(x.logitsAfter[j])}; change ${fmtSigned(d, 4)}`}
                    >
                      <span className="stacked-bars">
                        <ProbabilityBar p={x.policyBefore[j]} kind="old" scale={scale} narrow />
                        <ProbabilityBar p={x.policyAfter[j]} kind="new" scale={scale} narrow />
                      </span>
                    </td>
                  );
                })}
                <td className="sum-cell">
                  {fmt(rowSum(x.policyBefore, s, A))} /{' '}
                  <span data-testid={`policy-sum-new-${s}`}>
                    {fmt(rowSum(x.policyAfter, s, A))}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

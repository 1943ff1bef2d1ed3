import { useState } from 'react';
import type { ExplainedPass, UpdateExplanation } from '../../core/train/updateExplanation';
import { SignedBar } from './bars';
import {
  actionCounts,
  fmt,
  gradientParts,
  maxAbs,
  rowSum,
  shownStates,
  wideLayout,
} from './stepperView';

/**
 * Stage 5: the policy-gradient estimate g = -dL/dz for every logit z[s, a] of the visited states,
 * with a bar per entry and the clipped g where clipping changed it, one optimiser step at a time
 * when the estimator takes several (PPO's epochs x minibatches). One state (bandits): a row per
 * action, with g split into its push up and push down; several states: a row per state.
 */
export function GradientTable({ x }: { x: UpdateExplanation }) {
  const [passIndex, setPassIndex] = useState(0);
  const pass = x.passes[Math.min(passIndex, x.passes.length - 1)];
  if (!pass) return <p className="stepper-note">This update took no optimiser step.</p>;
  const { hiddenStates } = shownStates(x);
  const maxNorm = x.estimator.spec.maxGradNorm;
  return (
    <>
      {x.passes.length > 1 && (
        <div className="stepper-passes" role="group" aria-label="Optimiser steps">
          <span>
            {x.passes.length + x.hiddenPasses} optimiser steps in this update (epochs ×
            minibatches), each on its own minibatch:
          </span>
          {x.passes.map((p, k) => (
            <button
              key={k}
              type="button"
              className={k === passIndex ? 'selected' : undefined}
              onClick={() => setPassIndex(k)}
              title={`epoch ${p.epoch + 1}, episodes ${p.episodes.map((e) => e + 1).join(', ')}`}
            >
              {k + 1}
            </button>
          ))}
        </div>
      )}
      <p className="stepper-note">
        |g| = <strong data-testid="grad-norm">{fmt(pass.gradNorm, 4)}</strong>
        {pass.clipped
          ? ` > max norm ${maxNorm}: g is scaled down to norm ${maxNorm} (last column)`
          : maxNorm > 0
            ? ` ≤ max norm ${maxNorm}: not clipped`
            : ' (no clipping)'}
        {x.passes.length > 1 &&
          ` · step ${passIndex + 1}: epoch ${pass.epoch + 1}, ${pass.episodes.length} episodes`}
      </p>
      {wideLayout(x) ? <ByState x={x} pass={pass} /> : <ByAction x={x} pass={pass} />}
      {hiddenStates > 0 && (
        <p className="stepper-note">
          {hiddenStates} more visited states are not shown; states the batch never visited get g =
          0.
        </p>
      )}
    </>
  );
}

/** A row per action (and state): taken, pi_old, the two pushes, g with its bar, clipped g. */
function ByAction({ x, pass }: { x: UpdateExplanation; pass: ExplainedPass }) {
  const A = x.numActions;
  const { states } = shownStates(x);
  const counts = actionCounts(x, x.passes.length > 1 ? pass.episodes : undefined);
  const scale = maxAbs(pass.gradient, states, A);
  const multiState = x.numStates > 1;
  const parts = x.passes.length === 1 ? gradientParts(x) : null;
  return (
    <div className="stepper-table-wrap">
      <table className="stepper-table" data-testid="gradient-table">
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
            <th
              scope="col"
              title="times the action was taken in this state (in this step's minibatch)"
            >
              taken
            </th>
            <th scope="col">π_old(a|s)</th>
            {parts && (
              <th scope="col" title="sum of w·A over the steps that took this action">
                up: Σ w·A (taken)
              </th>
            )}
            {parts && (
              <th scope="col" title="−π_old(a|s) times the sum of w·A over all steps">
                down: −π·Σ w·A
              </th>
            )}
            <th scope="col" className="new-col" colSpan={2}>
              g = −∂L/∂z{parts ? ' = up + down' : ''}
            </th>
            {pass.clipped && (
              <th scope="col" className="new-col">
                clipped g
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {states.flatMap((s) => [
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
                  <td>{counts[j]}</td>
                  <td data-testid={`pi-old-${s}-${a}`} data-value={x.policyBefore[j]}>
                    {fmt(x.policyBefore[j])}
                  </td>
                  {parts && <td>{fmt(parts.up[j], 4)}</td>}
                  {parts && <td>{fmt(parts.down[j], 4)}</td>}
                  <td
                    className="new-col num-strong"
                    data-testid={`grad-${s}-${a}`}
                    data-value={pass.gradient[j]}
                  >
                    {fmt(pass.gradient[j], 4)}
                  </td>
                  <td className="new-col">
                    <SignedBar value={pass.gradient[j]} scale={scale} />
                  </td>
                  {pass.clipped && <td className="new-col">{fmt(pass.clippedGradient[j], 4)}</td>}
                </tr>
              );
            }),
            <tr key={`sum-${s}`} className="sum-row">
              <th scope="row" colSpan={parts ? 5 : 3}>
                sum over actions
              </th>
              <td className="new-col">{fmt(rowSum(pass.gradient, s, A), 4)}</td>
              <td className="new-col" />
              {pass.clipped && <td className="new-col" />}
            </tr>,
          ])}
        </tbody>
      </table>
    </div>
  );
}

/** A row per visited state, a column per action: g with its bar (and the clipped g below). */
function ByState({ x, pass }: { x: UpdateExplanation; pass: ExplainedPass }) {
  const A = x.numActions;
  const { states } = shownStates(x);
  const counts = actionCounts(x, x.passes.length > 1 ? pass.episodes : undefined);
  const scale = maxAbs(pass.gradient, states, A);
  return (
    <div className="stepper-table-wrap">
      <table className="stepper-table by-state" data-testid="gradient-table">
        <thead>
          <tr>
            <th scope="col" className="left">
              state
            </th>
            {x.actionLabels.map((label, a) => (
              <th scope="col" key={a} className="new-col">
                g[{label}]
              </th>
            ))}
            <th scope="col">sum</th>
          </tr>
        </thead>
        <tbody>
          {states.map((s) => (
            <tr key={s}>
              <th scope="row">{x.stateLabels[s]}</th>
              {x.actionLabels.map((_, a) => {
                const j = s * A + a;
                return (
                  <td
                    key={a}
                    className="new-col"
                    data-testid={`grad-${s}-${a}`}
                    data-value={pass.gradient[j]}
                    title={`π_old = ${fmt(x.policyBefore[j])}, taken ${counts[j]} times`}
                  >
                    <span className="num-strong">{fmt(pass.gradient[j], 4)}</span>{' '}
                    <SignedBar value={pass.gradient[j]} scale={scale} narrow />
                    {pass.clipped && (
                      <span className="varies"> → {fmt(pass.clippedGradient[j], 4)}</span>
                    )}
                  </td>
                );
              })}
              <td className="sum-cell">{fmt(rowSum(pass.gradient, s, A), 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

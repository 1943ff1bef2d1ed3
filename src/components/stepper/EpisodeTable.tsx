import { useState } from 'react';
import type { ExplainedEpisode, UpdateExplanation } from '../../core/train/updateExplanation';
import { SignedBar } from './bars';
import { ActionSummary } from './ActionSummary';
import { StepsTable } from './StepsTable';
import {
  actionsText,
  firstStep,
  fmt,
  fmtWeight,
  rewardsText,
  showsColumn,
  variesWithinEpisode,
  type EpisodeColumns,
  type StepKey,
} from './stepperView';

/** A value of the first step, marked when the episode's steps differ (see the steps table). */
function StepValue({ ep, k }: { ep: ExplainedEpisode; k: StepKey }) {
  const v = firstStep(ep, k);
  return (
    <>
      {k === 'weight' ? fmtWeight(v) : fmt(v)}
      {variesWithinEpisode(ep, k) && (
        <span className="varies" title="Differs from step to step: see the steps below">
          {' '}
          (t=0)
        </span>
      )}
    </>
  );
}

export function EpisodeTable({ x, upTo }: { x: UpdateExplanation; upTo: EpisodeColumns }) {
  const [selected, setSelected] = useState(0);
  const shows = (c: EpisodeColumns) => showsColumn(upTo, c);
  const isNew = (c: EpisodeColumns) => (c === upTo ? 'new-col' : undefined);
  const multiStep = x.episodes.some((e) => e.length > 1);
  const showTask = x.episodes.some((e) => e.task !== 0);
  const showGroup = x.groupSize > 1;
  const showKept = x.episodes.some((e) => !e.kept);
  const advScale = Math.max(
    1e-12,
    ...x.episodes.flatMap((e) => e.steps.map((s) => Math.abs(s.advantage))),
  );
  const current = x.episodes[Math.min(selected, x.episodes.length - 1)];
  const returnLabel = x.estimator.spec.returnTarget === 'episode' ? 'return R' : 'target';
  const table = (
    <div className={multiStep ? 'stepper-table-wrap short' : 'stepper-table-wrap'}>
      <table className="stepper-table" data-testid="episode-table">
        <thead>
          <tr>
            <th scope="col">episode</th>
            {showTask && <th scope="col">task</th>}
            {showGroup && <th scope="col">group</th>}
            <th scope="col" className="left">
              {multiStep ? 'actions' : 'action'}
            </th>
            <th scope="col">{multiStep ? 'rewards' : 'reward'}</th>
            {shows('returns') && (
              <th scope="col" className={isNew('returns')}>
                {returnLabel}
              </th>
            )}
            {shows('baseline') && (
              <th scope="col" className={isNew('baseline')}>
                baseline b
              </th>
            )}
            {shows('advantages') && x.advantagesNormalised && (
              <th scope="col" className={isNew('advantages')}>
                {returnLabel.split(' ')[1] ?? 'target'} − b
              </th>
            )}
            {shows('advantages') && (
              <th scope="col" className={isNew('advantages')} colSpan={2}>
                advantage A
              </th>
            )}
            {shows('advantages') && (
              <th
                scope="col"
                className={isNew('advantages')}
                title="Weight w_t of the step in the loss"
              >
                weight w
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {x.episodes.map((ep, i) => (
            <tr
              key={ep.index}
              className={[
                ep.kept ? '' : 'dropped',
                multiStep && i === selected ? 'selected' : '',
                showGroup && ep.index % x.groupSize === 0 && ep.index > 0 ? 'group-start' : '',
              ].join(' ')}
              onClick={multiStep ? () => setSelected(i) : undefined}
              data-testid={`episode-row-${ep.index}`}
            >
              <th scope="row">
                {ep.index + 1}
                {showKept && !ep.kept && <span className="varies"> dropped</span>}
              </th>
              {showTask && <td>{ep.task + 1}</td>}
              {showGroup && <td>{ep.group + 1}</td>}
              <td
                className="actions"
                data-testid={`actions-${ep.index}`}
                data-value={ep.steps.map((s) => s.action).join(' ')}
              >
                {actionsText(ep, x.actionLabels, 16)}
              </td>
              <td>{rewardsText(ep, 3)}</td>
              {shows('returns') && (
                <td
                  className={isNew('returns')}
                  data-testid={`return-${ep.index}`}
                  data-value={ep.return}
                >
                  {x.estimator.spec.returnTarget === 'episode' ? (
                    fmt(ep.return)
                  ) : (
                    <StepValue ep={ep} k="target" />
                  )}
                </td>
              )}
              {shows('baseline') && (
                <td
                  className={isNew('baseline')}
                  data-testid={`baseline-${ep.index}`}
                  data-value={firstStep(ep, 'baseline')}
                >
                  <StepValue ep={ep} k="baseline" />
                </td>
              )}
              {shows('advantages') && x.advantagesNormalised && (
                <td className={isNew('advantages')}>
                  <StepValue ep={ep} k="unnormalisedAdvantage" />
                </td>
              )}
              {shows('advantages') && (
                <>
                  <td
                    className={`${isNew('advantages')} num-strong`}
                    data-testid={`advantage-${ep.index}`}
                    data-value={firstStep(ep, 'advantage')}
                  >
                    <StepValue ep={ep} k="advantage" />
                  </td>
                  <td className={isNew('advantages')}>
                    <SignedBar value={firstStep(ep, 'advantage')} scale={advScale} narrow />
                  </td>
                  <td
                    className={isNew('advantages')}
                    data-testid={`weight-${ep.index}`}
                    data-value={firstStep(ep, 'weight')}
                  >
                    <StepValue ep={ep} k="weight" />
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      {multiStep ? (
        table
      ) : (
        <div className="stepper-side-by-side">
          {table}
          <ActionSummary x={x} upTo={upTo} />
        </div>
      )}
      {x.hiddenEpisodes > 0 && (
        <p className="stepper-note">
          {x.hiddenEpisodes} more episodes of this batch are not shown ({x.episodes.length} of{' '}
          {x.totalEpisodes}); the update used all of them.
        </p>
      )}
      {multiStep && current && <StepsTable x={x} ep={current} upTo={upTo} />}
    </>
  );
}

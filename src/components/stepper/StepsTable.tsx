import type { ExplainedEpisode, UpdateExplanation } from '../../core/train/updateExplanation';
import { fmt, fmtWeight, showsColumn, type EpisodeColumns } from './stepperView';

/** Every step of one episode (gridworlds): where per-step targets and advantages differ. */
export function StepsTable({
  x,
  ep,
  upTo,
}: {
  x: UpdateExplanation;
  ep: ExplainedEpisode;
  upTo: EpisodeColumns;
}) {
  const shows = (c: EpisodeColumns) => showsColumn(upTo, c);
  const isNew = (c: EpisodeColumns) => (c === upTo ? 'new-col' : undefined);
  return (
    <section className="stepper-steps" aria-label={`Steps of episode ${ep.index + 1}`}>
      <h3>
        Steps of episode {ep.index + 1} ({ep.length} steps
        {ep.success ? ', reached the goal' : ''}
        {ep.truncated ? ', cut by the time limit' : ''}) · click a row above to pick another
      </h3>
      <div className="stepper-table-wrap short">
        <table className="stepper-table">
          <thead>
            <tr>
              <th scope="col">t</th>
              <th scope="col" className="left">
                state
              </th>
              <th scope="col">action</th>
              <th scope="col">π_old(a|s)</th>
              <th scope="col">reward</th>
              {shows('returns') && <th className={isNew('returns')}>target</th>}
              {shows('baseline') && <th className={isNew('baseline')}>baseline</th>}
              {shows('advantages') && x.advantagesNormalised && (
                <th className={isNew('advantages')}>target − b</th>
              )}
              {shows('advantages') && <th className={isNew('advantages')}>A</th>}
              {shows('advantages') && <th className={isNew('advantages')}>w</th>}
            </tr>
          </thead>
          <tbody>
            {ep.steps.map((s, t) => (
              <tr key={t}>
                <th scope="row">{t}</th>
                <td className="left">{x.stateLabels[s.state]}</td>
                <td>{x.actionLabels[s.action]}</td>
                <td>{fmt(s.probability)}</td>
                <td>{fmt(s.reward, 2)}</td>
                {shows('returns') && <td className={isNew('returns')}>{fmt(s.target)}</td>}
                {shows('baseline') && <td className={isNew('baseline')}>{fmt(s.baseline)}</td>}
                {shows('advantages') && x.advantagesNormalised && (
                  <td className={isNew('advantages')}>{fmt(s.unnormalisedAdvantage)}</td>
                )}
                {shows('advantages') && (
                  <td className={`${isNew('advantages')} num-strong`}>{fmt(s.advantage)}</td>
                )}
                {shows('advantages') && (
                  <td className={isNew('advantages')}>{fmtWeight(s.weight)}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ep.hiddenSteps > 0 && (
        <p className="stepper-note">{ep.hiddenSteps} later steps are not shown.</p>
      )}
    </section>
  );
}

import type { MicroscopeResult } from '../../core/microscope/microscope';
import type { CloudSeries } from './GradientCloud';
import { formatNumber as f } from './format';

/** Bias is called significant beyond this many standard errors (per coordinate). */
const Z_BIASED = 3;

/**
 * One row per estimator: bias, variance and MSE of one batch's estimate with their standard
 * errors over the M batches, next to what theory says where a closed form exists
 * (core/microscope/banditTheory.ts).
 */
export function NumbersTable({
  result,
  series,
}: {
  result: MicroscopeResult;
  series: readonly CloudSeries[];
}) {
  return (
    <div className="microscope-card numbers">
      <table data-testid="microscope-numbers">
        <caption>
          Exact: J = {f(result.J)}, |∇J| = {f(Math.hypot(...result.exact))}. Statistics over{' '}
          {result.estimators.find((e) => e.error === undefined)?.stats.batches ?? 0} batches; ± is
          one standard error.
          {result.shape.numStates > 1 || result.shape.maxSteps > 1
            ? ' Theory columns: closed forms exist for one-task bandits only.'
            : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Estimator</th>
            <th scope="col" title="Length of the mean estimate minus the exact gradient">
              |bias|
            </th>
            <th
              scope="col"
              title="max over coordinates of |bias| / standard error; above 3 the bias is real"
            >
              bias / SE
            </th>
            <th scope="col" title="Closed form of E[ĝ] where one is implemented">
              theory E[ĝ]
            </th>
            <th scope="col" title="tr Cov of one batch's estimate">
              variance
            </th>
            <th scope="col" title="Analytic tr Cov where a closed form is implemented">
              theory variance
            </th>
            <th scope="col" title="Mean of |ĝ − ∇J|² over the batches">
              MSE
            </th>
          </tr>
        </thead>
        <tbody>
          {series.map((s) => {
            const look = result.estimators.find((e) => e.id === s.id);
            if (!look) return null;
            const name = (
              <th scope="row">
                <span className="swatch" style={{ background: s.color }} /> {s.label}
              </th>
            );
            if (look.error !== undefined)
              return (
                <tr key={s.id} data-testid={`numbers-${s.id}`}>
                  {name}
                  <td colSpan={6} className="error-text">
                    {look.error}
                  </td>
                </tr>
              );
            const { stats, theory } = look;
            const biased = stats.maxBiasZ > Z_BIASED;
            return (
              <tr key={s.id} data-testid={`numbers-${s.id}`}>
                {name}
                <td data-testid={`bias-${s.id}`}>{f(Math.sqrt(stats.biasSq))}</td>
                <td className={biased ? 'biased' : 'unbiased'}>
                  {f(stats.maxBiasZ)} {biased ? '· biased' : '· ≈ 0'}
                </td>
                <td>
                  {theory.scale === null
                    ? '–'
                    : theory.scale === 1
                      ? '∇J (unbiased)'
                      : `${f(theory.scale)} ∇J`}
                </td>
                <td data-testid={`variance-${s.id}`}>
                  {f(stats.variance)} ± {f(stats.varianceSe)}
                </td>
                <td>{theory.variance === null ? '–' : f(theory.variance)}</td>
                <td data-testid={`mse-${s.id}`}>
                  {f(stats.mse)} ± {f(stats.mseSe)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

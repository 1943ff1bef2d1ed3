import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RunSettings } from '../core/experiment/schema';
import { fitEntropyReward, fittedReturn, type EntropyFitResult } from '../core/metrics/entropyFit';
import { useExperiment } from '../store/experiment';
import { useTraining, type RunSeries } from '../store/training';
import { useRunColors } from './useRunColors';
import { useStaggeredVersion } from './useStaggeredVersion';

/** Scatter points drawn per run: longer runs show every k-th update (the fit uses all). */
const MAX_SCATTER_POINTS = 300;
/** Samples of each fitted curve between H = 0 and the run's largest entropy. */
const CURVE_SAMPLES = 48;

const fmt = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
const num = (v: number) => (Number.isFinite(v) ? fmt.format(v) : '—');

interface ScatterPoint {
  x: number;
  y: number;
  update: number;
  run: string;
}
interface RunFit {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly points: ScatterPoint[];
  readonly curve: { x: number; y: number }[];
  readonly fit: EntropyFitResult;
}

/** Each visible run's (entropy, return) per update, decimated for drawing, and its fit on all. */
function buildFits(
  runs: readonly RunSettings[],
  colors: readonly string[],
  series: Record<string, RunSeries>,
): RunFit[] {
  return runs.flatMap((run, i) => {
    if (run.hidden) return [];
    const s = series[run.id];
    const entropy: number[] = [];
    const reward: number[] = [];
    const update: number[] = [];
    const H = s?.columns.entropy;
    const R = s?.columns.meanReturn;
    if (s && H && R)
      for (let k = 0; k < s.length; k++)
        if (Number.isFinite(H[k]) && Number.isFinite(R[k])) {
          entropy.push(H[k]);
          reward.push(R[k]);
          update.push(s.columns.update[k]);
        }
    const stride = Math.max(1, Math.ceil(entropy.length / MAX_SCATTER_POINTS));
    const points: ScatterPoint[] = [];
    for (let k = 0; k < entropy.length; k += stride)
      points.push({ x: entropy[k], y: reward[k], update: update[k], run: run.label });
    const last = entropy.length - 1;
    if (last > 0 && last % stride !== 0)
      points.push({ x: entropy[last], y: reward[last], update: update[last], run: run.label });
    const fit = fitEntropyReward(entropy, reward);
    const top = Math.max(...entropy);
    const curve = fit.ok
      ? Array.from({ length: CURVE_SAMPLES + 1 }, (_, j) => {
          const h = (top * j) / CURVE_SAMPLES;
          return { x: h, y: fittedReturn(fit, h) };
        })
      : [];
    return [{ id: run.id, label: run.label, color: colors[i], points, curve, fit }];
  });
}

/** The hovered update: its run, update number, entropy and return. */
function PointTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
}) {
  const p = payload?.[0]?.payload as ScatterPoint | undefined;
  if (!active || !p || p.update === undefined) return null;
  return (
    <div style={{ background: '#fff', border: '1px solid #ccc', padding: '4px 8px', fontSize: 13 }}>
      <strong>{p.run}</strong>
      <br />
      update {p.update}: H = {num(p.x)} nats, return {num(p.y)}
    </div>
  );
}

/**
 * Return against entropy, one point per update and one colour per run, with each run's fit of
 * R = −a·exp(H) + b (Cui et al. 2025) drawn from H = 0, where it meets the ceiling −a + b.
 * Training moves each run from right (uniform policy, high entropy) to left.
 */
export const RewardEntropyChart = memo(function RewardEntropyChart() {
  const version = useStaggeredVersion();
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  const fits = useMemo(
    () => buildFits(runs, colors, useTraining.getState().series),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version stands for the buffers
    [runs, colors, version],
  );
  const totalPoints = fits.reduce((n, f) => n + f.points.length, 0);
  return (
    <figure className="chart" data-testid="chart-rewardEntropy" data-points={totalPoints}>
      <figcaption>
        <strong>Return vs entropy</strong>{' '}
        <span className="chart-help">
          Each dot is one update; dashed: each run&apos;s fit R = −a·e<sup>H</sup> + b (Cui et al.
          2025), drawn to H = 0 where it reaches its ceiling −a + b.
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 'auto']}
            allowDuplicatedCategory={false}
            tickFormatter={(v: number) => fmt.format(v)}
            label={{ value: 'entropy H (nats)', position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={['auto', 'auto']}
            width={56}
            tickFormatter={(v: number) => fmt.format(v)}
            label={{
              value: 'return',
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip content={PointTooltip} />
          <Legend
            verticalAlign="top"
            itemSorter={null}
            wrapperStyle={{ fontSize: 13, paddingBottom: 4 }}
          />
          {fits.map((f) => (
            <Scatter
              key={f.id}
              name={f.label}
              data={f.points}
              fill={f.color}
              fillOpacity={0.55}
              isAnimationActive={false}
            />
          ))}
          {/* The fitted curves: scatters joined by a dashed line, with no dots of their own (a
              scatter chart's tooltip follows the hovered dot, which a line chart cannot). */}
          {fits.map((f) =>
            f.curve.length ? (
              <Scatter
                key={`${f.id}-fit`}
                name={`${f.label} (fit)`}
                data={f.curve}
                line={{ stroke: f.color, strokeWidth: 2, strokeDasharray: '6 4' }}
                shape={NO_DOT}
                legendType="none"
                isAnimationActive={false}
              />
            ) : null,
          )}
        </ScatterChart>
      </ResponsiveContainer>
      <FitTable fits={fits} />
    </figure>
  );
});

const NO_DOT = () => <g />;

/** Numbers stay on one line, so the run names take the wrapping. */
const NUMBER = { whiteSpace: 'nowrap' } as const;

function FitTable({ fits }: { fits: readonly RunFit[] }) {
  return (
    <table
      className="run-table"
      style={{ fontSize: '0.9rem' }}
      aria-label="Fitted entropy-return law per run"
    >
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col" title="Return lost per unit of exp(H)">
            a
          </th>
          <th scope="col">b</th>
          <th scope="col" title="Fitted return at H = 0: −a + b">
            ceiling
          </th>
          <th scope="col" title="Share of the return's variance the fit explains">
            R²
          </th>
          <th scope="col" title="Updates fitted">
            n
          </th>
        </tr>
      </thead>
      <tbody>
        {fits.map((f) => (
          <tr key={f.id} data-testid={`fit-${f.id}`}>
            <th scope="row" style={{ color: f.color }}>
              {f.label}
            </th>
            {f.fit.ok ? (
              <>
                <td style={NUMBER}>{num(f.fit.a)}</td>
                <td style={NUMBER}>{num(f.fit.b)}</td>
                <td style={NUMBER} data-testid={`fit-ceiling-${f.id}`}>
                  {num(f.fit.ceiling)}
                </td>
                <td style={NUMBER}>{num(f.fit.r2)}</td>
                <td style={NUMBER}>{f.fit.n}</td>
              </>
            ) : (
              <td colSpan={5} className="chart-help">
                not fitted: {f.fit.reason}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SweepAxis, SweepRow, SweepValue } from '../../core/microscope/sweep';
import type { CloudSeries } from './GradientCloud';
import { formatNumber } from './format';

const METRICS: { key: keyof SweepValue; title: string; yLabel: string; help: string }[] = [
  {
    key: 'biasSq',
    title: 'Bias²',
    yLabel: '|E[ĝ] − ∇J|²',
    help: 'Dashed: the noise floor V/M that an unbiased estimator’s bias² scatters around.',
  },
  {
    key: 'variance',
    title: 'Variance',
    yLabel: 'tr Cov(ĝ)',
    help: 'Independent pulls or episodes: slope −1.',
  },
  { key: 'mse', title: 'Mean squared error', yLabel: 'E|ĝ − ∇J|²', help: 'Bias² + variance.' },
];

/** Powers of ten covering [lo, hi], for log-axis ticks. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

/** Bias², variance and MSE against batch or group size on log-log axes, one line per estimator. */
export function SweepCharts({
  rows,
  axis,
  series,
  unit = 'pulls',
}: {
  rows: readonly SweepRow[];
  axis: SweepAxis;
  series: readonly CloudSeries[];
  /** What a batch is made of: bandit pulls or whole episodes. */
  unit?: 'pulls' | 'episodes';
}) {
  const xLabel = axis === 'batch' ? `batch size N (${unit})` : 'group size G';
  const xs = rows.map((r) => r.x);
  return (
    <div className="sweep-charts" data-testid="sweep-charts">
      {METRICS.map((m) => {
        const data = rows.map((r) => {
          const point: Record<string, number | null> = { x: r.x };
          for (const s of series) {
            const v = r.values[s.id];
            point[s.id] = v && v[m.key] > 0 ? v[m.key] : null;
            point[`${s.id}~floor`] = v && v.biasSqFloor > 0 ? v.biasSqFloor : null;
          }
          return point;
        });
        const ys = data.flatMap((p) =>
          Object.entries(p)
            .filter(
              ([k, v]) => k !== 'x' && v !== null && (m.key === 'biasSq' || !k.endsWith('~floor')),
            )
            .map(([, v]) => v as number),
        );
        const lo = ys.length ? Math.min(...ys) : 1e-4;
        const hi = ys.length ? Math.max(...ys) : 1;
        const yTicks = decades(lo, hi);
        return (
          <figure className="chart" key={m.key} data-testid={`sweep-${m.key}`}>
            <figcaption>
              <strong>{m.title}</strong> <span className="chart-help">{m.help}</span>
            </figcaption>
            <ResponsiveContainer width="100%" height={280}>
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
                <XAxis
                  dataKey="x"
                  type="number"
                  scale="log"
                  domain={[Math.min(...xs), Math.max(...xs)]}
                  ticks={xs}
                  label={{ value: xLabel, position: 'insideBottom', offset: -14 }}
                />
                <YAxis
                  type="number"
                  scale="log"
                  domain={[yTicks[0], yTicks[yTicks.length - 1]]}
                  ticks={yTicks}
                  allowDataOverflow
                  tickFormatter={(v: number) => v.toExponential(0)}
                  width={60}
                  label={{
                    value: m.yLabel,
                    angle: -90,
                    position: 'insideLeft',
                    style: { textAnchor: 'middle' },
                  }}
                />
                <Tooltip
                  contentStyle={{ fontSize: 13, padding: '4px 8px' }}
                  itemStyle={{ padding: 0 }}
                  formatter={(v) => (typeof v === 'number' ? formatNumber(v) : String(v))}
                  labelFormatter={(x) => `${xLabel} = ${x}`}
                />
                <Legend verticalAlign="top" wrapperStyle={{ fontSize: 13, paddingBottom: 4 }} />
                {series.map((s) => (
                  <Line
                    key={s.id}
                    dataKey={s.id}
                    name={s.label}
                    stroke={s.color}
                    strokeWidth={2}
                    dot={{ r: 3 }}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                ))}
                {m.key === 'biasSq' &&
                  series.map((s) => (
                    <Line
                      key={`${s.id}~floor`}
                      dataKey={`${s.id}~floor`}
                      name={`${s.label} noise floor V/M`}
                      stroke={s.color}
                      strokeDasharray="4 4"
                      strokeWidth={1}
                      dot={false}
                      legendType="none"
                      isAnimationActive={false}
                    />
                  ))}
              </LineChart>
            </ResponsiveContainer>
          </figure>
        );
      })}
    </div>
  );
}

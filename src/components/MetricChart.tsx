import { memo, useDeferredValue, useMemo } from 'react';
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
import { minMaxDecimate } from '../core/metrics/decimate';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { runColor } from './colors';

interface Props {
  readonly metric: string;
  readonly title: string;
  readonly yLabel: string;
  readonly description: string;
  readonly yDomain?: [number | 'auto', number | 'auto'];
}

const tickFormat = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
/** Axis numbers with 3 significant digits, so small ranges (1.385 .. 1.39) stay distinct. */
function formatTick(v: number): string {
  return Math.abs(v) >= 1000 ? v.toFixed(0) : tickFormat.format(v);
}

/** Buckets per chart: about one per two pixel columns of a typical chart width. */
const BUCKETS = 150;

/**
 * One metric over updates, one line per run. Reads full-resolution buffers and draws a min/max
 * decimated view; re-renders only when a new frame arrives (the store's version).
 */
export const MetricChart = memo(function MetricChart({
  metric,
  title,
  yLabel,
  description,
  yDomain,
}: Props) {
  // The chart redraws with a deferred version: React renders it in the background in small
  // time slices, so several charts redrawing never block the main thread in one long task.
  const version = useDeferredValue(useTraining((s) => s.version));
  const runs = useExperiment((s) => s.experiment.runs);

  const lines = useMemo(() => {
    // Read the buffers only when `version` changes (throttled), not on every frame.
    const series = useTraining.getState().series;
    return runs.map((run, i) => {
      if (run.hidden)
        return { id: run.id, label: run.label, color: run.color ?? runColor(i), points: [] };
      const s = series[run.id];
      const points: { update: number; value: number }[] = [];
      if (s && s.columns[metric]) {
        const values = s.columns[metric];
        const kept = minMaxDecimate(values, s.length, BUCKETS);
        for (const k of kept) points.push({ update: s.columns.update[k], value: values[k] });
      }
      return { id: run.id, label: run.label, color: run.color ?? runColor(i), points };
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version stands for the buffers
  }, [runs, metric, version]);

  return (
    <ChartBody
      metric={metric}
      title={title}
      yLabel={yLabel}
      description={description}
      yDomain={yDomain}
      lines={lines}
    />
  );
});

interface ChartLine {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly points: { update: number; value: number }[];
}

/** The drawing itself; memoised so it re-renders only when its lines change. */
const ChartBody = memo(function ChartBody({
  metric,
  title,
  yLabel,
  description,
  yDomain,
  lines,
}: Props & { lines: ChartLine[] }) {
  const totalPoints = lines.reduce((n, l) => n + l.points.length, 0);

  return (
    <figure className="chart" data-testid={`chart-${metric}`} data-points={totalPoints}>
      <figcaption>
        <strong>{title}</strong> <span className="chart-help">{description}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
          <XAxis
            dataKey="update"
            type="number"
            domain={[0, 'dataMax']}
            allowDuplicatedCategory={false}
            label={{ value: 'update', position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            domain={yDomain ?? ['auto', 'auto']}
            width={56}
            tickFormatter={formatTick}
            label={{
              value: yLabel,
              angle: -90,
              position: 'insideLeft',
              offset: 0,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))}
            labelFormatter={(u) => `update ${u}`}
          />
          <Legend verticalAlign="top" height={28} />
          {lines.map((l) => (
            <Line
              key={l.id}
              data={l.points}
              dataKey="value"
              name={l.label}
              stroke={l.color}
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

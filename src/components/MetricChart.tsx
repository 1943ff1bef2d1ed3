import { memo, useMemo, useRef, useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { RunSettings } from '../core/experiment/schema';
import { minMaxDecimate } from '../core/metrics/decimate';
import { seedBand } from '../core/metrics/seedBands';
import { useExperiment } from '../store/experiment';
import { useTraining, type RunSeries } from '../store/training';
import { exportPng, exportSvg } from './chartExport';
import { useStaggeredVersion } from './useStaggeredVersion';
import { runColor } from './colors';

interface Props {
  readonly metric: string;
  readonly title: string;
  readonly yLabel: string;
  readonly description: string;
  readonly yDomain?: [number | 'auto', number | 'auto'];
  /**
   * Log y axis, for quantities that span orders of magnitude (a gradient variance falls 64x from
   * 4 to 256 episodes); values <= 0 have no place on it and are left out.
   */
  readonly logY?: boolean;
}

/** Buckets per chart: about one per three pixel columns of a typical chart width. */
const BUCKETS = 100;

const tickFormat = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
const compactTickFormat = new Intl.NumberFormat('en', {
  notation: 'compact',
  maximumSignificantDigits: 3,
});
/**
 * Axis numbers with 3 significant digits, so small ranges (1.385 .. 1.39) stay distinct; from
 * 10,000 on compact (755K, 2.99M), so environment-step ticks do not run into each other.
 */
function formatTick(v: number): string {
  if (Math.abs(v) >= 10_000) return compactTickFormat.format(v);
  return Math.abs(v) >= 1000 ? v.toFixed(0) : tickFormat.format(v);
}

/** Log-axis ticks: powers of ten as 1e-6, readable where decimals would run long. */
function formatLogTick(v: number): string {
  return v > 0 && (v < 1e-2 || v >= 1e4) ? v.toExponential(0) : formatTick(v);
}

/**
 * What a log axis can draw: values <= 0 become gaps (null: recharts breaks the line there, so a
 * stretch of zero gradient variance shows as missing, not as a straight segment across it), and
 * bands are cut at the value where they reach 0.
 */
function positiveOnly(lines: ChartLine[]): ChartLine[] {
  return lines.map((l) => ({
    ...l,
    points: l.points.map((p): ChartPoint => {
      if (p.value === null || !(p.value > 0)) return { x: p.x, value: null };
      return p.band && p.band[0] <= 0 ? { ...p, band: [p.value, p.band[1]] } : p;
    }),
  }));
}

/** Powers of ten spanning every value drawn (null without positive values: recharts decides). */
function logTicks(lines: ChartLine[]): number[] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines)
    for (const p of l.points)
      for (const v of [p.value, ...(p.band ?? [])])
        if (v !== null && v > 0 && Number.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
  if (!(lo <= hi)) return null;
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++)
    ticks.push(Number(`1e${k}`));
  return ticks;
}

interface ChartPoint {
  x: number;
  /** null: a gap (a value the axis cannot draw). */
  value: number | null;
  band?: [number, number];
}
interface ChartLine {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly points: ChartPoint[];
  readonly banded: boolean;
}

/**
 * Runs of one configuration (everything but seed, label, colour): drawn as one mean line. A run's
 * own episodes per update is part of its configuration (4 and 256 environments are not seeds).
 */
export function configurationKey(run: RunSettings, episodesPerUpdate: number): string {
  return JSON.stringify([run.preset, run.overrides, run.episodesPerUpdate ?? episodesPerUpdate]);
}

function buildLines(
  runs: readonly RunSettings[],
  episodesPerUpdate: number,
  series: Record<string, RunSeries>,
  metric: string,
  xAxis: 'updates' | 'envSteps',
  band: 'minmax' | 'iqr' | 'none',
): ChartLine[] {
  const xColumn = xAxis === 'updates' ? 'update' : 'envSteps';
  const visible = runs
    .map((r, i) => ({ run: r, color: r.color ?? runColor(i) }))
    .filter((r) => !r.run.hidden);
  const groups = new Map<string, typeof visible>();
  for (const v of visible) {
    const key = band === 'none' ? v.run.id : configurationKey(v.run, episodesPerUpdate);
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const lines: ChartLine[] = [];
  for (const [key, members] of groups) {
    const withData = members.filter((m) => series[m.run.id]?.columns[metric]);
    if (members.length === 1 || withData.length < 2) {
      for (const m of members) {
        const s = series[m.run.id];
        const points: ChartPoint[] = [];
        if (s?.columns[metric]) {
          const values = s.columns[metric];
          for (const k of minMaxDecimate(values, s.length, BUCKETS))
            points.push({ x: s.columns[xColumn][k], value: values[k] });
        }
        lines.push({ key: m.run.id, label: m.run.label, color: m.color, points, banded: false });
      }
      continue;
    }
    // Mean over seeds with a min-max or inter-quartile band, per update index. The mean is
    // computed everywhere (cheap), the band only at the indices the decimated mean keeps.
    const columns = withData.map((m) =>
      series[m.run.id].columns[metric].subarray(0, series[m.run.id].length),
    );
    const n = Math.max(...columns.map((c) => c.length));
    const mean = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let sum = 0;
      let count = 0;
      for (const c of columns)
        if (k < c.length && Number.isFinite(c[k])) {
          sum += c[k];
          count++;
        }
      mean[k] = count ? sum / count : NaN;
    }
    const kept = minMaxDecimate(mean, n, BUCKETS);
    const b = seedBand(
      columns.map((c) => Float64Array.from(kept, (k) => (k < c.length ? c[k] : NaN))),
      band === 'iqr' ? 'iqr' : 'min-max',
    );
    const longest = withData.reduce((a, m) =>
      series[m.run.id].length > series[a.run.id].length ? m : a,
    );
    const xs = series[longest.run.id].columns[xColumn];
    const points: ChartPoint[] = Array.from(kept, (k, j) => ({
      x: xs[k],
      value: mean[k],
      band: [b.lower[j], b.upper[j]] as [number, number],
    }));
    const seeds = withData.map((m) => m.run.seed).join(', ');
    lines.push({
      key,
      label: `${members[0].run.label} · seeds ${seeds}`,
      color: members[0].color,
      points,
      banded: true,
    });
  }
  return lines;
}

/**
 * One metric over updates (or environment steps), one line per run; runs that differ only in
 * seed draw as their mean with a band. Reads full-resolution buffers and draws a min/max
 * decimated view; redraws only when new metrics arrived (the store's throttled version).
 */
export const MetricChart = memo(function MetricChart(props: Props) {
  // Each chart redraws in its own task, so many charts never block the main thread together.
  const version = useStaggeredVersion();
  const runs = useExperiment((s) => s.experiment.runs);
  const xAxis = useExperiment((s) => s.experiment.charts.xAxis);
  const band = useExperiment((s) => s.experiment.charts.band);
  const episodes = useExperiment((s) => s.experiment.episodesPerUpdate);
  const lines = useMemo(
    () => buildLines(runs, episodes, useTraining.getState().series, props.metric, xAxis, band),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version stands for the buffers
    [runs, episodes, props.metric, xAxis, band, version],
  );
  return (
    <ChartBody
      {...props}
      lines={lines}
      xLabel={xAxis === 'updates' ? 'update' : 'environment steps'}
    />
  );
});

/** The drawing itself; memoised so it re-renders only when its lines change. */
const ChartBody = memo(function ChartBody({
  metric,
  title,
  yLabel,
  description,
  yDomain,
  logY,
  lines: allLines,
  xLabel,
}: Props & { lines: ChartLine[]; xLabel: string }) {
  const lines = useMemo(() => (logY ? positiveOnly(allLines) : allLines), [logY, allLines]);
  const legendOrder = useMemo(() => new Map(lines.map((l, i) => [l.label, i])), [lines]);
  const ticks = useMemo(() => (logY ? logTicks(lines) : null), [logY, lines]);
  const [muted, setMuted] = useState<ReadonlySet<string>>(new Set());
  const figure = useRef<HTMLElement>(null);
  const totalPoints = lines.reduce((n, l) => n + l.points.length, 0);
  // The largest x drawn: changes on every redraw with new data (tests watch it).
  const lastX = lines.reduce(
    (m, l) => Math.max(m, l.points.length ? l.points[l.points.length - 1].x : 0),
    0,
  );
  const svg = () => figure.current?.querySelector('svg.recharts-surface') as SVGSVGElement | null;
  return (
    <figure
      className="chart"
      data-testid={`chart-${metric}`}
      data-points={totalPoints}
      data-last-x={lastX}
      ref={figure}
    >
      <figcaption>
        <strong>{title}</strong> <span className="chart-help">{description}</span>
        <span className="chart-actions">
          <button
            type="button"
            className="link"
            onClick={() => svg() && exportPng(svg() as SVGSVGElement, metric)}
          >
            PNG
          </button>
          <button
            type="button"
            className="link"
            onClick={() => svg() && exportSvg(svg() as SVGSVGElement, metric)}
          >
            SVG
          </button>
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 'dataMax']}
            allowDuplicatedCategory={false}
            tickFormatter={formatTick}
            label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            domain={ticks ? [ticks[0], ticks[ticks.length - 1]] : (yDomain ?? ['auto', 'auto'])}
            ticks={ticks ?? undefined}
            scale={logY ? 'log' : 'auto'}
            width={56}
            tickFormatter={logY ? formatLogTick : formatTick}
            label={{
              value: logY ? `${yLabel} (log)` : yLabel,
              angle: -90,
              position: 'insideLeft',
              offset: 0,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            formatter={(v) =>
              Array.isArray(v)
                ? `${formatTick(Number(v[0]))} – ${formatTick(Number(v[1]))}`
                : typeof v === 'number'
                  ? v.toPrecision(5)
                  : v === null || v === undefined
                    ? '–'
                    : String(v)
            }
            labelFormatter={(x) => `${xLabel} ${x}`}
          />
          <Legend
            verticalAlign="top"
            wrapperStyle={{ fontSize: 13, paddingBottom: 4 }}
            // Run order, as in the runs panel and the run table (recharts sorts by name: "PPO, 256
            // envs" before "PPO, 4 envs").
            itemSorter={(item) => legendOrder.get(String(item.value)) ?? lines.length}
            onClick={(entry) => {
              const key = String((entry as { dataKey?: unknown; value?: unknown }).value ?? '');
              setMuted((m) => {
                const next = new Set(m);
                if (next.has(key)) next.delete(key);
                else next.add(key);
                return next;
              });
            }}
            formatter={(value: string) => (
              <span style={{ opacity: muted.has(value) ? 0.4 : 1, cursor: 'pointer' }}>
                {value}
              </span>
            )}
          />
          {lines.map((l) =>
            l.banded ? (
              <Area
                key={`${l.key}-band`}
                data={l.points}
                dataKey="band"
                stroke="none"
                fill={l.color}
                fillOpacity={0.18}
                isAnimationActive={false}
                legendType="none"
                hide={muted.has(l.label)}
                name={`${l.label} band`}
              />
            ) : null,
          )}
          {lines.map((l) => (
            <Line
              key={l.key}
              data={l.points}
              dataKey="value"
              name={l.label}
              stroke={l.color}
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
              hide={muted.has(l.label)}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
});

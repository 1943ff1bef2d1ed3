import { memo, useMemo, useRef } from 'react';
import type { RunSettings } from '../core/experiment/schema';
import { minMaxDecimate } from '../core/metrics/decimate';
import { seedBand } from '../core/metrics/seedBands';
import { useExperiment } from '../store/experiment';
import { useTraining, type RunSeries } from '../store/training';
import { exportPng, exportSvg } from './chartExport';
import { useStaggeredVersion } from './useStaggeredVersion';
import { drawnGroups } from '../core/experiment/seeds';
import { useRunColors } from './useRunColors';
import { SeriesPlot } from './SeriesPlot';

interface Props {
  readonly metric: string;
  readonly title: string;
  readonly yLabel: string;
  readonly description: string;
  readonly yDomain?: [number | 'auto', number | 'auto'];
  /**
   * Log y axis, for quantities that span orders of magnitude (a gradient variance falls 64x from
   * 4 to 256 episodes); values <= 0 have no place on it and are drawn as gaps.
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

interface ChartPoint {
  x: number;
  value: number;
  band?: [number, number];
}
interface ChartLine {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly points: ChartPoint[];
  readonly banded: boolean;
}

function buildLines(
  runs: readonly RunSettings[],
  colors: readonly string[],
  episodesPerUpdate: number,
  series: Record<string, RunSeries>,
  metric: string,
  xAxis: 'updates' | 'envSteps',
  band: 'minmax' | 'iqr' | 'none',
): ChartLine[] {
  const xColumn = xAxis === 'updates' ? 'update' : 'envSteps';
  const visible = runs.map((r, i) => ({ run: r, color: colors[i] })).filter((r) => !r.run.hidden);
  const lines: ChartLine[] = [];
  for (const { key, runIndices } of drawnGroups(
    visible.map((v) => v.run),
    episodesPerUpdate,
    band,
  )) {
    const members = runIndices.map((i) => visible[i]);
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
  const { version, observe } = useStaggeredVersion();
  const runs = useExperiment((s) => s.experiment.runs);
  const xAxis = useExperiment((s) => s.experiment.charts.xAxis);
  const band = useExperiment((s) => s.experiment.charts.band);
  const episodes = useExperiment((s) => s.experiment.episodesPerUpdate);
  const colors = useRunColors();
  const lines = useMemo(
    () =>
      buildLines(runs, colors, episodes, useTraining.getState().series, props.metric, xAxis, band),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version stands for the buffers
    [runs, colors, episodes, props.metric, xAxis, band, version],
  );
  return (
    <div className="chart-box" ref={observe}>
      <ChartBody
        {...props}
        lines={lines}
        xLabel={xAxis === 'updates' ? 'update' : 'environment steps'}
      />
    </div>
  );
});

/** The figure around the drawing; memoised so it re-renders only when its lines change. */
const ChartBody = memo(function ChartBody({
  metric,
  title,
  yLabel,
  description,
  yDomain,
  logY,
  lines,
  xLabel,
}: Props & { lines: ChartLine[]; xLabel: string }) {
  const svg = useRef<SVGSVGElement>(null);
  const totalPoints = lines.reduce((n, l) => n + l.points.length, 0);
  // The largest x drawn: changes on every redraw with new data (tests watch it).
  const lastX = lines.reduce(
    (m, l) => Math.max(m, l.points.length ? l.points[l.points.length - 1].x : 0),
    0,
  );
  return (
    <figure
      className="chart"
      data-testid={`chart-${metric}`}
      data-points={totalPoints}
      data-last-x={lastX}
    >
      <figcaption>
        <strong>{title}</strong> <span className="chart-help">{description}</span>
        <span className="chart-actions">
          <button
            type="button"
            className="link"
            onClick={() => svg.current && exportPng(svg.current, metric)}
          >
            PNG
          </button>
          <button
            type="button"
            className="link"
            onClick={() => svg.current && exportSvg(svg.current, metric)}
          >
            SVG
          </button>
        </span>
      </figcaption>
      <SeriesPlot
        lines={lines}
        xLabel={xLabel}
        yLabel={logY ? `${yLabel} (log)` : yLabel}
        yDomain={yDomain}
        logY={logY}
        format={formatTick}
        formatY={logY ? formatLogTick : formatTick}
        svgRef={svg}
      />
    </figure>
  );
});

import { memo, useEffect, useMemo, useRef, useState } from 'react';
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
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { runColor } from './colors';
import { useStaggeredVersion } from './useStaggeredVersion';

const fmt = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

/**
 * Advantage distributions (metrics.md): the latest update's histogram per run over fixed bins
 * (chosen from the first update, so histograms compare across updates and runs), and one run's
 * histograms over time as a heatmap (x update, y advantage, colour = share of the update's steps).
 */
export const AdvantageCharts = memo(function AdvantageCharts() {
  const { version, observe } = useStaggeredVersion();
  const edges = useTraining((s) => s.histogramEdges);
  const runs = useExperiment((s) => s.experiment.runs);
  const [heatRun, setHeatRun] = useState<string>('');
  const heatId = runs.some((r) => r.id === heatRun) ? heatRun : (runs[0]?.id ?? '');
  const latest = useMemo(() => {
    void version;
    if (!edges) return [];
    const B = edges.length - 1;
    const series = useTraining.getState().series;
    const rows = Array.from(
      { length: B },
      (_, k) => ({ center: (edges[k] + edges[k + 1]) / 2 }) as Record<string, number>,
    );
    runs.forEach((run) => {
      const s = series[run.id];
      if (!s || !s.length || run.hidden) return;
      const H = B + 2;
      const h = s.histograms.subarray((s.length - 1) * H, s.length * H);
      let total = 0;
      for (let k = 0; k < H; k++) total += h[k];
      for (let k = 0; k < B; k++) rows[k][run.id] = total ? h[k] / total : 0;
    });
    return rows;
  }, [edges, runs, version]);

  if (!edges)
    return (
      <figure className="chart" data-testid="chart-advantages" ref={observe}>
        <figcaption>
          <strong>Advantage distribution</strong>{' '}
          <span className="chart-help">appears after the first update.</span>
        </figcaption>
      </figure>
    );
  return (
    <>
      <figure className="chart" data-testid="chart-advantages" ref={observe}>
        <figcaption>
          <strong>Advantage distribution</strong>{' '}
          <span className="chart-help">
            Share of the latest update&apos;s steps in each advantage bin (bins fixed at the first
            update).
          </span>
        </figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={latest} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
            <XAxis
              dataKey="center"
              type="number"
              domain={[edges[0], edges[edges.length - 1]]}
              tickFormatter={(v: number) => fmt.format(v)}
              label={{ value: 'advantage', position: 'insideBottom', offset: -12 }}
            />
            <YAxis
              width={56}
              tickFormatter={(v: number) => fmt.format(v)}
              label={{
                value: 'share of steps',
                angle: -90,
                position: 'insideLeft',
                style: { textAnchor: 'middle' },
              }}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))}
              labelFormatter={(x) => `A ≈ ${fmt.format(Number(x))}`}
            />
            <Legend verticalAlign="top" height={28} />
            {runs.map((r, i) =>
              r.hidden ? null : (
                <Line
                  key={r.id}
                  dataKey={r.id}
                  name={r.label}
                  type="stepAfter"
                  stroke={r.color ?? runColor(i)}
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
              ),
            )}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" data-testid="chart-advantage-heatmap">
        <figcaption>
          <strong>Advantages over time</strong>{' '}
          <label className="inline chart-help">
            run{' '}
            <select value={heatId} onChange={(e) => setHeatRun(e.target.value)}>
              {runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
        </figcaption>
        <Heatmap runId={heatId} edges={edges} version={version} />
      </figure>
    </>
  );
});

/** Viridis-like ramp (dark blue -> green -> yellow), readable in greyscale. */
function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((c) => Math.round(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]))) as [
    number,
    number,
    number,
  ];
}

function Heatmap({
  runId,
  edges,
  version,
}: {
  runId: string;
  edges: Float64Array;
  version: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Read with the same `version` the effect draws for.
  const updates = version >= 0 ? (useTraining.getState().series[runId]?.length ?? 0) : 0;
  useEffect(() => {
    const s = useTraining.getState().series[runId];
    const c = canvas.current;
    if (!c || !s || !s.length) return;
    const B = edges.length - 1;
    const H = B + 2;
    const cols = Math.min(s.length, 400);
    const cellH = 5;
    c.width = cols;
    c.height = B * cellH;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(cols, B * cellH);
    for (let x = 0; x < cols; x++) {
      // Updates folded into this column, their histograms summed.
      const from = Math.floor((x * s.length) / cols);
      const to = Math.max(from + 1, Math.floor(((x + 1) * s.length) / cols));
      const sum = new Float64Array(B);
      let total = 0;
      for (let u = from; u < to; u++)
        for (let k = 0; k < H; k++) {
          const v = s.histograms[u * H + k];
          total += v;
          if (k < B) sum[k] += v;
        }
      for (let k = 0; k < B; k++) {
        const [r, g, b] = ramp(total ? Math.sqrt(sum[k] / total) : 0);
        for (let y = 0; y < cellH; y++) {
          const row = (B - 1 - k) * cellH + y; // high advantages at the top
          const o = (row * cols + x) * 4;
          img.data[o] = r;
          img.data[o + 1] = g;
          img.data[o + 2] = b;
          img.data[o + 3] = 255;
        }
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [runId, edges, version]);
  return (
    <div className="heatmap">
      <div className="heatmap-y">
        <span>{fmt.format(edges[edges.length - 1])}</span>
        <span>A = 0</span>
        <span>{fmt.format(edges[0])}</span>
      </div>
      <div className="heatmap-plot">
        <canvas
          ref={canvas}
          aria-label="Advantage histogram of each update: x update, y advantage, colour share of steps"
        />
        <div className="heatmap-x">
          <span>update 1</span>
          <span>update {updates}</span>
        </div>
        <p className="chart-help">
          Colour: share of the update&apos;s steps (square-root scale, dark = none, yellow = all).
        </p>
      </div>
    </div>
  );
}

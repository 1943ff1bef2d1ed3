import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { drawnGroups } from '../core/experiment/seeds';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { useRunColors } from './useRunColors';
import { SeriesPlot, type PlotLine } from './SeriesPlot';
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
  const colors = useRunColors();
  const band = useExperiment((s) => s.experiment.charts.band);
  const episodesPerUpdate = useExperiment((s) => s.experiment.episodesPerUpdate);
  const [heatRun, setHeatRun] = useState<string>('');
  const heatId = runs.some((r) => r.id === heatRun) ? heatRun : (runs[0]?.id ?? '');
  // One line per visible run through its bins' shares (a frequency polygon over the bin centres);
  // with the seed band on, the seeds of a configuration pool their latest histograms into one
  // line, as the other charts draw them as one (a class's 40 runs are 8 lines).
  const latest = useMemo((): PlotLine[] => {
    void version;
    if (!edges) return [];
    const B = edges.length - 1;
    const H = B + 2;
    const series = useTraining.getState().series;
    const shown = runs
      .map((run, i) => ({ run, color: colors[i] }))
      .filter(({ run }) => !run.hidden && series[run.id]?.length);
    return drawnGroups(
      shown.map((m) => m.run),
      episodesPerUpdate,
      band,
    ).map(({ runIndices }) => {
      const members = runIndices.map((i) => shown[i]);
      const pooled = new Float64Array(H);
      for (const { run } of members) {
        const s = series[run.id];
        const h = s.histograms.subarray((s.length - 1) * H, s.length * H);
        for (let k = 0; k < H; k++) pooled[k] += h[k];
      }
      let total = 0;
      for (let k = 0; k < H; k++) total += pooled[k];
      const points = Array.from({ length: B }, (_, k) => ({
        x: (edges[k] + edges[k + 1]) / 2,
        value: total ? pooled[k] / total : 0,
      }));
      const first = members[0];
      const label =
        members.length > 1
          ? `${first.run.label} · ${members.length} seeds pooled`
          : first.run.label;
      return { key: first.run.id, label, color: first.color, points, banded: false };
    });
  }, [edges, runs, colors, band, episodesPerUpdate, version]);
  const svg = useRef<SVGSVGElement>(null);

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
        <SeriesPlot
          lines={latest}
          xLabel="advantage"
          yLabel="share of steps"
          format={(v) => fmt.format(v)}
          formatX={(x) => `A ≈ ${fmt.format(x)}`}
          xDomain={[edges[0], edges[edges.length - 1]]}
          yDomain={[0, 'auto']}
          svgRef={svg}
        />
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
const RAMP_STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
const RAMP_LEVELS = 256;

/**
 * The ramp sampled at 256 levels, [r, g, b] per level: the heatmap looks a colour up per cell
 * (thousands per redraw) instead of interpolating and allocating arrays for each.
 */
const RAMP_TABLE: Uint8ClampedArray = (() => {
  const table = new Uint8ClampedArray(RAMP_LEVELS * 3);
  for (let level = 0; level < RAMP_LEVELS; level++) {
    const x = (level / (RAMP_LEVELS - 1)) * (RAMP_STOPS.length - 1);
    const i = Math.min(RAMP_STOPS.length - 2, Math.floor(x));
    const f = x - i;
    for (let c = 0; c < 3; c++)
      table[level * 3 + c] = Math.round(
        RAMP_STOPS[i][c] + f * (RAMP_STOPS[i + 1][c] - RAMP_STOPS[i][c]),
      );
  }
  return table;
})();

/** Offset of the colour of t in [0, 1] (clamped) in RAMP_TABLE. */
function rampOffset(t: number): number {
  return Math.round(Math.max(0, Math.min(1, t)) * (RAMP_LEVELS - 1)) * 3;
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
        const colour = rampOffset(total ? Math.sqrt(sum[k] / total) : 0);
        const r = RAMP_TABLE[colour];
        const g = RAMP_TABLE[colour + 1];
        const b = RAMP_TABLE[colour + 2];
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

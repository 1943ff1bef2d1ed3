import { memo, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { distinctTickLabels, nearestIndex, niceTicks, valueExtent } from './chartScale';

/**
 * The metric charts' drawing: one SVG <path> per line (and per seed band), axes with round ticks,
 * a legend of toggle buttons and a hover readout. Drawn directly rather than through recharts:
 * with 16 runs recharts' per-series store updates and per-line path measuring cost hundreds of
 * milliseconds of main-thread time per redraw (profiled in Chromium, see issue 5's notes), while
 * building these paths costs well under a millisecond for the ~200 decimated points per line.
 */
export interface PlotPoint {
  readonly x: number;
  readonly value: number;
  readonly band?: readonly [number, number];
}
export interface PlotLine {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly points: readonly PlotPoint[];
  readonly banded: boolean;
}

interface Props {
  readonly lines: readonly PlotLine[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly yDomain?: readonly [number | 'auto', number | 'auto'];
  readonly format: (v: number) => string;
  /** Tick labels of the y axis (default `format`). */
  readonly formatY?: (v: number) => string;
  /** Log y axis with power-of-ten ticks; values <= 0 are gaps. */
  readonly logY?: boolean;
  readonly svgRef: RefObject<SVGSVGElement | null>;
  readonly height?: number;
  /** The x axis starts at 0 (updates, steps) unless given here (e.g. a histogram's bin range). */
  readonly xDomain?: readonly [number, number];
  /** How the readout names an x value (default: the axis label and the number). */
  readonly formatX?: (x: number) => string;
}

const MARGIN = { top: 8, right: 16, bottom: 40, left: 64 };

/** "M x y L x y ..." through the finite points; a NaN ends a segment (a gap, not a zero). */
function linePath(
  points: readonly PlotPoint[],
  sx: (x: number) => number,
  sy: (y: number) => number,
) {
  let d = '';
  let pen = false;
  for (const p of points) {
    const y = sy(p.value);
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)} ${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Closed area between band[0] and band[1], one polygon per run of finite bands. */
function bandPath(
  points: readonly PlotPoint[],
  sx: (x: number) => number,
  sy: (y: number) => number,
) {
  let d = '';
  let run: PlotPoint[] = [];
  const flush = () => {
    if (run.length) {
      d += run
        .map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)} ${sy(p.band![1]).toFixed(1)}`)
        .join('');
      for (let i = run.length - 1; i >= 0; i--)
        d += `L${sx(run[i].x).toFixed(1)} ${sy(run[i].band![0]).toFixed(1)}`;
      d += 'Z';
    }
    run = [];
  };
  for (const p of points) {
    if (p.band && Number.isFinite(p.band[0]) && Number.isFinite(p.band[1])) run.push(p);
    else flush();
  }
  flush();
  return d;
}

/** For a log axis: bands cut at the line where they reach 0, and none where the line is <= 0. */
function positiveBands(points: readonly PlotPoint[]): PlotPoint[] {
  return points.map((p) =>
    !p.band
      ? p
      : !(p.value > 0)
        ? { x: p.x, value: p.value }
        : p.band[0] <= 0
          ? { ...p, band: [p.value, p.band[1]] as const }
          : p,
  );
}

/** Width of the element, kept up to date with a ResizeObserver. */
function useWidth(element: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) =>
      setWidth(Math.floor(entries[entries.length - 1].contentRect.width)),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

export const SeriesPlot = memo(function SeriesPlot({
  lines,
  xLabel,
  yLabel,
  yDomain,
  format,
  svgRef,
  height = 260,
  xDomain,
  formatX,
  formatY = format,
  logY = false,
}: Props) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const [muted, setMuted] = useState<ReadonlySet<string>>(new Set());
  const [hoverX, setHoverX] = useState<number | null>(null);
  const shown = useMemo(() => lines.filter((l) => !muted.has(l.key)), [lines, muted]);

  const plot = useMemo(() => {
    const innerW = Math.max(10, width - MARGIN.left - MARGIN.right);
    const innerH = height - MARGIN.top - MARGIN.bottom;
    let maxX = 0;
    const values: number[] = [];
    for (const l of shown)
      for (const p of l.points) {
        if (p.x > maxX) maxX = p.x;
        values.push(p.value);
        if (p.band) values.push(p.band[0], p.band[1]);
      }
    // On a log axis everything is drawn in log10 units, between whole powers of ten.
    const toAxis = logY ? (y: number) => (y > 0 ? Math.log10(y) : NaN) : (y: number) => y;
    let [y0, y1] = valueExtent(values.map(toAxis), logY ? undefined : yDomain);
    if (logY) [y0, y1] = [Math.floor(y0 + 0.05 * (y1 - y0)), Math.ceil(y1 - 0.05 * (y1 - y0))];
    if (y0 === y1) y1 = y0 + 1;
    const [x0, x1] = xDomain ?? [0, maxX || 1];
    const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * innerW;
    const sy = (y: number) => MARGIN.top + innerH - ((toAxis(y) - y0) / (y1 - y0)) * innerH;
    return {
      innerW,
      innerH,
      x0,
      x1,
      sx,
      sy,
      xTicks: niceTicks(x0, x1, Math.max(2, Math.floor(innerW / 90))),
      yTicks: logY
        ? Array.from({ length: y1 - y0 + 1 }, (_, k) => Number(`1e${y0 + k}`))
        : niceTicks(y0, y1, 5),
      paths: shown.map((l) => ({
        line: l,
        d: linePath(l.points, sx, sy),
        band: l.banded ? bandPath(logY ? positiveBands(l.points) : l.points, sx, sy) : '',
      })),
    };
  }, [shown, width, height, yDomain, xDomain, logY]);

  const readout = useMemo(() => {
    if (hoverX === null) return null;
    return shown
      .map((l) => {
        const k = nearestIndex(
          l.points.map((p) => p.x),
          hoverX,
        );
        return k < 0 ? null : { line: l, point: l.points[k] };
      })
      .filter((r): r is { line: PlotLine; point: PlotPoint } => r !== null);
  }, [hoverX, shown]);

  const toggle = (key: string) =>
    setMuted((m) => {
      const next = new Set(m);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const { sx, sy, innerH, innerW } = plot;
  return (
    <div className="series-plot" ref={box}>
      <div className="series-legend" role="group" aria-label="Lines (click to hide or show)">
        {lines.map((l) => (
          <button
            type="button"
            key={l.key}
            className="legend-item"
            aria-pressed={!muted.has(l.key)}
            style={{ opacity: muted.has(l.key) ? 0.4 : 1 }}
            onClick={() => toggle(l.key)}
            title={muted.has(l.key) ? 'Show this line' : 'Hide this line'}
          >
            <span className="legend-swatch" style={{ background: l.color }} />
            {l.label}
          </button>
        ))}
      </div>
      {width > 0 && (
        <svg
          ref={svgRef}
          width={width}
          height={height}
          role="img"
          aria-label={`${yLabel} against ${xLabel}`}
          onMouseMove={(e) => {
            const rect = e.currentTarget.getBoundingClientRect();
            const px = e.clientX - rect.left - MARGIN.left;
            setHoverX(px < 0 || px > innerW ? null : plot.x0 + (px / innerW) * (plot.x1 - plot.x0));
          }}
          onMouseLeave={() => setHoverX(null)}
        >
          <g className="grid" stroke="#ddd" strokeDasharray="3 3">
            {plot.yTicks.map((t) => (
              <line
                key={`y${t}`}
                x1={MARGIN.left}
                x2={MARGIN.left + innerW}
                y1={sy(t)}
                y2={sy(t)}
              />
            ))}
            {plot.xTicks.map((t) => (
              <line key={`x${t}`} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + innerH} />
            ))}
          </g>
          <g className="axis" fontSize={12} fill="#555">
            <line
              x1={MARGIN.left}
              x2={MARGIN.left + innerW}
              y1={MARGIN.top + innerH}
              y2={MARGIN.top + innerH}
              stroke="#888"
            />
            <line
              x1={MARGIN.left}
              x2={MARGIN.left}
              y1={MARGIN.top}
              y2={MARGIN.top + innerH}
              stroke="#888"
            />
            {distinctTickLabels(plot.xTicks, format).map((label, i) => (
              <text
                key={plot.xTicks[i]}
                x={sx(plot.xTicks[i])}
                y={MARGIN.top + innerH + 16}
                textAnchor="middle"
              >
                {label}
              </text>
            ))}
            {distinctTickLabels(plot.yTicks, formatY).map((label, i) => (
              <text
                key={plot.yTicks[i]}
                x={MARGIN.left - 6}
                y={sy(plot.yTicks[i]) + 4}
                textAnchor="end"
              >
                {label}
              </text>
            ))}
            <text x={MARGIN.left + innerW / 2} y={height - 4} textAnchor="middle" fill="#333">
              {xLabel}
            </text>
            <text
              transform={`translate(14 ${MARGIN.top + innerH / 2}) rotate(-90)`}
              textAnchor="middle"
              fill="#333"
            >
              {yLabel}
            </text>
          </g>
          {plot.paths.map(({ line, band }) =>
            band ? (
              <path
                key={`${line.key}-band`}
                d={band}
                fill={line.color}
                fillOpacity={0.18}
                stroke="none"
              />
            ) : null,
          )}
          {plot.paths.map(({ line, d }) => (
            <path
              key={line.key}
              className="series-line"
              d={d}
              fill="none"
              stroke={line.color}
              strokeWidth={2}
              strokeLinejoin="round"
            >
              <title>{line.label}</title>
            </path>
          ))}
          {hoverX !== null && (
            <line
              x1={sx(hoverX)}
              x2={sx(hoverX)}
              y1={MARGIN.top}
              y2={MARGIN.top + innerH}
              stroke="#999"
            />
          )}
        </svg>
      )}
      {readout && readout.length > 0 && hoverX !== null && (
        <div
          className="series-readout"
          role="status"
          style={{ left: Math.min(sx(hoverX) + 12, Math.max(0, width - 260)) }}
        >
          <div className="readout-x">
            {formatX ? formatX(readout[0].point.x) : `${xLabel} ${format(readout[0].point.x)}`}
          </div>
          {readout.map(({ line, point }) => (
            <div key={line.key}>
              <span className="legend-swatch" style={{ background: line.color }} />
              {line.label}:{' '}
              <strong>{Number.isFinite(point.value) ? point.value.toPrecision(5) : '—'}</strong>
              {point.band && ` (${format(point.band[0])} – ${format(point.band[1])})`}
            </div>
          ))}
        </div>
      )}
    </div>
  );
});

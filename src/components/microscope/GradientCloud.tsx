import type { MicroscopeResult } from '../../core/microscope/microscope';
import { project, projectionBasis } from '../../core/microscope/projection';

export interface CloudSeries {
  readonly id: string;
  readonly label: string;
  readonly color: string;
}

interface Props {
  readonly result: MicroscopeResult;
  readonly series: readonly CloudSeries[];
  /** 'cloud': fit the points; 'means': fit the arrows only (bias made visible, points clipped). */
  readonly zoom: 'cloud' | 'means';
}

const SIZE = 420;
const PAD = 36;
/** At most this many points per estimator are drawn (the statistics use all of them). */
const MAX_POINTS = 800;

const tick = new Intl.NumberFormat('en', { maximumSignificantDigits: 2 });

/**
 * Each estimator's M gradient estimates as semi-transparent points in a plane through 0 (see
 * core/microscope/projection.ts for the axes), its mean as a coloured arrow, and the exact
 * gradient grad J as a black arrow. An unbiased estimator's arrow ends on the black one's tip.
 */
export function GradientCloud({ result, series, zoom }: Props) {
  const K = result.exact.length;
  const M = result.estimators.find((e) => e.error === undefined)?.stats.batches ?? 0;
  const looks = series.flatMap((s) => {
    const look = result.estimators.find((e) => e.id === s.id);
    return look && look.error === undefined ? [{ ...s, look }] : [];
  });
  const basis = projectionBasis(
    result.exact,
    looks.map((l) => l.look.estimates),
    M,
  );
  const drawn = looks.map((l) => ({
    ...l,
    points: project(l.look.estimates.subarray(0, Math.min(M, MAX_POINTS) * K), basis),
    mean: project(l.look.stats.mean, basis),
  }));
  const exact = project(result.exact, basis);
  // Half-width of the view: the 98th percentile of |coordinate| over all points, so one far
  // outlier does not shrink the cloud to a dot, and never less than the arrows need.
  const extent = (() => {
    const all: number[] = [];
    for (const d of drawn) for (const v of d.points) all.push(Math.abs(v));
    all.sort((a, b) => a - b);
    const q = zoom === 'means' || !all.length ? 0 : all[Math.floor(0.98 * (all.length - 1))];
    const arrows = [exact, ...drawn.map((d) => d.mean)].flatMap((p) => [
      Math.abs(p[0]),
      Math.abs(p[1]),
    ]);
    return Math.max(q, ...arrows, 1e-6) * 1.1;
  })();
  const scale = (SIZE / 2 - PAD) / extent;
  const sx = (x: number) => SIZE / 2 + x * scale;
  const sy = (y: number) => SIZE / 2 - y * scale;
  const ticks = [-extent / 1.1, -extent / 2.2, extent / 2.2, extent / 1.1];
  const arrowTo = (p: Float64Array) => ({ x1: sx(0), y1: sy(0), x2: sx(p[0]), y2: sy(p[1]) });
  const caption =
    basis.kind === 'simplex'
      ? 'Axes: the plane Σ x = 0 of logit gradients (u₁ = (0, −1, 1)/√2, u₂ = (2, −1, −1)/√6), oriented like the simplex: towards arm a raises arm a’s logit.'
      : basis.kind === 'line'
        ? 'Two arms: logit gradients lie on a line (x: raise arm 2 against arm 1).'
        : `The policy has ${K} logits${result.shape.numStates > 1 ? ` (${result.shape.numStates} states × ${result.shape.numActions} actions)` : ''}, so the estimates are projected onto two directions: x = the direction of the exact gradient ∇J (its arrow lies on the x axis, and bias along ∇J reads directly); y = the direction in which the estimates spread most once their x part is removed (first principal component of the residuals). Spread in the other ${Math.max(K - 2, 0)} directions is not drawn but counts in the variance.`;
  return (
    <figure className="microscope-card cloud" data-testid="gradient-cloud">
      <figcaption>
        <strong>Gradient estimates, one point per batch</strong>
        <span className="chart-help"> {caption}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        width={SIZE}
        height={SIZE}
        role="img"
        aria-label="Cloud of gradient estimates with the exact gradient and each estimator's mean"
      >
        <defs>
          {[{ id: 'exact', color: '#111' }, ...drawn].map((d) => (
            <marker
              key={d.id}
              id={`cloud-arrow-${markerId(d.id)}`}
              viewBox="0 0 10 10"
              refX="8"
              refY="5"
              markerWidth="5"
              markerHeight="5"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" fill={d.color} />
            </marker>
          ))}
          <clipPath id="cloud-clip">
            <rect x={PAD} y={PAD} width={SIZE - 2 * PAD} height={SIZE - 2 * PAD} />
          </clipPath>
        </defs>
        <rect
          x={PAD}
          y={PAD}
          width={SIZE - 2 * PAD}
          height={SIZE - 2 * PAD}
          fill="#fff"
          stroke="#ddd"
        />
        <line x1={PAD} x2={SIZE - PAD} y1={sy(0)} y2={sy(0)} stroke="#bbb" />
        <line y1={PAD} y2={SIZE - PAD} x1={sx(0)} x2={sx(0)} stroke="#bbb" />
        {ticks.map((t) => (
          <g key={t} fontSize={11} fill="#555">
            <text x={sx(t)} y={SIZE - PAD + 14} textAnchor="middle">
              {tick.format(t)}
            </text>
            <text x={PAD - 4} y={sy(t) + 4} textAnchor="end">
              {tick.format(t)}
            </text>
          </g>
        ))}
        <text x={SIZE / 2} y={SIZE - 4} textAnchor="middle" fontSize={12} fill="#333">
          {basis.kind === 'gradient-and-pc' ? 'x: along ∇J' : 'x: u₁'}
        </text>
        <text x={8} y={PAD - 10} fontSize={12} fill="#333">
          {basis.kind === 'gradient-and-pc'
            ? 'y: first principal component'
            : basis.kind === 'simplex'
              ? 'y: u₂'
              : ''}
        </text>
        {basis.kind === 'simplex' &&
          ARM_DIRECTIONS.map(([dx, dy], a) => (
            <text
              key={a}
              x={SIZE / 2 + dx * (SIZE / 2 - PAD - 14)}
              y={SIZE / 2 - dy * (SIZE / 2 - PAD - 14) + 4}
              textAnchor="middle"
              fontSize={12}
              fill="#777"
            >
              arm {a + 1}
            </text>
          ))}
        {drawn.map((d) => (
          <g
            key={d.id}
            fill={d.color}
            fillOpacity={0.22}
            clipPath="url(#cloud-clip)"
            data-testid={`cloud-${d.id}`}
          >
            {Array.from({ length: d.points.length / 2 }, (_, i) => (
              <circle key={i} cx={sx(d.points[2 * i])} cy={sy(d.points[2 * i + 1])} r={2.5} />
            ))}
          </g>
        ))}
        <line {...arrowTo(exact)} stroke="#111" strokeWidth={4} markerEnd="url(#cloud-arrow-exact)">
          <title>exact gradient ∇J</title>
        </line>
        {drawn.map((d) => (
          <g key={d.id}>
            <line {...arrowTo(d.mean)} stroke="#fff" strokeWidth={4.5} />
            <line
              {...arrowTo(d.mean)}
              stroke={d.color}
              strokeWidth={2.5}
              markerEnd={`url(#cloud-arrow-${markerId(d.id)})`}
            >
              <title>{`${d.label}: mean of ${M} estimates`}</title>
            </line>
          </g>
        ))}
      </svg>
      <div className="cloud-legend">
        <span>
          <span className="swatch" style={{ background: '#111' }} /> exact ∇J
        </span>
        {drawn.map((d) => (
          <span key={d.id}>
            <span className="swatch" style={{ background: d.color }} /> {d.label} (mean →)
          </span>
        ))}
        {M > MAX_POINTS && (
          <span className="chart-help">
            showing {MAX_POINTS} of {M} points each
          </span>
        )}
      </div>
    </figure>
  );
}

/** Unit directions of the arms in the simplex basis (arm 1 up, 2 bottom left, 3 bottom right). */
const ARM_DIRECTIONS: [number, number][] = [
  [0, 1],
  [-Math.sqrt(3) / 2, -0.5],
  [Math.sqrt(3) / 2, -0.5],
];

const markerId = (id: string) => id.replace(/[^a-z0-9-]/gi, '_');

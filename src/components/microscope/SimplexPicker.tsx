import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { fromPlane, policyVelocity, toPlane } from './simplexGeometry';

interface Props {
  /** pi of the 3 arms. */
  readonly pi: readonly number[];
  readonly means: readonly number[];
  /** Exact grad J w.r.t. the logits at pi (for the ascent arrow), or null while unknown. */
  readonly exact: ArrayLike<number> | null;
  readonly onChange: (pi: number[]) => void;
}

const SIZE = 320;
/** Plane units to pixels: the triangle's circumradius sqrt(2/3) spans 120 px. */
const SCALE = 120 / Math.sqrt(2 / 3);
const CX = SIZE / 2;
const CY = SIZE / 2 + 30;
const px = ([x, y]: [number, number]): [number, number] => [CX + SCALE * x, CY - SCALE * y];
const STEP = 0.02;

const VERTICES = [0, 1, 2].map((a) => px(toPlane([0, 1, 2].map((b) => (a === b ? 1 : 0)))));

/**
 * The 3-armed policy as a point on the probability simplex: drag it, or focus it and use the
 * arrow keys (Shift for bigger steps, Home for the uniform policy). The black arrow is where
 * exact gradient ascent on the logits would move the policy, (diag pi - pi pi^T) grad J.
 */
export function SimplexPicker({ pi, means, exact, onChange }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const dragging = useRef(false);
  const [x, y] = px(toPlane(pi as number[]));
  const best = Math.max(...means);

  const moveTo = (e: PointerEvent<SVGSVGElement>) => {
    const ctm = svg.current?.getScreenCTM();
    if (!ctm) return;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    onChange(fromPlane((pt.x - CX) / SCALE, (CY - pt.y) / SCALE));
  };
  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 5 * STEP : STEP;
    const [px0, py0] = toPlane(pi as number[]);
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    if (e.key === 'Home') onChange([1 / 3, 1 / 3, 1 / 3]);
    else if (moves[e.key]) onChange(fromPlane(px0 + moves[e.key][0], py0 + moves[e.key][1]));
    else return;
    e.preventDefault();
  };

  let arrow: [number, number] | null = null;
  if (exact) {
    const v = policyVelocity(pi as number[], exact);
    const [vx, vy] = toPlane(v.map((d) => d + 1 / 3));
    const n = Math.hypot(vx, vy);
    if (n > 1e-9) arrow = [(45 * vx) / n, (-45 * vy) / n];
  }
  const label = `policy π = (${pi.map((p) => p.toFixed(2)).join(', ')})`;
  return (
    <figure className="microscope-card simplex" data-testid="microscope-simplex">
      <figcaption>
        <strong>Frozen policy</strong>
        <span className="chart-help">
          {' '}
          Drag the point, or focus it and use the arrow keys. Arrow: exact ascent direction.
        </span>
      </figcaption>
      <svg
        ref={svg}
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        width={SIZE}
        height={SIZE}
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => dragging.current && moveTo(e)}
        onPointerUp={() => (dragging.current = false)}
        style={{ touchAction: 'none', cursor: 'crosshair' }}
      >
        <defs>
          <marker
            id="simplex-arrow"
            viewBox="0 0 10 10"
            refX="8"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#111" />
          </marker>
        </defs>
        <polygon
          points={VERTICES.map((v) => v.join(',')).join(' ')}
          fill="#f3f6fa"
          stroke="#555"
          strokeWidth={1.5}
        />
        {VERTICES.map(([vx, vy], a) => (
          <text
            key={a}
            x={vx + (a === 0 ? 0 : a === 1 ? -6 : 6)}
            y={vy + (a === 0 ? -12 : 22)}
            textAnchor={a === 0 ? 'middle' : a === 1 ? 'start' : 'end'}
            fontSize={14}
            fontWeight={means[a] === best ? 700 : 400}
          >
            arm {a + 1} (μ {means[a]}){means[a] === best ? ' ★' : ''}
          </text>
        ))}
        {arrow && (
          <line
            x1={x}
            y1={y}
            x2={x + arrow[0]}
            y2={y + arrow[1]}
            stroke="#111"
            strokeWidth={2.5}
            markerEnd="url(#simplex-arrow)"
          />
        )}
        <circle
          cx={x}
          cy={y}
          r={9}
          fill="#0072B2"
          stroke="#fff"
          strokeWidth={2}
          tabIndex={0}
          role="slider"
          aria-label="Policy point on the simplex"
          aria-valuemin={0}
          aria-valuemax={1}
          aria-valuenow={Number(pi[0].toFixed(3))}
          aria-valuetext={label}
          data-testid="policy-point"
          className="policy-point"
          onKeyDown={onKey}
        >
          <title>{label}</title>
        </circle>
      </svg>
      <div className="policy-readout" data-testid="policy-readout">
        {pi.map((p, a) => (
          <span key={a}>
            π(arm {a + 1}) = {p.toFixed(3)}
          </span>
        ))}
      </div>
    </figure>
  );
}

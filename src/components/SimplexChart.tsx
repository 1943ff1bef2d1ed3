import { memo, useMemo, useState, type MouseEvent } from 'react';
import { banditArmMeans } from '../core/envs/registry';
import type { EnvSettings, RunSettings } from '../core/experiment/schema';
import { envConfigOf } from '../core/experiment/trainConfig';
import { useExperiment } from '../store/experiment';
import { useTraining, type RunSeries } from '../store/training';
import { useRunColors } from './useRunColors';
import { barycentric, simplexPoint, simplexTriangle, type Point } from './simplexGeometry';
import { useStaggeredVersion } from './useStaggeredVersion';

/** Path points drawn per run; longer runs draw every k-th update (plus the latest). */
const MAX_PATH_POINTS = 1500;
const SIDE = 400;
const MARGIN = { left: 60, right: 60, top: 56, bottom: 56 };
const WIDTH = SIDE + MARGIN.left + MARGIN.right;
const HEIGHT = (SIDE * Math.sqrt(3)) / 2 + MARGIN.top + MARGIN.bottom;
const TRIANGLE = simplexTriangle(SIDE, MARGIN.left, MARGIN.top);
const GRID_LEVELS = [0.25, 0.5, 0.75];

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');

/** The three arms' expected rewards, or why this env has no 3-action simplex to draw. */
function simplexArms(env: EnvSettings): { means: number[] } | { problem: string } {
  const need =
    'The simplex view draws a policy over three actions: it needs a single-task 3-armed bandit';
  if (env.family !== 'bandit') return { problem: `${need} (this experiment: ${env.family}).` };
  let means: number[][] | null;
  try {
    means = banditArmMeans(envConfigOf(env));
  } catch (e) {
    return { problem: `${need} (${(e as Error).message}).` };
  }
  if (!means || means.length !== 1)
    return { problem: `${need} (this bandit has ${means?.length ?? 0} tasks).` };
  if (means[0].length !== 3)
    return { problem: `${need} (this bandit has ${means[0].length} arms).` };
  return { means: means[0] };
}

interface RunPath {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly start: Point | null;
  readonly points: Point[];
  /** The latest policy and the update it followed (0 = before training). */
  readonly current: { pi: [number, number, number]; update: number } | null;
}

function buildPaths(
  runs: readonly RunSettings[],
  colors: readonly string[],
  series: Record<string, RunSeries>,
): RunPath[] {
  return runs.flatMap((run, i) => {
    if (run.hidden) return [];
    const s = series[run.id];
    const color = colors[i];
    const base = { id: run.id, label: run.label, color };
    if (!s || s.policyWidth !== 3) return [{ ...base, start: null, points: [], current: null }];
    const start = s.policyStart ? simplexPoint(s.policyStart, TRIANGLE) : null;
    const points: Point[] = start ? [start] : [];
    const stride = Math.max(1, Math.ceil(s.length / MAX_PATH_POINTS));
    let current: RunPath['current'] =
      start && s.policyStart
        ? { pi: [s.policyStart[0], s.policyStart[1], s.policyStart[2]], update: 0 }
        : null;
    for (let k = 0; k < s.length; k++) {
      if (k % stride !== 0 && k !== s.length - 1) continue;
      const p = simplexPoint(s.policyTrace, TRIANGLE, 3 * k);
      if (!p) continue;
      points.push(p);
      const t = s.policyTrace;
      current = { pi: [t[3 * k], t[3 * k + 1], t[3 * k + 2]], update: s.columns.update[k] };
    }
    return [{ ...base, start, points, current }];
  });
}

/** The segment where π_i = level: from (level, rest on the next action) to (level, rest on the other). */
function gridLine(i: number, level: number): [Point, Point] {
  const a = [0, 0, 0];
  const b = [0, 0, 0];
  a[i] = level;
  b[i] = level;
  a[(i + 1) % 3] = 1 - level;
  b[(i + 2) % 3] = 1 - level;
  return [simplexPoint(a, TRIANGLE)!, simplexPoint(b, TRIANGLE)!];
}

const pathData = (points: readonly Point[]) =>
  points.map(([x, y], k) => `${k ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');

/**
 * Each run's policy π = (π1, π2, π3) over training as a path on the probability simplex (an
 * equilateral triangle whose vertices are the pure policies): one point per update, a ring at
 * the start, a dot at the latest policy. Vanilla steps crawl near the edges, where the softmax
 * gradient is scaled by π(1 − π); natural and mirror-descent steps cut across.
 */
export const SimplexChart = memo(function SimplexChart() {
  const version = useStaggeredVersion();
  const runs = useExperiment((s) => s.experiment.runs);
  const colors = useRunColors();
  const env = useExperiment((s) => s.experiment.env);
  const arms = useMemo(() => simplexArms(env), [env]);
  const paths = useMemo(
    () => buildPaths(runs, colors, useTraining.getState().series),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version stands for the buffers
    [runs, colors, version],
  );
  const [pointer, setPointer] = useState<[number, number, number] | null>(null);

  if ('problem' in arms)
    return (
      <figure className="chart" data-testid="chart-simplex">
        <figcaption>
          <strong>Policy on the simplex</strong>{' '}
          <span className="chart-help" data-testid="simplex-unavailable">
            {arms.problem}
          </span>
        </figcaption>
      </figure>
    );

  const best = Math.max(...arms.means);
  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const ctm = e.currentTarget.getScreenCTM();
    if (!ctm) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    const q = barycentric([p.x, p.y], TRIANGLE);
    setPointer(q.every((v) => v >= 0) ? q : null);
  };
  const [v1, v2, v3] = TRIANGLE;
  // Two lines per corner (name, expected reward), centred on the vertex, so they fit the margins.
  const armLabel = (a: number, x: number, y: number) => (
    <text x={x} y={y} textAnchor="middle" data-testid={`simplex-arm-${a + 1}`}>
      <tspan fontWeight={arms.means[a] === best ? 700 : 400}>
        arm {a + 1}
        {arms.means[a] === best ? ' ★' : ''}
      </tspan>
      <tspan x={x} dy="1.2em">
        E[r] = {arms.means[a].toPrecision(3)}
      </tspan>
    </text>
  );
  return (
    <figure className="chart" data-testid="chart-simplex">
      <figcaption>
        <strong>Policy on the simplex</strong>{' '}
        <span className="chart-help">
          Each corner is the policy that always pulls that arm; the centre is uniform. One point per
          update: ○ start, ● now.
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH, display: 'block', margin: '0 auto' }}
        role="img"
        aria-label="Each run's policy over the three arms as a path on the probability simplex"
        onMouseMove={onMove}
        onMouseLeave={() => setPointer(null)}
      >
        <polygon
          points={TRIANGLE.map(([x, y]) => `${x},${y}`).join(' ')}
          fill="#fafafa"
          stroke="#555"
          strokeWidth={1.5}
        />
        {[0, 1, 2].flatMap((i) =>
          GRID_LEVELS.map((level) => {
            const [a, b] = gridLine(i, level);
            return (
              <line
                key={`${i}-${level}`}
                x1={a[0]}
                y1={a[1]}
                x2={b[0]}
                y2={b[1]}
                stroke="#ddd"
                strokeDasharray="3 3"
              />
            );
          }),
        )}
        <g fontSize={17} fill="#222">
          {armLabel(0, v1[0], v1[1] + 22)}
          {armLabel(1, v2[0], v2[1] + 22)}
          {armLabel(2, v3[0], v3[1] - 32)}
        </g>
        {paths.map((p) =>
          p.points.length > 1 ? (
            <path
              key={p.id}
              data-testid={`simplex-path-${p.id}`}
              d={pathData(p.points)}
              fill="none"
              stroke={p.color}
              strokeWidth={2}
              strokeLinejoin="round"
              strokeOpacity={0.85}
            />
          ) : null,
        )}
        {/* Markers after every path, so no run's path hides another run's dot. */}
        {paths.map((p) => (
          <g key={p.id}>
            {p.start && (
              <circle
                cx={p.start[0]}
                cy={p.start[1]}
                r={7}
                fill="#fff"
                stroke={p.color}
                strokeWidth={2}
              >
                <title>{`${p.label}: start`}</title>
              </circle>
            )}
            {p.points.length > 0 && p.current && (
              <circle
                cx={p.points[p.points.length - 1][0]}
                cy={p.points[p.points.length - 1][1]}
                r={7}
                fill={p.color}
                stroke="#fff"
                strokeWidth={1.5}
              >
                <title>
                  {`${p.label}, update ${p.current.update}: π = (${p.current.pi.map(fmt).join(', ')})`}
                </title>
              </circle>
            )}
          </g>
        ))}
        {pointer && (
          // Two short lines in the empty top-left corner, clear of the arm 3 label.
          <text x={8} y={20} fontSize={15} fill="#333" data-testid="simplex-pointer">
            <tspan>under the pointer:</tspan>
            <tspan x={8} dy="1.2em">
              π = ({pointer.map(fmt).join(', ')})
            </tspan>
          </text>
        )}
      </svg>
      <table className="run-table" aria-label="Latest policy of each run">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">update</th>
            <th scope="col" title="Probability of pulling arm 1">
              π(1)
            </th>
            <th scope="col" title="Probability of pulling arm 2">
              π(2)
            </th>
            <th scope="col" title="Probability of pulling arm 3">
              π(3)
            </th>
            <th scope="col" title="Σ π(a)·E[r | a]: the policy's expected reward">
              E[r]
            </th>
          </tr>
        </thead>
        <tbody>
          {paths.map((p) => (
            <tr key={p.id} data-testid={`simplex-row-${p.id}`}>
              <th scope="row" style={{ color: p.color }}>
                {p.label}
              </th>
              <td>{p.current ? p.current.update : '—'}</td>
              {[0, 1, 2].map((a) => (
                <td key={a}>{p.current ? fmt(p.current.pi[a]) : '—'}</td>
              ))}
              <td>
                {p.current
                  ? p.current.pi.reduce((sum, pi, a) => sum + pi * arms.means[a], 0).toPrecision(3)
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
});

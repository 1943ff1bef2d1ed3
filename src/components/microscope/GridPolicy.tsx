import type { GridMap } from '../../core/envs/gridworld';

const ARROWS: Record<string, string> = { L: '←', D: '↓', R: '→', U: '↑' };
/** Cells the agent never decides in: shown by their letter. */
const FIXED: Record<string, string> = { H: 'hole', G: 'goal', W: 'wall', C: 'cliff' };
const CELL = 44;

/**
 * The frozen gridworld policy at a glance: in every cell the agent can stand on, an arrow for
 * each action, as long as its probability (uniform: four equal arrows). Holes, goals, walls and
 * cliffs show their letter.
 */
export function GridPolicy({ map, pi }: { map: GridMap; pi: Float64Array }) {
  const rows = map.rows.length;
  const cols = map.rows[0].length;
  const half = CELL / 2;
  return (
    <figure className="microscope-card" data-testid="grid-policy">
      <figcaption>
        <strong>Frozen policy</strong>{' '}
        <span className="chart-help">
          ({rows * cols} states × 4 actions; arrow length = π(a | s))
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${cols * CELL} ${rows * CELL}`}
        width={Math.min(cols * CELL, 420)}
        role="img"
        aria-label="Frozen policy on the gridworld"
      >
        {map.rows.flatMap((row, r) =>
          Array.from(row, (ch, c) => {
            const s = r * cols + c;
            const x = c * CELL;
            const y = r * CELL;
            const fixed = FIXED[ch];
            return (
              <g key={s}>
                <rect
                  x={x}
                  y={y}
                  width={CELL}
                  height={CELL}
                  fill={
                    fixed ? (ch === 'G' ? '#d8f0d0' : '#e4e4e4') : ch === 'S' ? '#e6efff' : '#fff'
                  }
                  stroke="#ccc"
                />
                {fixed ? (
                  <text x={x + half} y={y + half + 5} textAnchor="middle" fontSize={15} fill="#555">
                    {ch}
                  </text>
                ) : (
                  Array.from(map.actions, (letter, a) => {
                    const p = pi[s * 4 + a];
                    const [dx, dy] = { L: [-1, 0], D: [0, 1], R: [1, 0], U: [0, -1] }[letter] ?? [
                      0, 0,
                    ];
                    const len = (half - 4) * p;
                    return (
                      <line
                        key={a}
                        x1={x + half}
                        y1={y + half}
                        x2={x + half + dx * len}
                        y2={y + half + dy * len}
                        stroke="#234"
                        strokeWidth={3}
                        strokeLinecap="round"
                      >
                        <title>{`${ARROWS[letter]} ${p.toFixed(2)}`}</title>
                      </line>
                    );
                  })
                )}
              </g>
            );
          }),
        )}
      </svg>
    </figure>
  );
}

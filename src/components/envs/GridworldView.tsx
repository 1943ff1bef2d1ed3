import { useId, type ReactNode } from 'react';
import type { GridMap } from '../../core/envs/gridworld';
import {
  formatValue,
  legendStops,
  rgbCss,
  textColorOn,
  valueColor,
  valueRange,
  type Rgb,
} from './colorScale';
import {
  arrowPath,
  cellName,
  dirForActionSafe,
  formatReward,
  isLiveChar,
  pathSegments,
  rewardAt,
  rewardLabels,
} from './gridView';
import './envs.css';

export interface GridworldViewProps {
  readonly map: GridMap;
  /** Per-cell values (numCells), drawn as a heatmap on the cells the agent can stand on. */
  readonly values?: ArrayLike<number>;
  /** Name of the values in the legend, e.g. "V*(s)". */
  readonly valuesLabel?: string;
  /** pi[s, a], numCells x 4 in the map's action order, drawn as arrows. */
  readonly policy?: ArrayLike<number>;
  /** Cells visited by an episode, drawn as a line. */
  readonly path?: readonly number[];
  readonly agentCell?: number;
  /** Highlighted cell (the editor's selection). */
  readonly selectedCell?: number;
  readonly onCellClick?: (row: number, col: number) => void;
  /** Side of a cell in CSS pixels (default: about 560px for the longer side, 36 to 72 per cell). */
  readonly cellSize?: number;
  /** Accessible name of the picture. */
  readonly label?: string;
}

/** Cell fills by type; floor and start take the heatmap colour when values are given. */
const TYPE_FILL: Record<string, string> = {
  F: '#ffffff',
  S: '#ffffff',
  H: '#e8eef2',
  G: '#009E73',
  W: '#6b6b6b',
  C: '#4a3426',
};

/** Cell-type key under the map; only the types present are listed. */
const TYPE_KEY: readonly (readonly [string, string])[] = [
  ['S', 'start'],
  ['G', 'goal (ends the episode)'],
  ['H', 'hole (ends the episode)'],
  ['C', 'cliff (back to start)'],
  ['W', 'wall'],
];

/**
 * A gridworld map drawn in SVG with optional value heatmap, policy arrows, episode path and the
 * agent. Purely presentational: everything comes from props. Letters mark the cell types, so the
 * picture reads without colour too.
 */
export function GridworldView(props: GridworldViewProps) {
  const { map, values, policy, path, agentCell, selectedCell, onCellClick } = props;
  const uid = useId();
  const rows = map.rows.length;
  const cols = map.rows[0].length;
  const cellSize =
    props.cellSize ?? Math.max(36, Math.min(72, Math.floor(560 / Math.max(rows, cols))));
  const chars = map.rows.join('');
  const { labels, stepReward } = rewardLabels(map);
  const range = values ? valueRange(values, (k) => isLiveChar(chars[k])) : null;
  const pad = 0.04;

  const cells: ReactNode[] = [];
  const valueTexts: ReactNode[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      const ch = chars[k];
      const live = isLiveChar(ch);
      const heat: Rgb | null = live && values && range ? valueColor(values[k], range) : null;
      const fill = heat ? rgbCss(heat) : TYPE_FILL[ch];
      const ink = heat
        ? textColorOn(heat)
        : ch === 'G' || ch === 'W' || ch === 'C'
          ? '#fff'
          : '#1a1a1a';
      const v = values && live ? values[k] : NaN;
      const title = [
        `row ${r + 1}, column ${c + 1}: ${cellName(ch)}`,
        ch !== 'W' ? `reward ${formatReward(rewardAt(map, r, c))}` : '',
        Number.isFinite(v) ? `value ${formatValue(v)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      cells.push(
        <g
          key={k}
          className={onCellClick ? 'gw-cell gw-clickable' : 'gw-cell'}
          onClick={onCellClick ? () => onCellClick(r, c) : undefined}
        >
          <title>{title}</title>
          <rect x={c} y={r} width={1} height={1} fill={fill} stroke="#8a8a8a" strokeWidth={0.02} />
          {ch === 'H' && <circle cx={c + 0.5} cy={r + 0.5} r={0.36} fill="#1f3a4c" />}
          {ch === 'W' && (
            <path
              d={`M${c} ${r + 0.5}L${c + 0.5} ${r}M${c} ${r + 1}L${c + 1} ${r}M${c + 0.5} ${r + 1}L${c + 1} ${r + 0.5}`}
              stroke="#8d8d8d"
              strokeWidth={0.06}
            />
          )}
          {ch === 'C' && (
            <path
              d={`M${c + 0.1} ${r + 0.7}l0.2 -0.2l0.2 0.2l0.2 -0.2l0.2 0.2`}
              stroke="#D55E00"
              strokeWidth={0.08}
              fill="none"
            />
          )}
          {(ch === 'S' || ch === 'G' || ch === 'H' || ch === 'C') && (
            <text
              x={c + pad + 0.02}
              y={r + pad + 0.22}
              fontSize={0.24}
              fontWeight={700}
              fill={ch === 'H' ? '#1f3a4c' : ink}
              className="gw-letter"
            >
              {ch}
            </text>
          )}
          {labels[k] !== null && (
            <text
              x={c + 1 - pad - 0.02}
              y={r + pad + 0.22}
              fontSize={0.22}
              textAnchor="end"
              fill={ch === 'H' ? '#1f3a4c' : ink}
              fontWeight={600}
            >
              {labels[k]}
            </text>
          )}
        </g>,
      );
      // Above the episode's path, outlined in the cell's colour: the path runs through the
      // cells' centres and used to cross these numbers.
      if (Number.isFinite(v))
        valueTexts.push(
          <text
            key={k}
            x={c + 0.5}
            y={r + 1 - pad - 0.06}
            fontSize={0.22}
            textAnchor="middle"
            fill={ink}
            stroke={fill}
            strokeWidth={0.07}
            strokeLinejoin="round"
            paintOrder="stroke"
          >
            {formatValue(v)}
          </text>,
        );
    }

  const arrows: ReactNode[] = [];
  if (policy)
    for (let k = 0; k < rows * cols; k++) {
      if (!isLiveChar(chars[k])) continue;
      const r = Math.floor(k / cols);
      const c = k % cols;
      const heat = values && range ? valueColor(values[k], range) : null;
      const ink = heat ? textColorOn(heat) : '#1a1a1a';
      for (let a = 0; a < 4; a++) {
        const p = policy[k * 4 + a];
        const dir = dirForActionSafe(map.actions, a);
        const d = dir
          ? arrowPath(r, c, dir, p, values ? { centreY: 0.44, scale: 0.75 } : {})
          : null;
        if (!d) continue;
        arrows.push(
          <path
            key={`${k}-${a}`}
            d={d}
            stroke={ink}
            fill={ink}
            strokeWidth={0.05}
            strokeLinejoin="round"
            opacity={0.3 + 0.7 * Math.min(1, p)}
          />,
        );
      }
    }

  const segments = path ? pathSegments(path, cols) : [];
  const toPoints = (seg: readonly (readonly [number, number])[]) =>
    seg.map(([x, y]) => `${x},${y}`).join(' ');
  const typesPresent = TYPE_KEY.filter(([ch]) => chars.includes(ch));

  return (
    <figure className="gw-view">
      <svg
        width={cols * cellSize}
        height={rows * cellSize}
        viewBox={`-0.02 -0.02 ${cols + 0.04} ${rows + 0.04}`}
        role="img"
        aria-label={
          props.label ??
          `Gridworld ${rows} by ${cols}${agentCell !== undefined ? `, agent at row ${Math.floor(agentCell / cols) + 1}, column ${(agentCell % cols) + 1}` : ''}`
        }
        className="gw-svg"
      >
        {cells}
        <g pointerEvents="none">{arrows}</g>
        <g pointerEvents="none" fill="none" strokeLinecap="round" strokeLinejoin="round">
          {segments.map((seg, i) =>
            seg.length > 1 ? (
              <g key={i}>
                <polyline points={toPoints(seg)} stroke="#fff" strokeWidth={0.16} />
                <polyline points={toPoints(seg)} stroke="#E69F00" strokeWidth={0.09} />
              </g>
            ) : null,
          )}
        </g>
        <g pointerEvents="none" data-testid="gw-values">
          {valueTexts}
        </g>
        {agentCell !== undefined && agentCell >= 0 && agentCell < rows * cols && (
          <circle
            cx={(agentCell % cols) + 0.5}
            cy={Math.floor(agentCell / cols) + 0.5}
            r={0.26}
            fill="#1a1a1a"
            stroke="#fff"
            strokeWidth={0.07}
            pointerEvents="none"
          />
        )}
        {selectedCell !== undefined && selectedCell >= 0 && selectedCell < rows * cols && (
          <rect
            x={(selectedCell % cols) + 0.03}
            y={Math.floor(selectedCell / cols) + 0.03}
            width={0.94}
            height={0.94}
            fill="none"
            stroke="#CC79A7"
            strokeWidth={0.08}
            strokeDasharray="0.15 0.08"
            pointerEvents="none"
          />
        )}
      </svg>
      <figcaption className="gw-key">
        {typesPresent.map(([ch, name]) => (
          <span key={ch} className="gw-key-item">
            <span className={`gw-swatch gw-swatch-${ch}`} aria-hidden="true">
              {ch}
            </span>
            {name}
          </span>
        ))}
        {stepReward !== null && (
          <span className="gw-key-item">every floor step: {formatReward(stepReward)}</span>
        )}
        {path && path.length > 1 && (
          <span className="gw-key-item">
            <span className="gw-swatch gw-swatch-path" aria-hidden="true" />
            path
          </span>
        )}
        {range && values && (
          <ValueLegend
            id={`${uid}-legend`}
            min={range.min}
            max={range.max}
            label={props.valuesLabel}
          />
        )}
      </figcaption>
    </figure>
  );
}

function ValueLegend({
  id,
  min,
  max,
  label,
}: {
  id: string;
  min: number;
  max: number;
  label?: string;
}) {
  const stops = legendStops({ min, max });
  const w = 160;
  const zeroX = max > min ? ((0 - min) / (max - min)) * w : 0;
  return (
    <span className="gw-key-item gw-legend">
      {label ?? 'value'}
      <svg
        width={w + 16}
        height={30}
        role="img"
        aria-label={`${label ?? 'value'} colour scale from ${formatValue(min)} to ${formatValue(max)}`}
      >
        <defs>
          <linearGradient id={id}>
            {stops.map((s, i) => (
              <stop key={i} offset={s.offset} stopColor={s.color} />
            ))}
          </linearGradient>
        </defs>
        <rect
          x={8}
          y={2}
          width={w}
          height={12}
          fill={`url(#${id})`}
          stroke="#888"
          strokeWidth={1}
        />
        <text x={8} y={27} fontSize={11} textAnchor="start">
          {formatValue(min)}
        </text>
        {min < 0 && max > 0 && (
          <text x={8 + zeroX} y={27} fontSize={11} textAnchor="middle">
            0
          </text>
        )}
        <text x={8 + w} y={27} fontSize={11} textAnchor="end">
          {formatValue(max)}
        </text>
      </svg>
    </span>
  );
}

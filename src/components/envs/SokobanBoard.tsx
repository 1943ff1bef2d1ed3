import type { ReactNode } from 'react';
import { SOKOBAN_TILE_NAMES, sokobanTiles, type SokobanTile } from './sokobanTiles';
import './envs.css';

export interface SokobanBoardProps {
  /** Level text: `#` wall, `@` player, `+` player on target, `$` box, `*` box on target, `.` target, space floor. */
  readonly text: string;
  /** Side of a tile in CSS pixels (default 40). */
  readonly tileSize?: number;
}

const WALL = '#7a6a58';
const FLOOR = '#f3ecdc';
const TARGET = '#CC79A7';
const BOX = '#E69F00';
const BOX_DONE = '#009E73';
const PLAYER = '#0072B2';

/** One tile in unit coordinates at (x, y). Drawn with shapes, not colour alone. */
function tileShapes(t: SokobanTile, x: number, y: number): ReactNode {
  if (t === 'outside') return null;
  if (t === 'wall')
    return (
      <g>
        <rect x={x} y={y} width={1} height={1} fill={WALL} />
        <path
          d={`M${x} ${y + 0.5}h1M${x + 0.5} ${y}v0.5M${x + 0.25} ${y + 0.5}v0.5M${x + 0.75} ${y + 0.5}v0.5`}
          stroke="#5f5142"
          strokeWidth={0.05}
        />
      </g>
    );
  const onTarget = t === 'target' || t === 'boxOnTarget' || t === 'playerOnTarget';
  return (
    <g>
      <rect x={x} y={y} width={1} height={1} fill={FLOOR} stroke="#e2d8c2" strokeWidth={0.02} />
      {onTarget && (
        <circle cx={x + 0.5} cy={y + 0.5} r={0.2} fill="none" stroke={TARGET} strokeWidth={0.1} />
      )}
      {(t === 'box' || t === 'boxOnTarget') && (
        <g>
          <rect
            x={x + 0.1}
            y={y + 0.1}
            width={0.8}
            height={0.8}
            rx={0.06}
            fill={t === 'box' ? BOX : BOX_DONE}
            stroke={t === 'box' ? '#9a6a00' : '#00684c'}
            strokeWidth={0.06}
          />
          {t === 'box' ? (
            <path
              d={`M${x + 0.2} ${y + 0.2}L${x + 0.8} ${y + 0.8}M${x + 0.8} ${y + 0.2}L${x + 0.2} ${y + 0.8}`}
              stroke="#9a6a00"
              strokeWidth={0.06}
            />
          ) : (
            <path
              d={`M${x + 0.28} ${y + 0.52}L${x + 0.44} ${y + 0.68}L${x + 0.74} ${y + 0.34}`}
              stroke="#fff"
              strokeWidth={0.09}
              fill="none"
            />
          )}
        </g>
      )}
      {(t === 'player' || t === 'playerOnTarget') && (
        <g>
          <circle cx={x + 0.5} cy={y + 0.32} r={0.14} fill={PLAYER} />
          <path
            d={`M${x + 0.26} ${y + 0.86}Q${x + 0.5} ${y + 0.3} ${x + 0.74} ${y + 0.86}Z`}
            fill={PLAYER}
          />
        </g>
      )}
    </g>
  );
}

/** A Sokoban state drawn as tiles from its level text. Purely presentational. */
export function SokobanBoard({ text, tileSize = 40 }: SokobanBoardProps) {
  const { width, height, tiles, boxes, boxesOnTarget } = sokobanTiles(text);
  return (
    <figure className="sk-view">
      <svg
        width={width * tileSize}
        height={height * tileSize}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Sokoban, ${boxesOnTarget} of ${boxes} boxes on targets`}
      >
        {tiles.map((t, k) => (
          <g key={k}>
            <title>{`row ${Math.floor(k / width) + 1}, column ${(k % width) + 1}: ${SOKOBAN_TILE_NAMES[t]}`}</title>
            {tileShapes(t, k % width, Math.floor(k / width))}
          </g>
        ))}
      </svg>
      <figcaption className="gw-key">
        <span className="gw-key-item">
          boxes on targets: <strong>{boxesOnTarget}</strong> / {boxes}
        </span>
      </figcaption>
    </figure>
  );
}

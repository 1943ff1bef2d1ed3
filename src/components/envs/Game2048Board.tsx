import { BOARD_BACKGROUND, tileStyle } from './colorScale';
import './envs.css';

export interface Game2048BoardProps {
  /** 16 cells row-major: 0 empty, k = tile 2^k (the env's `boards` layout). */
  readonly exponents: ArrayLike<number>;
  readonly score?: number;
  /** Board side in CSS pixels (default 300). */
  readonly size?: number;
}

/** A 2048 board in the original game's colours (gabrielecirulli/2048). */
export function Game2048Board({ exponents, score, size = 300 }: Game2048BoardProps) {
  const gap = Math.round(size * 0.03);
  const tile = (size - gap * 5) / 4;
  const cells = Array.from({ length: 16 }, (_, k) => exponents[k] ?? 0);
  const rowsText = [0, 1, 2, 3]
    .map(
      (r) =>
        `row ${r + 1}: ` +
        cells
          .slice(r * 4, r * 4 + 4)
          .map((e) => (e ? 2 ** e : 'empty'))
          .join(', '),
    )
    .join('; ');
  return (
    <div className="g2048">
      {score !== undefined && (
        <div className="g2048-score" aria-live="off">
          score <strong>{score}</strong>
        </div>
      )}
      <div
        className="g2048-board"
        role="img"
        aria-label={`2048 board, ${rowsText}`}
        style={{
          width: size,
          height: size,
          padding: gap,
          gap,
          background: BOARD_BACKGROUND,
          gridTemplateColumns: `repeat(4, ${tile}px)`,
          gridTemplateRows: `repeat(4, ${tile}px)`,
        }}
      >
        {cells.map((e, k) => {
          const s = tileStyle(e);
          return (
            <div
              key={k}
              className="g2048-tile"
              style={{ background: s.background, color: s.color, fontSize: tile * s.fontScale }}
            >
              {e > 0 ? 2 ** e : ''}
            </div>
          );
        })}
      </div>
    </div>
  );
}

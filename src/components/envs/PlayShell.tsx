import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { formatReward } from './gridView';
import { KeyHelp } from './KeyHelp';
import { PLAY_KEY_HELP, playCommandForKey, type Dir, type PlayCommand } from './keymap';
import type { PlayStats } from './playSession';
import './envs.css';

export interface PlayShellProps {
  /** Accessible name of the board, e.g. "FrozenLake: play with the arrow keys". */
  readonly label: string;
  readonly stats: PlayStats;
  /** The big message: win, loss, time-out, or a note about the last move. */
  readonly message?: ReactNode;
  readonly messageTone?: 'win' | 'loss' | 'info';
  readonly canUndo: boolean;
  readonly onCommand: (cmd: PlayCommand) => void;
  /** Extra numbers next to the counters (2048's score and best tile). */
  readonly extraStats?: ReactNode;
  /** Controls above the board (a level menu). */
  readonly toolbar?: ReactNode;
  readonly children: ReactNode;
}

const ARROWS: readonly (readonly [Dir, string, string])[] = [
  ['U', '↑', 'up'],
  ['L', '←', 'left'],
  ['D', '↓', 'down'],
  ['R', '→', 'right'],
];

/**
 * Frame of the human-play components: a focusable board (keys act only while it has focus, so
 * typing in inputs elsewhere is unaffected), counters, the outcome message, on-screen buttons
 * for mouse and touch, and the key help.
 */
export function PlayShell(props: PlayShellProps) {
  const { stats, onCommand } = props;
  const boardRef = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(false);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cmd = playCommandForKey(e);
    if (!cmd) return;
    // Arrows would scroll the page and Backspace could navigate back.
    e.preventDefault();
    onCommand(cmd);
  };
  // After a button press, give the keys back to the board.
  const press = (cmd: PlayCommand) => {
    onCommand(cmd);
    boardRef.current?.focus();
  };

  return (
    <div className="play">
      {props.toolbar}
      <div className="play-stats" aria-live="polite">
        <span>
          steps <strong>{stats.steps}</strong>
        </span>
        <span>
          last reward{' '}
          <strong>
            {stats.lastReward === null ? '–' : formatReward(round3(stats.lastReward))}
          </strong>
        </span>
        <span>
          return <strong>{formatReward(round3(stats.ret))}</strong>
        </span>
        {props.extraStats}
      </div>
      <div
        ref={boardRef}
        className="env-focusable play-board"
        tabIndex={0}
        role="application"
        aria-label={props.label}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      >
        {props.children}
        {!focused && (
          <div className="play-hint" aria-hidden="true">
            click to play
          </div>
        )}
      </div>
      <p className={`play-message play-${props.messageTone ?? 'info'}`} role="status">
        {props.message ?? '\u00a0'}
      </p>
      <div className="play-buttons">
        {ARROWS.map(([dir, glyph, name]) => (
          <button
            key={dir}
            type="button"
            aria-label={`Move ${name}`}
            onClick={() => press({ kind: 'move', dir })}
          >
            {glyph}
          </button>
        ))}
        <button type="button" onClick={() => press({ kind: 'undo' })} disabled={!props.canUndo}>
          Undo
        </button>
        <button type="button" onClick={() => press({ kind: 'restart' })}>
          Restart
        </button>
      </div>
      <KeyHelp keys={PLAY_KEY_HELP} />
    </div>
  );
}

/** Float32 rewards (-0.1 stored as -0.10000000149) summed over steps: show 3 decimals at most. */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

import { useEffect, useReducer, type KeyboardEvent, type ReactNode } from 'react';
import { REPLAY_KEY_HELP, replayCommandForKey } from './keymap';
import {
  clampIndex,
  initialReplayState,
  REPLAY_SPEEDS,
  replayReducer,
  type ReplayAction,
  type ReplayState,
} from './replay';
import { KeyHelp } from './KeyHelp';
import './envs.css';

export interface EpisodeReplayProps<T> {
  readonly frames: readonly T[];
  readonly render: (frame: T, index: number) => ReactNode;
  /** Frames per second when playing (default 4). */
  readonly initialSpeed?: number;
  /** Accessible name, e.g. "Replay of a random FrozenLake episode". */
  readonly label?: string;
}

/**
 * Plays a recorded episode frame by frame with any board: play/pause, step, scrub, speed.
 * Keys act only while the replay has focus (click it), so typing elsewhere is unaffected.
 */
export function EpisodeReplay<T>({ frames, render, initialSpeed, label }: EpisodeReplayProps<T>) {
  const length = frames.length;
  const [state, dispatch] = useReducer(
    (s: ReplayState, a: ReplayAction) => replayReducer(s, a, length),
    initialSpeed,
    initialReplayState,
  );
  // A new, shorter episode may leave the stored index past its end.
  const index = clampIndex(state.index, length);

  useEffect(() => {
    if (!state.playing) return;
    const timer = setInterval(() => dispatch({ kind: 'tick' }), 1000 / state.fps);
    return () => clearInterval(timer);
  }, [state.playing, state.fps]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into the replay's own controls (the speed menu) keep their usual meaning.
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
    // Space on a focused button already clicks it; toggling here too would undo the click.
    if (e.target instanceof HTMLButtonElement && e.key === ' ') return;
    const cmd = replayCommandForKey(e);
    if (!cmd) return;
    e.preventDefault();
    dispatch(cmd);
  };

  if (length === 0) return <p className="env-note">No frames to replay.</p>;
  return (
    <div
      className="env-focusable replay"
      tabIndex={0}
      onKeyDown={onKeyDown}
      role="group"
      aria-label={label ?? 'Episode replay'}
    >
      <div className="replay-frame">{render(frames[index], index)}</div>
      <div className="replay-controls">
        <button type="button" onClick={() => dispatch({ kind: 'first' })} aria-label="First frame">
          <Icon shape="first" />
        </button>
        <button
          type="button"
          onClick={() => dispatch({ kind: 'step', delta: -1 })}
          aria-label="Step back"
        >
          <Icon shape="back" />
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => dispatch({ kind: 'toggle' })}
          aria-label={state.playing ? 'Pause' : 'Play'}
        >
          <Icon shape={state.playing ? 'pause' : 'play'} />
        </button>
        <button
          type="button"
          onClick={() => dispatch({ kind: 'step', delta: 1 })}
          aria-label="Step forward"
        >
          <Icon shape="forward" />
        </button>
        <input
          type="range"
          min={0}
          max={length - 1}
          value={index}
          onChange={(e) => dispatch({ kind: 'seek', index: Number(e.target.value) })}
          aria-label="Frame"
          className="replay-scrubber"
        />
        <span className="replay-count">
          {index} / {length - 1}
        </span>
        <label className="replay-speed">
          speed
          <select
            value={state.fps}
            onChange={(e) => dispatch({ kind: 'speed', fps: Number(e.target.value) })}
          >
            {speedOptions(state.fps).map((fps) => (
              <option key={fps} value={fps}>
                {fps} fps
              </option>
            ))}
          </select>
        </label>
      </div>
      <KeyHelp keys={REPLAY_KEY_HELP} />
    </div>
  );
}

/** The preset speeds plus the current one if it is not among them (an unusual initialSpeed). */
function speedOptions(current: number): number[] {
  const all: number[] = [...REPLAY_SPEEDS];
  if (!all.includes(current)) all.push(current);
  return all.sort((a, b) => a - b);
}

/** Transport icons as SVG: the media-control characters are missing from many system fonts. */
const ICON_PATHS = {
  first: 'M3 3h2v10H3zM14 3v10L6 8z',
  back: 'M12 3v10L4 8z',
  play: 'M4 3v10l9-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  forward: 'M3 3v10l8-5zM12 3h2v10h-2z',
} as const;

function Icon({ shape }: { shape: keyof typeof ICON_PATHS }) {
  return (
    <svg className="replay-icon" width={16} height={16} viewBox="0 0 16 16" aria-hidden="true">
      <path d={ICON_PATHS[shape]} fill="currentColor" />
    </svg>
  );
}

/**
 * State machine of EpisodeReplay, as a reducer so it is testable and the component stays a thin
 * view: frame index, playing flag, speed in frames per second.
 */
export const REPLAY_SPEEDS = [1, 2, 4, 8, 16, 30] as const;

export interface ReplayState {
  readonly index: number;
  readonly playing: boolean;
  readonly fps: number;
}

export type ReplayAction =
  | { readonly kind: 'step'; readonly delta: number }
  | { readonly kind: 'seek'; readonly index: number }
  | { readonly kind: 'toggle' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'first' }
  | { readonly kind: 'last' }
  | { readonly kind: 'tick' }
  | { readonly kind: 'speed'; readonly fps: number };

export function clampIndex(index: number, length: number): number {
  if (length <= 0) return 0;
  return Math.min(length - 1, Math.max(0, Math.round(index)));
}

export function initialReplayState(fps = 4): ReplayState {
  return { index: 0, playing: false, fps: fps > 0 ? fps : 4 };
}

/**
 * Stepping or seeking pauses (the user took over); playing at the last frame starts again from
 * the first; a tick at the last frame stops there so the outcome stays on screen.
 */
export function replayReducer(s: ReplayState, a: ReplayAction, length: number): ReplayState {
  const last = Math.max(0, length - 1);
  switch (a.kind) {
    case 'step':
      return { ...s, playing: false, index: clampIndex(s.index + a.delta, length) };
    case 'seek':
      return { ...s, playing: false, index: clampIndex(a.index, length) };
    case 'first':
      return { ...s, playing: false, index: 0 };
    case 'last':
      return { ...s, playing: false, index: last };
    case 'pause':
      return { ...s, playing: false };
    case 'toggle':
      if (s.playing) return { ...s, playing: false };
      return { ...s, playing: length > 1, index: s.index >= last ? 0 : s.index };
    case 'tick': {
      if (!s.playing) return s;
      const index = clampIndex(s.index + 1, length);
      return { ...s, index, playing: index < last };
    }
    case 'speed':
      return a.fps > 0 ? { ...s, fps: a.fps } : s;
  }
}

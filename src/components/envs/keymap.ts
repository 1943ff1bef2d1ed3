/**
 * Keyboard bindings of the human-play and replay components, as pure functions so they can be
 * tested without a DOM. Arrow keys and WASD give a compass direction; each env then maps the
 * direction to its own action index through its action order (gridworld maps carry theirs,
 * e.g. FrozenLake 'LDRU' and CliffWalking 'URDL'; 2048 and Sokoban both use 'URDL').
 */

/** A compass direction, named by the letters the gridworld map format uses. */
export type Dir = 'L' | 'D' | 'R' | 'U';

/** Action order of 2048 and Sokoban: 0 Up, 1 Right, 2 Down, 3 Left. */
export const URDL_ACTIONS = 'URDL';

export type PlayCommand =
  | { readonly kind: 'move'; readonly dir: Dir }
  | { readonly kind: 'restart' }
  | { readonly kind: 'undo' };

export type ReplayCommand =
  | { readonly kind: 'step'; readonly delta: -1 | 1 }
  | { readonly kind: 'toggle' }
  | { readonly kind: 'first' }
  | { readonly kind: 'last' };

/** The parts of a KeyboardEvent the bindings look at (so tests need no DOM). */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
}

const DIR_OF_KEY: Record<string, Dir> = {
  ArrowLeft: 'L',
  ArrowDown: 'D',
  ArrowRight: 'R',
  ArrowUp: 'U',
  a: 'L',
  s: 'D',
  d: 'R',
  w: 'U',
};

/** Browser and OS shortcuts (Ctrl+R, Cmd+W, ...) must keep working while a board has focus. */
function hasModifier(e: KeyPress): boolean {
  return Boolean(e.ctrlKey || e.metaKey || e.altKey);
}

/** The play command of a key press, or null when the key is not ours (let the browser have it). */
export function playCommandForKey(e: KeyPress): PlayCommand | null {
  if (hasModifier(e)) return null;
  // Caps Lock or Shift must not disable WASD.
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const dir = DIR_OF_KEY[key];
  if (dir) return { kind: 'move', dir };
  if (key === 'r') return { kind: 'restart' };
  if (key === 'u' || key === 'z' || key === 'Backspace') return { kind: 'undo' };
  return null;
}

/** Replay keys: `,` / `.` step (also Left / Right arrows), `p` or Space play/pause, Home / End. */
export function replayCommandForKey(e: KeyPress): ReplayCommand | null {
  if (hasModifier(e)) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key === ',' || key === 'ArrowLeft') return { kind: 'step', delta: -1 };
  if (key === '.' || key === 'ArrowRight') return { kind: 'step', delta: 1 };
  if (key === 'p' || key === ' ') return { kind: 'toggle' };
  if (key === 'Home') return { kind: 'first' };
  if (key === 'End') return { kind: 'last' };
  return null;
}

/** Action index of a direction under an action order such as 'LDRU' (throws on a bad order). */
export function actionForDir(actionOrder: string, dir: Dir): number {
  const a = actionOrder.indexOf(dir);
  if (a < 0) throw new Error(`action order ${JSON.stringify(actionOrder)} has no '${dir}'`);
  return a;
}

/** Direction of an action index under an action order (inverse of actionForDir). */
export function dirForAction(actionOrder: string, action: number): Dir {
  const d = actionOrder[action];
  if (d !== 'L' && d !== 'D' && d !== 'R' && d !== 'U')
    throw new Error(`action ${action} is not in the order ${JSON.stringify(actionOrder)}`);
  return d;
}

export const DIR_NAMES: Record<Dir, string> = { L: 'left', D: 'down', R: 'right', U: 'up' };

/** The on-screen key help of the play components (one source for every board). */
export const PLAY_KEY_HELP: readonly (readonly [keys: string, what: string])[] = [
  ['← ↑ → ↓ or W A S D', 'move'],
  ['U, Z or Backspace', 'undo'],
  ['R', 'restart'],
];

export const REPLAY_KEY_HELP: readonly (readonly [keys: string, what: string])[] = [
  [', and . (or ← →)', 'step'],
  ['P or Space', 'play / pause'],
  ['Home / End', 'first / last frame'],
];

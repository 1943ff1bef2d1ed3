import { MAX_GRID_SIDE, validateGridMap, type GridMap } from '../../core/envs/gridworld';
import { DEFAULT_CELL_REWARD, rewardAt } from './gridView';

/**
 * Editing operations of GridEditor as pure functions on plain maps: each returns a new map and
 * never mutates its input. Validation is separate (validateGridMap) so the editor can hold an
 * invalid draft (a map with its start removed, about to be placed elsewhere) without emitting it.
 */

/** Palette order; clicking a cell cycles through it. */
export const EDIT_CELL_TYPES = ['F', 'W', 'H', 'G', 'S', 'C'] as const;
export type EditCellType = (typeof EDIT_CELL_TYPES)[number];

export function isEditCellType(ch: string): ch is EditCellType {
  return (EDIT_CELL_TYPES as readonly string[]).includes(ch);
}

/** The type after `ch` in the palette (wrapping around). */
export function nextCellType(ch: string): EditCellType {
  const k = EDIT_CELL_TYPES.indexOf(ch as EditCellType);
  return EDIT_CELL_TYPES[(k + 1) % EDIT_CELL_TYPES.length];
}

/**
 * The reward a new cell of type `ch` gets on a map with explicit rewards: the most common reward
 * among the map's cells of that type (so a cliff turned into floor on CliffWalking costs -1 like
 * its neighbours), else the type's default.
 */
export function typicalReward(map: GridMap, ch: string): number {
  const counts = new Map<number, number>();
  map.rows.forEach((row, r) => {
    for (let c = 0; c < row.length; c++)
      if (row[c] === ch) {
        const v = rewardAt(map, r, c);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
  });
  let best = DEFAULT_CELL_REWARD[ch] ?? 0;
  let bestCount = 0;
  for (const [v, n] of counts)
    if (n > bestCount) {
      best = v;
      bestCount = n;
    }
  return best;
}

function replaceChar(row: string, c: number, ch: string): string {
  return row.slice(0, c) + ch + row.slice(c + 1);
}

/** Set cell (r, c) to type `ch`; on a map with explicit rewards the cell takes typicalReward. */
export function setCellType(map: GridMap, r: number, c: number, ch: EditCellType): GridMap {
  if (map.rows[r][c] === ch) return map;
  const rows = map.rows.map((row, k) => (k === r ? replaceChar(row, c, ch) : row));
  if (!map.rewards) return { ...map, rows };
  const v = typicalReward(map, ch);
  const rewards = map.rewards.map((row, k) =>
    k === r ? row.map((x, j) => (j === c ? v : x)) : row,
  );
  return { ...map, rows, rewards };
}

/** Explicit rewards of a map (its defaults written out when it has none). */
export function explicitRewards(map: GridMap): number[][] {
  return map.rows.map((row, r) => Array.from(row, (_, c) => rewardAt(map, r, c)));
}

/** Set the reward of landing on (r, c), writing out the map's rewards if it had none. */
export function setCellReward(map: GridMap, r: number, c: number, value: number): GridMap {
  const rewards = explicitRewards(map);
  rewards[r][c] = value;
  return { ...map, rewards };
}

/** Clamp a side length to 1..MAX_GRID_SIDE. */
export function clampSide(n: number): number {
  return Math.min(MAX_GRID_SIDE, Math.max(1, Math.round(Number.isFinite(n) ? n : 1)));
}

/**
 * Resize to rows x cols, keeping the top-left overlap; new cells are floor with the map's
 * typical floor reward. A start or goal cut off by shrinking is not moved: the validation
 * message then tells the teacher to place one.
 */
export function resizeMap(map: GridMap, rows: number, cols: number): GridMap {
  const R = clampSide(rows);
  const C = clampSide(cols);
  const floorReward = typicalReward(map, 'F');
  const newRows: string[] = [];
  for (let r = 0; r < R; r++) {
    const old = r < map.rows.length ? map.rows[r].slice(0, C) : '';
    newRows.push(old.padEnd(C, 'F'));
  }
  if (!map.rewards) return { ...map, rows: newRows };
  const rewards = newRows.map((_, r) =>
    Array.from({ length: C }, (_, c) =>
      r < map.rows.length && c < map.rows[0].length && map.rewards
        ? map.rewards[r][c]
        : floorReward,
    ),
  );
  return { ...map, rows: newRows, rewards };
}

export type EditResult =
  | { readonly ok: true; readonly map: GridMap }
  | { readonly ok: false; readonly map: GridMap; readonly errors: string[] };

/** Validate a draft: only an ok result may be emitted to the app. */
export function checkDraft(map: GridMap): EditResult {
  const errors = validateGridMap(map);
  return errors.length ? { ok: false, map, errors } : { ok: true, map };
}

/** Keyboard editing of the selected cell: arrows move the selection, letters set a type. */
export type EditorKeyAction =
  | { readonly kind: 'select'; readonly row: number; readonly col: number }
  | { readonly kind: 'set'; readonly type: EditCellType }
  | { readonly kind: 'cycle' };

export function editorKeyAction(
  key: string,
  selected: { row: number; col: number },
  rows: number,
  cols: number,
): EditorKeyAction | null {
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };
  const m = moves[key];
  if (m) {
    const row = Math.min(rows - 1, Math.max(0, selected.row + m[0]));
    const col = Math.min(cols - 1, Math.max(0, selected.col + m[1]));
    return { kind: 'select', row, col };
  }
  if (key === 'Enter' || key === ' ') return { kind: 'cycle' };
  const upper = key.length === 1 ? key.toUpperCase() : '';
  if (isEditCellType(upper)) return { kind: 'set', type: upper };
  return null;
}

import { describe, expect, it } from 'vitest';
import { GRID_PRESETS, MAX_GRID_SIDE } from '../../core/envs/gridworld';
import {
  checkDraft,
  editorKeyAction,
  EDIT_CELL_TYPES,
  nextCellType,
  resizeMap,
  setCellReward,
  setCellType,
  typicalReward,
} from './gridEdit';

const lake = GRID_PRESETS.frozenlake4x4;
const cliff = GRID_PRESETS.cliffwalking;

describe('cell cycling', () => {
  it('goes through the whole palette and wraps', () => {
    let ch: string = 'F';
    const seen: string[] = [];
    for (let k = 0; k < EDIT_CELL_TYPES.length; k++) {
      ch = nextCellType(ch);
      seen.push(ch);
    }
    expect(ch).toBe('F');
    expect(new Set(seen).size).toBe(EDIT_CELL_TYPES.length);
  });
});

describe('setCellType', () => {
  it('changes one cell and leaves the input alone', () => {
    const m = setCellType(lake, 0, 1, 'W');
    expect(m.rows[0]).toBe('SWFF');
    expect(lake.rows[0]).toBe('SFFF');
    expect(m.rewards).toBeUndefined();
  });

  it('gives a new cell the map’s usual reward for its type', () => {
    // A cliff turned into floor on CliffWalking costs -1 like every other floor cell.
    const m = setCellType(cliff, 3, 5, 'F');
    expect(m.rewards?.[3][5]).toBe(-1);
    expect(typicalReward(cliff, 'C')).toBe(-100);
    expect(typicalReward(lake, 'G')).toBe(1);
    expect(typicalReward(lake, 'C')).toBe(-100); // none on the map: the default
  });
});

describe('setCellReward', () => {
  it('writes out default rewards first', () => {
    const m = setCellReward(lake, 3, 3, 5);
    expect(m.rewards?.[3]).toEqual([0, 0, 0, 5]);
    expect(m.rewards?.[0]).toEqual([0, 0, 0, 0]);
    expect(checkDraft(m).ok).toBe(true);
  });
});

describe('resizeMap', () => {
  it('keeps the overlap and pads with floor', () => {
    const m = resizeMap(lake, 5, 3);
    expect(m.rows).toEqual(['SFF', 'FHF', 'FFF', 'HFF', 'FFF']);
  });

  it('extends rewards with the usual floor reward', () => {
    const m = resizeMap(cliff, 5, 12);
    expect(m.rewards?.[4]).toEqual(new Array(12).fill(-1));
    expect(checkDraft(m).ok).toBe(true);
  });

  it('clamps to 1..16', () => {
    expect(resizeMap(lake, 40, 0).rows.length).toBe(MAX_GRID_SIDE);
    expect(resizeMap(lake, 40, 0).rows[0].length).toBe(1);
  });
});

describe('checkDraft', () => {
  it('rejects a map whose goal was cut off, naming the problem', () => {
    const r = checkDraft(resizeMap(lake, 3, 3));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join()).toMatch(/no goal/);
  });

  it('names row and column of an unreachable start', () => {
    const walled = setCellType(setCellType(lake, 0, 1, 'W'), 1, 0, 'W');
    const r = checkDraft(walled);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContain('row 1, column 1: no goal is reachable from this start');
  });
});

describe('editorKeyAction', () => {
  it('moves the selection within the map and sets types by letter', () => {
    expect(editorKeyAction('ArrowRight', { row: 0, col: 3 }, 4, 4)).toEqual({
      kind: 'select',
      row: 0,
      col: 3,
    });
    expect(editorKeyAction('ArrowDown', { row: 0, col: 3 }, 4, 4)).toEqual({
      kind: 'select',
      row: 1,
      col: 3,
    });
    expect(editorKeyAction('h', { row: 0, col: 0 }, 4, 4)).toEqual({ kind: 'set', type: 'H' });
    expect(editorKeyAction('Enter', { row: 0, col: 0 }, 4, 4)).toEqual({ kind: 'cycle' });
    expect(editorKeyAction('x', { row: 0, col: 0 }, 4, 4)).toBeNull();
  });
});

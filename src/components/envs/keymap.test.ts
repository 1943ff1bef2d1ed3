import { describe, expect, it } from 'vitest';
import { CLIFFWALKING_ACTIONS, FROZENLAKE_ACTIONS } from '../../core/envs/gridworld';
import { DOWN, LEFT, RIGHT, UP } from '../../core/envs/game2048';
import {
  actionForDir,
  dirForAction,
  playCommandForKey,
  replayCommandForKey,
  URDL_ACTIONS,
  type Dir,
} from './keymap';

describe('playCommandForKey', () => {
  it('maps arrows and WASD (any case) to directions', () => {
    const cases: [string, Dir][] = [
      ['ArrowLeft', 'L'],
      ['ArrowDown', 'D'],
      ['ArrowRight', 'R'],
      ['ArrowUp', 'U'],
      ['a', 'L'],
      ['S', 'D'],
      ['d', 'R'],
      ['W', 'U'],
    ];
    for (const [key, dir] of cases)
      expect(playCommandForKey({ key })).toEqual({ kind: 'move', dir });
  });

  it('has restart and undo keys', () => {
    expect(playCommandForKey({ key: 'r' })).toEqual({ kind: 'restart' });
    for (const key of ['u', 'z', 'Backspace'])
      expect(playCommandForKey({ key })?.kind).toBe('undo');
  });

  it('leaves browser shortcuts and other keys alone', () => {
    expect(playCommandForKey({ key: 'r', ctrlKey: true })).toBeNull();
    expect(playCommandForKey({ key: 'w', metaKey: true })).toBeNull();
    expect(playCommandForKey({ key: 'ArrowLeft', altKey: true })).toBeNull();
    expect(playCommandForKey({ key: 'Tab' })).toBeNull();
    expect(playCommandForKey({ key: 'x' })).toBeNull();
  });
});

describe('actions follow each env’s order', () => {
  it('FrozenLake LDRU and CliffWalking URDL', () => {
    expect(actionForDir(FROZENLAKE_ACTIONS, 'L')).toBe(0);
    expect(actionForDir(FROZENLAKE_ACTIONS, 'U')).toBe(3);
    expect(actionForDir(CLIFFWALKING_ACTIONS, 'U')).toBe(0);
    expect(actionForDir(CLIFFWALKING_ACTIONS, 'L')).toBe(3);
  });

  it('2048 constants agree with URDL', () => {
    expect(actionForDir(URDL_ACTIONS, 'U')).toBe(UP);
    expect(actionForDir(URDL_ACTIONS, 'R')).toBe(RIGHT);
    expect(actionForDir(URDL_ACTIONS, 'D')).toBe(DOWN);
    expect(actionForDir(URDL_ACTIONS, 'L')).toBe(LEFT);
  });

  it('dirForAction inverts actionForDir and rejects bad input', () => {
    for (const order of [FROZENLAKE_ACTIONS, CLIFFWALKING_ACTIONS])
      for (let a = 0; a < 4; a++) expect(actionForDir(order, dirForAction(order, a))).toBe(a);
    expect(() => actionForDir('LDR', 'U')).toThrow();
    expect(() => dirForAction('LDRU', 4)).toThrow();
  });
});

describe('replayCommandForKey', () => {
  it('steps with , and . and toggles with p or space', () => {
    expect(replayCommandForKey({ key: ',' })).toEqual({ kind: 'step', delta: -1 });
    expect(replayCommandForKey({ key: '.' })).toEqual({ kind: 'step', delta: 1 });
    expect(replayCommandForKey({ key: 'P' })).toEqual({ kind: 'toggle' });
    expect(replayCommandForKey({ key: ' ' })).toEqual({ kind: 'toggle' });
    expect(replayCommandForKey({ key: 'End' })).toEqual({ kind: 'last' });
    expect(replayCommandForKey({ key: 'p', ctrlKey: true })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { Game2048Env } from '../../core/envs/game2048';
import { GRID_PRESETS, GridWorldEnv } from '../../core/envs/gridworld';
import { parseSokobanLevelOrThrow, SokobanEnv } from '../../core/envs/sokoban';
import { SOKOBAN_TEACHING_LEVELS } from '../../core/envs/sokobanLevels';
import { Rng } from '../../core/rng';
import { actionForDir, URDL_ACTIONS } from './keymap';
import { PlaySession } from './playSession';

function sokoban(k: number) {
  const level = parseSokobanLevelOrThrow(SOKOBAN_TEACHING_LEVELS[k].text);
  return new PlaySession(new SokobanEnv({ levels: [level] }, 1));
}

describe('PlaySession', () => {
  it('solves "One push" and reports a win with gym-sokoban rewards', () => {
    const s = sokoban(0);
    const right = actionForDir(URDL_ACTIONS, 'R');
    for (let k = 0; k < 3; k++) expect(s.step(right)).toBe('moved');
    expect(s.stats.outcome).toBe('won');
    expect(s.stats.steps).toBe(3);
    expect(s.stats.lastReward).toBeCloseTo(10.9);
    expect(s.stats.ret).toBeCloseTo(-0.3 + 11);
    expect(s.step(right)).toBe('finished');
  });

  it('undo goes back exactly, even out of a finished episode', () => {
    const s = sokoban(0);
    const right = actionForDir(URDL_ACTIONS, 'R');
    const start = s.env.text(0);
    s.step(right);
    const after1 = s.env.text(0);
    s.step(right);
    s.step(right);
    expect(s.undo()).toBe(true);
    expect(s.stats).toMatchObject({ steps: 2, outcome: 'playing' });
    expect(s.undo()).toBe(true);
    expect(s.env.text(0)).toBe(after1);
    expect(s.undo()).toBe(true);
    expect(s.env.text(0)).toBe(start);
    expect(s.stats.lastReward).toBeNull();
    expect(s.undo()).toBe(false);
  });

  it('falls into a FrozenLake hole as a loss (slip 0 for a fixed path)', () => {
    const map = { ...GRID_PRESETS.frozenlake4x4, slip: 0 };
    const s = new PlaySession(new GridWorldEnv(map, 1, Rng.fromSeed(1)));
    s.step(actionForDir(map.actions, 'D'));
    expect(s.step(actionForDir(map.actions, 'R'))).toBe('moved'); // (1,1) is a hole
    expect(s.stats.outcome).toBe('lost');
    s.restart();
    expect(s.stats).toEqual({ steps: 0, lastReward: null, ret: 0, outcome: 'playing' });
    expect(s.env.stateIndex[0]).toBe(0);
  });

  it('times out at the map’s limit', () => {
    const map = { ...GRID_PRESETS.frozenlake4x4, slip: 0, timeLimit: 3 };
    const s = new PlaySession(new GridWorldEnv(map, 1, Rng.fromSeed(1)));
    const left = actionForDir(map.actions, 'L'); // blocked at the left edge
    for (let k = 0; k < 3; k++) s.step(left);
    expect(s.stats.outcome).toBe('timeout');
  });

  it('refuses an illegal 2048 move without spending a step', () => {
    const env = new Game2048Env({}, 1, Rng.fromSeed(3));
    const s = new PlaySession(env);
    // Two tiles in the top-left corner, different values: Up and Left change nothing.
    env.setBoard(0, [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(s.step(actionForDir(URDL_ACTIONS, 'U'))).toBe('illegal');
    expect(s.stats.steps).toBe(0);
    expect(s.step(actionForDir(URDL_ACTIONS, 'D'))).toBe('moved');
    expect(s.stats.steps).toBe(1);
  });
});

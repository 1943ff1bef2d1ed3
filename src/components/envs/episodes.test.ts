import { describe, expect, it } from 'vitest';
import { GRID_PRESETS } from '../../core/envs/gridworld';
import { SOKOBAN_TEACHING_LEVELS } from '../../core/envs/sokobanLevels';
import { record2048Episode, recordGridEpisode, recordSokobanEpisode } from './episodes';

describe('recorded random episodes', () => {
  it('FrozenLake: starts at S, ends by the rules or the time limit, is reproducible', () => {
    const frames = recordGridEpisode(GRID_PRESETS.frozenlake4x4, 7);
    expect(frames[0]).toMatchObject({ step: 0, cell: 0, action: -1 });
    const last = frames[frames.length - 1];
    expect(['terminated', 'truncated']).toContain(last.end);
    expect(frames.slice(0, -1).every((f) => f.end === 'playing')).toBe(true);
    expect(recordGridEpisode(GRID_PRESETS.frozenlake4x4, 7)).toEqual(frames);
    expect(last.ret).toBe(last.success ? 1 : 0);
  });

  it('2048: score is the return and every board has 16 cells', () => {
    const frames = record2048Episode(1, 50);
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.every((f) => f.exponents.length === 16)).toBe(true);
    const last = frames[frames.length - 1];
    expect(last.score).toBe(last.ret);
  });

  it('Sokoban: frames are level text of the same shape', () => {
    const frames = recordSokobanEpisode(SOKOBAN_TEACHING_LEVELS[1].text, 2);
    const shape = (t: string) => t.split('\n').map((l) => l.length);
    expect(frames.every((f) => shape(f.text).join() === shape(frames[0].text).join())).toBe(true);
    expect(frames[0].text).toBe(SOKOBAN_TEACHING_LEVELS[1].text);
  });
});

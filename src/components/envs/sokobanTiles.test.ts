import { describe, expect, it } from 'vitest';
import { SOKOBAN_TEACHING_LEVELS } from '../../core/envs/sokobanLevels';
import { sokobanTiles } from './sokobanTiles';

describe('sokobanTiles', () => {
  it('reads every standard character', () => {
    const t = sokobanTiles(['#######', '#@$*.+#', '#######'].join('\n'));
    expect(t.width).toBe(7);
    expect(t.height).toBe(3);
    expect(t.tiles.slice(7, 14)).toEqual([
      'wall',
      'player',
      'box',
      'boxOnTarget',
      'target',
      'playerOnTarget',
      'wall',
    ]);
    expect(t.boxes).toBe(2);
    expect(t.boxesOnTarget).toBe(1);
  });

  it('marks spaces outside the walls as outside, inside ones as floor', () => {
    const micro = SOKOBAN_TEACHING_LEVELS.find((l) => l.name === 'Microban 1');
    const t = sokobanTiles(micro?.text ?? '');
    // Row 1 is '####  ': its last two cells are outside; row 4 '#*@  #' has inside floor.
    expect(t.tiles[4]).toBe('outside');
    expect(t.tiles[5]).toBe('outside');
    expect(t.tiles[3 * 6 + 3]).toBe('floor');
  });

  it('pads ragged rows', () => {
    const t = sokobanTiles('###\n#@#\n##');
    expect(t.width).toBe(3);
    expect(t.tiles[8]).toBe('outside');
  });
});

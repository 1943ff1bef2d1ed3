import { describe, expect, it } from 'vitest';
import { compileGridMap, GRID_PRESETS } from '../../core/envs/gridworld';
import {
  arrowPath,
  cellChar,
  describeGridStep,
  pathSegments,
  rewardAt,
  rewardLabels,
} from './gridView';

describe('reward labels', () => {
  it('print nothing on FrozenLake (every reward is the default)', () => {
    const { labels, stepReward } = rewardLabels(GRID_PRESETS.frozenlake4x4);
    expect(labels.every((l) => l === null)).toBe(true);
    expect(stepReward).toBeNull();
  });

  it('state CliffWalking’s -1 per step once and keep the cliff at its default', () => {
    const map = GRID_PRESETS.cliffwalking;
    const { labels, stepReward } = rewardLabels(map);
    expect(stepReward).toBe(-1);
    // The goal pays -1 (not the default +1): worth printing. Cliffs pay their default -100.
    expect(labels[3 * 12 + 11]).toBe('−1');
    expect(labels[3 * 12 + 5]).toBeNull();
    expect(labels.filter((l) => l !== null)).toHaveLength(1);
  });

  it('print the near goal’s 0.3 on twogoals', () => {
    const map = GRID_PRESETS.twogoals;
    const { labels } = rewardLabels(map);
    expect(labels[2 * 5 + 1]).toBe('+0.3');
    expect(labels[4 * 5 + 4]).toBeNull();
    expect(rewardAt(map, 2, 1)).toBe(0.3);
    expect(cellChar(map, 2 * 5 + 1)).toBe('G');
  });
});

describe('policy arrows', () => {
  it('point the right way and grow with the probability', () => {
    expect(arrowPath(0, 0, 'R', 1)).toMatch(/^M0.5 0.5L/);
    const short = arrowPath(0, 0, 'R', 0.2) as string;
    const long = arrowPath(0, 0, 'R', 1) as string;
    const tipX = (p: string) => Number(/L([\d.]+) [\d.]+L[\d.]+ [\d.]+Z$/.exec(p)?.[1]);
    expect(tipX(long)).toBeGreaterThan(tipX(short));
    expect(tipX(long)).toBeLessThanOrEqual(1);
    expect(arrowPath(0, 0, 'R', 0.001)).toBeNull();
  });
});

describe('path segments', () => {
  it('join neighbouring cells, skip blocked moves and break at jumps', () => {
    // 4 columns: 0 -> 1 -> 1 (blocked) -> 5 -> back to 0 (a cliff's return to start) -> 4
    expect(pathSegments([0, 1, 1, 5, 0, 4], 4)).toEqual([
      [
        [0.5, 0.5],
        [1.5, 0.5],
        [1.5, 1.5],
      ],
      [
        [0.5, 0.5],
        [0.5, 1.5],
      ],
    ]);
    expect(pathSegments([], 4)).toEqual([]);
  });
});

describe('describeGridStep', () => {
  // 4x4 FrozenLake tables, compiled as the env does.
  const g = compileGridMap(GRID_PRESETS.frozenlake4x4);
  const c = compileGridMap(GRID_PRESETS.cliffwalking);

  it('says nothing when the move went as asked', () => {
    expect(describeGridStep(g, 0, 1, 'R')).toBeNull();
  });

  it('explains blocked moves, slips and cliffs', () => {
    expect(describeGridStep(g, 0, 0, 'L')).toMatch(/Blocked/);
    expect(describeGridStep(g, 0, 4, 'R')).toBe('Slipped: went down instead of right.');
    expect(describeGridStep(g, 0, 0, 'R')).toMatch(/Slipped sideways/);
    // CliffWalking start (3,0) moving right lands on the cliff (3,1) and returns to the start.
    expect(describeGridStep(c, 36, 36, 'R')).toMatch(/cliff/);
  });
});

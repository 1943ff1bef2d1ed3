import { describe, expect, it } from 'vitest';
import { migratePairs, MIGRATIONS } from './migrations';
import { EXPERIMENT_VERSION } from './schema';
import { decodeExperiment } from './urlCodec';

describe('link migrations', () => {
  it('has a path from every older version to the current one', () => {
    for (let v = 0; v < EXPERIMENT_VERSION; v++)
      expect(MIGRATIONS.some((m) => m.from === v)).toBe(true);
  });

  it('renames v0 draft keys to v1 keys', () => {
    const { pairs, notices } = migratePairs(
      [
        ['armProbabilities', '0.1,0.9'],
        ['run2.preset', 'grpo'],
        ['updatesPerSecond', 'null'],
        ['run2.learningRate', '0.3'],
      ],
      0,
    );
    expect(pairs).toEqual([
      ['arms', '0.1,0.9'],
      ['run2', 'grpo'],
      ['speed', 'max'],
      ['run2.learningRate', '0.3'],
    ]);
    expect(notices).toHaveLength(1);
  });

  it('opens a v0 link and says it was upgraded', () => {
    const r = decodeExperiment('v=0&armProbabilities=0.1,0.9&run1.preset=rloo&maxUpdates=50');
    expect(r.experiment.env).toMatchObject({ arms: { source: 'means', means: [[0.1, 0.9]] } });
    expect(r.experiment.runs[0].preset).toBe('rloo');
    expect(r.experiment.maxUpdates).toBe(50);
    expect(r.notices).toEqual([expect.stringContaining('upgraded to v1')]);
  });

  it('reads a link from a newer version as far as it can, with a notice', () => {
    const r = decodeExperiment('v=7&episodes=16&hologram=on');
    expect(r.experiment.episodesPerUpdate).toBe(16);
    expect(r.notices[0]).toMatch(/newer version/);
    expect(r.notices[1]).toMatch(/hologram/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../core/train/config';
import { frozenLakeRuns } from './frozenLakeRuns';
import { dealRuns, runCost, workersFor } from './runDealing';

const frozenLake = (runs: number) => frozenLakeRuns(runs, ['reinforce']);

describe('dealRuns, runCost and workersFor', () => {
  it('deals runs of equal cost round-robin', () => {
    expect(dealRuns([1, 1, 1, 1, 1], 2)).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
    expect(dealRuns([1, 1], 4)).toEqual([[0], [1], [], []]);
  });

  it('spreads costly runs: 3 PPO seeds then 3 REINFORCE seeds on 2 workers', () => {
    const config = frozenLake(6);
    const runs = config.runs.map((run, r) => ({ ...run, preset: r < 3 ? 'ppo' : 'reinforce' }));
    const costs = runs.map((run) => runCost(config, run));
    // 8 episodes: REINFORCE acts once and trains one epoch, PPO trains four.
    expect(costs).toEqual([8 * 13, 8 * 13, 8 * 13, 8 * 4, 8 * 4, 8 * 4]);
    const parts = dealRuns(costs, 2);
    expect(parts).toEqual([
      [0, 2],
      [1, 3, 4, 5],
    ]);
    const loads = parts.map((p) => p.reduce((sum, r) => sum + costs[r], 0));
    expect(loads).toEqual([8 * 26, 8 * 25]);
  });

  it("counts a network run's critic and reference: PPO 6.5 REINFORCE runs, RLOO 1.25", () => {
    const config: TrainConfig = {
      ...frozenLake(3),
      env: { family: '2048', params: {} },
      policy: { kind: 'mlp', hidden: [8] },
    };
    const costs = ['reinforce', 'rloo', 'ppo'].map((preset, r) =>
      runCost(config, { ...config.runs[r], preset, groupSize: 2 }),
    );
    // 8 episodes: REINFORCE acts and trains once (1 + 3); RLOO acts with its reference too
    // (2 + 3); PPO acts and trains 4 epochs with its critic ((1 + 3 x 4) x 2).
    expect(costs).toEqual([8 * 4, 8 * 5, 8 * 26]);
  });

  it('every run goes to one worker, in order; loads differ by at most the costliest run', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 64 }),
        fc.integer({ min: 1, max: 16 }),
        (costs, k) => {
          const parts = dealRuns(costs, k);
          expect(parts).toHaveLength(k);
          expect(parts.flat().sort((a, b) => a - b)).toEqual([...costs.keys()]);
          for (const part of parts) expect(part).toEqual([...part].sort((a, b) => a - b));
          const loads = parts.map((p) => p.reduce((sum, r) => sum + costs[r], 0));
          expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...costs));
        },
      ),
    );
  });

  it('uses one worker per run up to the limit, and one for networks on a GPU', () => {
    const tabular = frozenLake(5);
    const mlp: TrainConfig = { ...tabular, policy: { kind: 'mlp', hidden: [8] } };
    expect(workersFor(tabular, 'webgpu', 8).count).toBe(5);
    expect(workersFor(tabular, 'wasm', 3)).toEqual({
      count: 3,
      reason: '3 training workers, 5 runs dealt by their work per update',
    });
    expect(workersFor(mlp, 'wasm', 3).count).toBe(3);
    expect(workersFor(mlp, 'webgpu', 8)).toEqual({
      count: 1,
      reason: '1 training worker: webgpu runs every network on one device',
    });
    expect(workersFor(mlp, 'webgl', 8).count).toBe(1);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessWorkers } from '../src/workers/inProcessWorkers';
import { measureApp } from './app';
import { workloadConfig, workloads } from './workloads';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('measureApp: training as the app does it, read from its metric frames', () => {
  it('deals 4 bandit runs to 2 workers and counts R x E env steps per update', async () => {
    const bandit = workloads().find((w) => w.id === 'bandit10');
    const config = workloadConfig(bandit!, { runs: 4, episodesPerUpdate: 8 });
    const { throughput, workers } = await measureApp(config, 0.2, {
      backend: 'cpu',
      maxWorkers: 2,
      spawn: inProcessWorkers().spawn,
      warmup: 2,
      minUpdates: 3,
    });
    expect(workers).toBe(2);
    expect(throughput.seconds).toBeGreaterThanOrEqual(0.2);
    expect(throughput.updatesPerSec * throughput.seconds).toBeGreaterThanOrEqual(3);
    // A bandit episode is one pull: every update is 4 runs x 8 episodes = 32 env steps.
    expect(throughput.envStepsPerSec / throughput.updatesPerSec).toBeCloseTo(32, 9);
  });

  it('rejects with the refusal when the experiment cannot be trained', async () => {
    const bandit = workloads().find((w) => w.id === 'bandit10');
    const config = workloadConfig(bandit!, { runs: 2 });
    const bad = { ...config, runs: config.runs.map((r) => ({ ...r, seed: 0.5 })) };
    await expect(
      measureApp(bad, 0.1, {
        backend: 'cpu',
        maxWorkers: 2,
        spawn: inProcessWorkers().spawn,
        warmup: 1,
        minUpdates: 1,
      }),
    ).rejects.toThrow('runs[0] (run 0): seed must be an integer, got 0.5');
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GRID_PRESETS } from '../core/envs/gridworld';
import type { FromShard, MetricFrame } from './protocol';
import { AutoBackend } from './calibration';
import { createTrainingWorker } from './trainingWorker';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a training worker as a shard', () => {
  it('a grant sent right after the start counts for that start (it waits behind it)', async () => {
    const sent: FromShard[] = [];
    const worker = createTrainingWorker((msg) => sent.push(msg));
    const rows = () =>
      sent.filter((m): m is MetricFrame => m.type === 'frame').reduce((n, f) => n + f.rows, 0);
    worker.receive({
      type: 'start',
      config: {
        env: { family: 'gridworld', map: GRID_PRESETS.frozenlake4x4 },
        policy: { kind: 'tabular' },
        episodesPerUpdate: 4,
        runs: [{ id: 'a', label: 'a', preset: 'reinforce', overrides: {}, seed: 1 }],
      },
      maxUpdates: Infinity,
      updatesPerSecond: null,
      shard: { grant: 0 },
    });
    worker.receive({ type: 'grant', upTo: 2 });
    const samples = () => sent.find((m) => m.type === 'histogramSamples');
    for (let i = 0; i < 200 && !samples(); i++) await new Promise((r) => setTimeout(r, 5));
    // The first update waits for the coordinator's bins, computed from every shard's runs.
    expect(samples()).toEqual({ type: 'histogramSamples', perRun: [expect.any(Float64Array)] });
    worker.receive({ type: 'histogramBins', edges: Float64Array.of(-1, 0, 1) });
    for (let i = 0; i < 200 && rows() < 2; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(rows()).toBe(2);
    const last = sent.filter((m): m is MetricFrame => m.type === 'frame').at(-1);
    expect(last?.histogramEdges).toEqual(Float64Array.of(-1, 0, 1));
    worker.receive({ type: 'stop' });
  });

  it("chooses the backend for the whole experiment at 'prepare', not again for its own runs", async () => {
    // A shard's runs are another workload class (fewer runs): choosing again could switch it
    // away from the backend the other workers were given.
    const prepare = vi.spyOn(AutoBackend.prototype, 'prepare');
    const sent: FromShard[] = [];
    const worker = createTrainingWorker((msg) => sent.push(msg));
    const config = {
      env: { family: 'gridworld' as const, map: GRID_PRESETS.frozenlake4x4 },
      policy: { kind: 'tabular' as const },
      episodesPerUpdate: 4,
      runs: [1, 2, 3, 4].map((seed) => ({
        id: `r${seed}`,
        label: `r${seed}`,
        preset: 'reinforce',
        overrides: {},
        seed,
      })),
    };
    worker.receive({ type: 'prepare', config, workers: 2 });
    worker.receive({
      type: 'start',
      config: { ...config, runs: config.runs.slice(0, 2) },
      maxUpdates: Infinity,
      updatesPerSecond: null,
      shard: { grant: 0 },
    });
    for (let i = 0; i < 200 && !sent.some((m) => m.type === 'status'); i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(sent.find((m) => m.type === 'prepared')).toMatchObject({ problems: [] });
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(prepare.mock.calls[0][0].runs).toHaveLength(4);
    expect(prepare.mock.calls[0][1]).toBe(2);
    worker.receive({ type: 'stop' });
    prepare.mockRestore();
  });
});

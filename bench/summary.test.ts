import { describe, expect, it } from 'vitest';
import { summarize } from './summary';

describe('summarize', () => {
  it('lists every target per runtime/backend/workload and counts met, not met and errors', () => {
    const rows = [
      { bench: 'envs', runtime: 'node', ratio: 3 }, // not a training row
      {
        bench: 'workload',
        id: 'bandit10',
        runtime: 'node',
        backend: 'wasm',
        ratio: 0.70004,
        ratioTarget: '>= 0.5',
        scalingRuns: 16,
        scaling: 4.0049,
        met: { ratio: true, scaling: false },
      },
      {
        bench: 'training',
        id: 'training',
        runtime: 'chromium',
        backend: 'webgpu',
        ratio: 30,
        ratioTarget: '>= 20',
        scalingRuns: 16,
        scaling: 2,
        mainThread: { longTasks: 1, longestMs: 120 },
        met: { ratio: true, scaling: true, noLongTask: true },
      },
      { bench: 'workload', id: '2048', runtime: 'chromium', backend: 'cpu', error: 'boom' },
      { bench: 'backend', id: 'all', runtime: 'chromium', backend: 'webgl', error: 'unavailable' },
      { bench: 'browser', id: 'all', runtime: 'chromium', backend: 'all', error: 'no chromium' },
    ];
    const s = summarize(rows);
    expect(s.bench).toBe('summary');
    expect(s.entries).toEqual([
      {
        runtime: 'node',
        backend: 'wasm',
        workload: 'bandit10',
        ratio: { value: 0.7, target: '>= 0.5', met: true },
        scaling: { value: 4, target: '<= 3', met: false, runs: 16 },
      },
      {
        runtime: 'chromium',
        backend: 'webgpu',
        workload: 'training',
        ratio: { value: 30, target: '>= 20', met: true },
        scaling: { value: 2, target: '<= 3', met: true, runs: 16 },
        noLongTask: { value: 120, target: '<= 200 ms', met: true },
      },
      { runtime: 'chromium', backend: 'cpu', workload: '2048', error: 'boom' },
      { runtime: 'chromium', backend: 'webgl', workload: 'all', error: 'unavailable' },
      { runtime: 'chromium', backend: 'all', workload: 'all', error: 'no chromium' },
    ]);
    expect([s.met, s.notMet, s.errors]).toEqual([4, 1, 3]);
  });

  it('lists training as the app does it (several workers) as its own entry, without a ratio', () => {
    const s = summarize([
      {
        bench: 'app',
        id: 'frozenlake8x8',
        runtime: 'chromium',
        backend: 'wasm',
        workers: 2,
        scalingRuns: 16,
        scaling: 8.123,
        mainThread: { longTasks: 0, longestMs: 0 },
        met: { scaling: false, noLongTask: true },
      },
    ]);
    expect(s.entries).toEqual([
      {
        runtime: 'chromium',
        backend: 'wasm',
        workload: 'frozenlake8x8 (app, 2 workers)',
        scaling: { value: 8.12, target: '<= 3', met: false, runs: 16 },
        noLongTask: { value: 0, target: '<= 200 ms', met: true },
      },
    ]);
    expect([s.met, s.notMet]).toEqual([1, 1]);
  });

  it('an empty bench has an empty summary', () => {
    expect(summarize([])).toEqual({ bench: 'summary', entries: [], met: 0, notMet: 0, errors: 0 });
  });
});

/**
 * Training as the app does it (issue 7's "16 runs trained together cost at most 3x the time of
 * 1 run"): the coordinator of src/workers/shards.ts deals the runs to up to `maxWorkers` training
 * workers (one per core in the app) and the throughput is read from the metric frames the UI
 * gets. No DOM: bench/browser.ts passes Web Workers, the test in-process ones.
 */
import type { TrainConfig } from '../src/core/train/config';
import type { BackendName } from '../src/workers/protocol';
import { TrainingCoordinator, type SpawnShard } from '../src/workers/shards';
import type { Throughput } from './training';

export interface AppMeasureOptions {
  readonly backend: BackendName;
  readonly maxWorkers: number;
  readonly spawn: SpawnShard;
  /** Updates before the clock starts (worker start-up, JIT, kernels). */
  readonly warmup: number;
  /** Timed updates at least, even past the time box. */
  readonly minUpdates: number;
  readonly now?: () => number;
}

export interface AppThroughput {
  readonly throughput: Throughput;
  /** Workers the coordinator used. */
  readonly workers: number;
}

/** Trains `config` through the coordinator until `seconds` (and `minUpdates`) have passed. */
export function measureApp(
  config: TrainConfig,
  seconds: number,
  opts: AppMeasureOptions,
): Promise<AppThroughput> {
  const now = opts.now ?? (() => performance.now());
  const R = config.runs.length;
  let workers = 1;
  let rows = 0;
  let start: { time: number; rows: number; steps: number } | null = null;
  const lastSteps = new Float64Array(R);
  return new Promise<AppThroughput>((resolve, reject) => {
    const coordinator = new TrainingCoordinator({
      maxWorkers: opts.maxWorkers,
      spawn: opts.spawn,
      emit: (msg) => {
        if (msg.type === 'workers') workers = msg.count;
        else if (msg.type === 'error') done(new Error(msg.message));
        else if (msg.type === 'configError') done(new Error(msg.problems.join('; ')));
        else if (msg.type === 'frame' && msg.rows > 0) {
          // Env steps so far: each run's cumulative count in its latest row.
          const W = msg.columns.length;
          const k = msg.columns.indexOf('envSteps');
          for (let r = 0; r < R; r++) {
            const v = msg.data[((msg.rows - 1) * R + r) * W + k];
            if (Number.isFinite(v)) lastSteps[r] = v;
          }
          rows += msg.rows;
          const steps = lastSteps.reduce((a, b) => a + b, 0);
          const t = now();
          if (!start) {
            if (rows >= opts.warmup) start = { time: t, rows, steps };
            return;
          }
          const elapsed = (t - start.time) / 1000;
          if (elapsed >= seconds && rows - start.rows >= opts.minUpdates)
            done(null, {
              envStepsPerSec: (steps - start.steps) / elapsed,
              updatesPerSec: (rows - start.rows) / elapsed,
              seconds: elapsed,
            });
        }
      },
    });
    let finished = false;
    function done(error: Error | null, throughput?: Throughput): void {
      if (finished) return;
      finished = true;
      coordinator.dispose();
      if (error) reject(error);
      else resolve({ throughput: throughput as Throughput, workers });
    }
    coordinator.send({ type: 'init', backend: opts.backend });
    coordinator.send({ type: 'start', config, maxUpdates: 1e9, updatesPerSecond: null });
  });
}

import { Rng } from '../rng';
import { runMicroscope, type MicroscopeConfig } from './microscope';
import { problemShape } from './problem';

/**
 * Bias, variance and MSE against batch size or group size, for the log-log chart: the
 * microscope run at each point with its own random numbers.
 * - `batch`: N = G, 2G, 4G, ... at the chosen group size G. An unbiased estimator's variance and
 *   MSE fall as 1/N (slope -1 on log-log axes); a bias that does not depend on N stays flat and
 *   the MSE bends onto it.
 * - `group`: G = 1, 2, 4, ... up to N at the chosen batch size N (the same number of pulls,
 *   spent on fewer, larger groups). Group estimators are left out where G = 1 is too small.
 */
export type SweepAxis = 'batch' | 'group';

export interface SweepPoint {
  readonly batchSize: number;
  readonly groupSize: number;
  /** Batches M at this point (default: the config's). */
  readonly batches?: number;
}

export interface SweepValue {
  readonly biasSq: number;
  /** V / M: what |bias|^2 of an unbiased estimator looks like with M batches. */
  readonly biasSqFloor: number;
  readonly variance: number;
  readonly mse: number;
}

export interface SweepRow extends SweepPoint {
  /** The x coordinate: the batch size or the group size. */
  readonly x: number;
  /** Per estimator id; missing where the estimator cannot run at this point. */
  readonly values: Readonly<Record<string, SweepValue>>;
}

/** Up to this many points per sweep, and batches of at most this many pulls. */
export const SWEEP_MAX_POINTS = 7;
export const SWEEP_MAX_BATCH = 1024;
/**
 * Multi-step episodes cost up to their time limit each: there a sweep's batches stop at 256
 * episodes, and each point draws at most this many episode-steps (M shrinks, never below 50),
 * so a FrozenLake or CliffWalking sweep takes seconds, not minutes.
 */
export const SWEEP_MAX_EPISODE_BATCH = 256;
export const SWEEP_STEP_BUDGET = 2_000_000;
export const SWEEP_MIN_BATCHES = 50;

/** The sweep's points for a config, with the number of batches each can afford. */
export function sweepPlan(config: MicroscopeConfig, axis: SweepAxis): SweepPoint[] {
  const T = problemShape(config.problem).maxSteps;
  const maxBatch = T > 1 ? SWEEP_MAX_EPISODE_BATCH : SWEEP_MAX_BATCH;
  return sweepPoints(axis, config.batchSize, config.groupSize, maxBatch).map((p) => ({
    ...p,
    batches:
      T > 1
        ? Math.min(
            config.batches,
            Math.max(SWEEP_MIN_BATCHES, Math.floor(SWEEP_STEP_BUDGET / (p.batchSize * T))),
          )
        : config.batches,
  }));
}

export function sweepPoints(
  axis: SweepAxis,
  batchSize: number,
  groupSize: number,
  maxBatch = SWEEP_MAX_BATCH,
): SweepPoint[] {
  const points: SweepPoint[] = [];
  if (axis === 'batch') {
    for (let N = groupSize; N <= maxBatch && points.length < SWEEP_MAX_POINTS; N *= 2)
      points.push({ batchSize: N, groupSize });
  } else {
    for (let G = 1; G <= batchSize; G *= 2)
      if (batchSize % G === 0) points.push({ batchSize, groupSize: G });
    if (points[points.length - 1]?.groupSize !== batchSize)
      points.push({ batchSize, groupSize: batchSize });
    while (points.length > SWEEP_MAX_POINTS) points.shift(); // keep the large groups
  }
  return points;
}

export function sweepMicroscope(
  config: MicroscopeConfig,
  axis: SweepAxis,
  points: readonly SweepPoint[] = sweepPlan(config, axis),
): SweepRow[] {
  const seeds = Rng.fromSeed(config.seed).split('sweep');
  return points.map((point) => {
    // A point's random numbers depend on its own sizes only, so a sweep computed one point at a
    // time (the worker does, to stay interruptible) gives the same rows.
    const seed = seeds.split(`${point.batchSize}x${point.groupSize}`).nextUint32();
    const batches = point.batches ?? config.batches;
    const result = runMicroscope({ ...config, ...point, batches, seed });
    const values: Record<string, SweepValue> = {};
    for (const look of result.estimators) {
      if (look.error !== undefined) continue;
      const { biasSq, biasSqFloor, variance, mse } = look.stats;
      values[look.id] = { biasSq, biasSqFloor, variance, mse };
    }
    return { ...point, batches, x: axis === 'batch' ? point.batchSize : point.groupSize, values };
  });
}

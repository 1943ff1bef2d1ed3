/**
 * Training throughput, measured in one process on one backend, each next to a reference
 * measured in the same run (so the ratios hold on a busy machine):
 *
 * - `benchTraining`: the fixed workload of issue 2 (10-armed Bernoulli bandit, 16 runs x 256
 *   envs, MLP), our Trainer vs the naive implementation.
 * - `benchWorkload`: the workloads (a)-(d) of bench/workloads.ts. Tabular ones against the
 *   hand-written plain-TypeScript loop (bench/handwritten.ts), neural ones against the naive
 *   implementation.
 * Both also time the trainer with 1 run (same per-run batch): the scaling figures
 * (bench/targets.ts) say what training all runs together costs against one. The three are timed
 * in turns, ROUNDS windows each, and each keeps its best window (`interleaved`).
 *
 * Implementations:
 * - `trainer`: our Trainer (all runs stacked, one policy evaluation per env step for all runs,
 *   one batched loss/gradient/update per update, every metric computed).
 * - `naive`: the way tfjs-examples' cart-pole does it: one run at a time, one environment at a
 *   time, and for every environment step its own forward pass, its own gradient computation and
 *   its own blocking read-back; each episode's per-step gradients are scaled by their
 *   returns-to-go and summed, and the sum is applied once per update (E episodes per run).
 *
 * Plain functions over tfjs-core, no DOM: the same code runs under Node (bench/run.ts) and in
 * headless Chromium (bench/browser.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createEnv } from '../src/core/envs/registry';
import { maskLogits, StackedMlp } from '../src/core/policies/stackedMlp';
import { Rng } from '../src/core/rng';
import { DEFAULT_MAX_STEPS, type TrainConfig } from '../src/core/train/config';
import { Trainer } from '../src/core/train/trainer';
import { measureHandwritten, type HandwrittenId } from './handwritten';
import { judge, type Judgement } from './targets';
import {
  BANDIT_WORKLOAD,
  trainingWorkloadConfig,
  trainingWorkloadDescription,
  workloadConfig,
  type TrainingWorkload,
  type Workload,
} from './workloads';

export interface Throughput {
  readonly envStepsPerSec: number;
  /** Updates of the whole experiment (all runs) per second. */
  readonly updatesPerSec: number;
  readonly seconds: number;
}

const now = () => performance.now();

export interface MeasureOptions {
  /** Updates before the clock starts (JIT, backend kernels, buffers). Default 3. */
  readonly warmup?: number;
  /** Timed updates at least, even past the time box. Default 3. */
  readonly minUpdates?: number;
}

/** Something timed in windows, its warm-up and state kept between them. */
export interface Meter {
  /** Time one window of at least `seconds`. */
  window(seconds: number): Promise<Throughput>;
  dispose(): void;
  /** Time all its windows after the other meters' (see naiveMeter). */
  readonly last?: boolean;
}

/**
 * Our trainer as a Meter: warm up once, then each window times updates until `seconds` have
 * passed (and at least `minUpdates`). Env steps are the steps the runs actually took (episodes
 * end at different times).
 */
export async function trainerMeter(config: TrainConfig, opts: MeasureOptions = {}): Promise<Meter> {
  const trainer = new Trainer(config);
  try {
    for (let i = 0; i < (opts.warmup ?? 3); i++) await trainer.update();
  } catch (err) {
    trainer.dispose();
    throw err;
  }
  const totalSteps = () => trainer.runs.reduce((s, r) => s + r.envSteps, 0);
  return {
    async window(seconds) {
      const steps0 = totalSteps();
      const start = now();
      let updates = 0;
      while (now() - start < seconds * 1000 || updates < (opts.minUpdates ?? 3)) {
        await trainer.update();
        updates += 1;
      }
      const elapsed = (now() - start) / 1000;
      return {
        envStepsPerSec: (totalSteps() - steps0) / elapsed,
        updatesPerSec: updates / elapsed,
        seconds: elapsed,
      };
    },
    dispose: () => trainer.dispose(),
  };
}

/** Our trainer: warm up, then time updates until `minSeconds` have passed (one window). */
export async function measureTrainer(
  config: TrainConfig,
  minSeconds: number,
  opts: MeasureOptions = {},
): Promise<Throughput> {
  const meter = await trainerMeter(config, opts);
  try {
    return await meter.window(minSeconds);
  } finally {
    meter.dispose();
  }
}

/**
 * Windows per measurement in a bench row. The trainer, its 1-run copy and the reference are
 * timed in turns (A B C, A B C, A B C), each for a third of the row's seconds, and each keeps
 * its best window. On a shared machine the load drifts within a row: timed one after the other,
 * a busy spell could land on one side of a ratio only (between two benches of the same code the
 * naive reference's rate moved by 25% while the trainer's did not). Best of n is the usual
 * remedy for timing noise (as Python's timeit), and it treats both sides of a ratio alike.
 */
export const ROUNDS = 3;

/** Each meter's best window (highest env steps per second) over ROUNDS interleaved rounds. */
export async function interleaved(
  meters: readonly (() => Promise<Meter>)[],
  seconds: number,
): Promise<Throughput[]> {
  const started: Meter[] = [];
  try {
    for (const make of meters) started.push(await make());
    const best: (Throughput | null)[] = started.map(() => null);
    const time = async (m: number) => {
      const t = await started[m].window(seconds / ROUNDS);
      if (!best[m] || t.envStepsPerSec > (best[m] as Throughput).envStepsPerSec) best[m] = t;
    };
    const inTurns = started.flatMap((meter, m) => (meter.last ? [] : [m]));
    for (let round = 0; round < ROUNDS; round++) for (const m of inTurns) await time(m);
    for (let m = 0; m < started.length; m++)
      if (started[m].last) for (let round = 0; round < ROUNDS; round++) await time(m);
    return best as Throughput[];
  } finally {
    started.forEach((m) => m.dispose());
  }
}

export interface NaiveOptions {
  /**
   * Before the clock starts, run one whole update of a 1-run, 1-episode, 2-step copy of the
   * config: the same kernels at the same shapes, so WebGL / WebGPU shader compilation is not
   * billed to the reference (the trainer gets warm-up updates too). Default true.
   */
  readonly warmup?: boolean;
  /** Stop after this many per-run updates, whatever the time (the warm-up uses 1). */
  readonly maxRunUpdates?: number;
}

/**
 * The naive reference (tfjs-examples cart-pole style) for any env the registry builds and an
 * MLP policy. Time-boxed: it stops after `minSeconds` even mid-update, and its rates come from
 * the env steps it completed (updates/s from the mean episode length it saw).
 */
export async function measureNaive(
  config: TrainConfig,
  minSeconds: number,
  opts: NaiveOptions = {},
): Promise<Throughput> {
  if (config.policy.kind !== 'mlp') throw new Error('measureNaive: needs an mlp policy');
  if (opts.warmup ?? true) {
    const tiny = { ...config, runs: config.runs.slice(0, 1), episodesPerUpdate: 1 };
    await measureNaive({ ...tiny, maxEpisodeSteps: 2 }, Infinity, {
      warmup: false,
      maxRunUpdates: 1,
    });
  }
  const hidden = config.policy.hidden;
  const E = config.episodesPerUpdate;
  const roots = config.runs.map((run) => Rng.fromSeed(run.seed));
  const envs = roots.map((root) => createEnv(config.env, 1, root.split('env')));
  const env0 = envs[0];
  const A = env0.numActions;
  const I = env0.obsSize;
  const T = Math.min(config.maxEpisodeSteps ?? Infinity, env0.maxEpisodeSteps ?? DEFAULT_MAX_STEPS);
  const policies = roots.map(
    (root) => new StackedMlp({ inputSize: I, hidden, numActions: A }, [root.split('init')]),
  );
  const sampling = roots.map((root) => root.split('sampling'));
  const tasks = roots.map((root) => root.split('tasks'));
  const action = new Int32Array(1);
  let steps = 0;
  let episodes = 0;
  let episodeSteps = 0;
  let runUpdates = 0;
  const start = now();
  const deadline = start + minSeconds * 1000;
  let sums: tf.Tensor[] | null = null;
  let stepGrads: tf.Tensor[][] = [];
  const disposeAll = () => {
    stepGrads.flat().forEach((g) => g.dispose());
    stepGrads = [];
    sums?.forEach((s) => s.dispose());
    sums = null;
  };
  outer: for (;;) {
    for (let r = 0; r < config.runs.length; r++) {
      const mlp = policies[r];
      const env = envs[r];
      const lr = config.runs[r].overrides.learningRate ?? 0.1;
      let updateSteps = 0;
      for (let e = 0; e < E; e++) {
        env.reset(0, tasks[r].int(env.numTasks));
        const rewards: number[] = [];
        for (let t = 0; t < T; t++) {
          const obs = tf.tensor3d(env.obs, [1, 1, I]);
          const legal = env.legalMask
            ? tf.tensor3d(Float32Array.from(env.legalMask), [1, 1, A])
            : null;
          // One forward pass, one blocking read-back and one gradient per environment step.
          const probsT = tf.tidy(() => tf.softmax(maskLogits(mlp.logits(obs), legal)));
          const probs = probsT.dataSync();
          probsT.dispose();
          const a = sampling[r].categorical(probs);
          const { grads, value } = tf.variableGrads(() => {
            const logp = tf.logSoftmax(maskLogits(mlp.logits(obs), legal));
            return tf.neg(
              tf.sum(tf.mul(logp, tf.oneHot(tf.tensor1d([a], 'int32'), A))),
            ) as tf.Scalar;
          }, mlp.variables);
          value.dispose();
          obs.dispose();
          legal?.dispose();
          stepGrads.push(mlp.variables.map((v) => grads[v.name]));
          action[0] = a;
          env.step(action);
          rewards.push(env.rewards[0]);
          steps += 1;
          updateSteps += 1;
          if (now() > deadline) break outer;
          if (env.terminated[0] || env.truncated[0]) break;
        }
        episodes += 1;
        episodeSteps += rewards.length;
        // Scale each step's gradient of -log pi by its return-to-go and add it to the sum.
        const previous: tf.Tensor[] | null = sums;
        const grads = stepGrads;
        sums = tf.tidy((): tf.Tensor[] => {
          let G = 0;
          const out: tf.Tensor[] = mlp.variables.map((v, l) => previous?.[l] ?? tf.zerosLike(v));
          for (let t = grads.length - 1; t >= 0; t--) {
            G += rewards[t];
            out.forEach((s, l) => (out[l] = tf.add(s, tf.mul(grads[t][l], G))));
          }
          return out;
        });
        previous?.forEach((s) => s.dispose());
        stepGrads.flat().forEach((g) => g.dispose());
        stepGrads = [];
      }
      const total = sums as tf.Tensor[] | null;
      if (total)
        tf.tidy(() =>
          mlp.variables.forEach((v, l) => v.assign(tf.sub(v, tf.mul(total[l], lr / updateSteps)))),
        );
      disposeAll();
      runUpdates += 1;
      if (runUpdates >= (opts.maxRunUpdates ?? Infinity)) break outer;
    }
  }
  disposeAll();
  const seconds = (now() - start) / 1000;
  policies.forEach((p) => p.dispose());
  const meanLength = episodes ? episodeSteps / episodes : Math.max(1, steps);
  return {
    envStepsPerSec: steps / seconds,
    updatesPerSec: steps / (meanLength * E * config.runs.length) / seconds,
    seconds,
  };
}

/**
 * The naive reference as a Meter: each window is a fresh time-boxed run (warm-up once).
 * On webgpu its windows come last: tfjs-webgpu reads synchronously (dataSync) through a fresh
 * OffscreenCanvas webgpu context per read, and in Chromium a trainer still alive after a few
 * thousand of those failed its next read ("mapAsync: A valid external Instance reference no
 * longer exists").
 */
export function naiveMeter(config: TrainConfig): Meter {
  let warm = false;
  return {
    last: tf.getBackend() === 'webgpu',
    async window(seconds) {
      const t = await measureNaive(config, seconds, { warmup: !warm });
      warm = true;
      return t;
    },
    dispose: () => {},
  };
}

/** The hand-written loop as a Meter. */
function handwrittenMeter(w: Workload): Meter {
  return {
    window: async (seconds) =>
      measureHandwritten(w.id as HandwrittenId, w.episodesPerUpdate, w.learningRate, seconds),
    dispose: () => {},
  };
}

export interface BenchRow extends Judgement {
  readonly bench: 'training' | 'workload';
  /** 'training' for the fixed workload, else the WorkloadId of (a)-(d). */
  readonly id: string;
  readonly workload: string;
  readonly runtime: 'node' | 'chromium';
  readonly backend: string;
  /** All runs of the workload trained together, every metric on. */
  readonly trainer: Throughput;
  /** The same workload with 1 run (same per-run batch), for the scaling figures. */
  readonly trainer1Run: Throughput;
  readonly reference: 'handwritten' | 'naive';
  readonly referenceThroughput: Throughput;
}

/** The fixed training workload: 16 runs of an MLP on the bandit, against the naive reference. */
export async function benchTraining(
  runtime: 'node' | 'chromium',
  seconds: number,
  w: TrainingWorkload = BANDIT_WORKLOAD,
): Promise<BenchRow> {
  const [trainer, trainer1Run, naive] = await interleaved(
    [
      () => trainerMeter(trainingWorkloadConfig(w)),
      () => trainerMeter(trainingWorkloadConfig({ ...w, runs: 1 })),
      async () => naiveMeter(trainingWorkloadConfig(w)),
    ],
    seconds,
  );
  return {
    bench: 'training',
    id: 'training',
    workload: trainingWorkloadDescription(w),
    runtime,
    backend: tf.getBackend(),
    trainer,
    trainer1Run,
    reference: 'naive',
    referenceThroughput: naive,
    ...judge({ tabular: false, trainer, trainer1Run, reference: naive, runs: w.runs }),
  };
}

/**
 * One of the workloads (a)-(d): all its runs, 1 run, and the reference (tabular: the
 * hand-written loop; neural: the naive implementation), each timed for `seconds` in ROUNDS
 * interleaved windows.
 */
export async function benchWorkload(
  w: Workload,
  runtime: 'node' | 'chromium',
  seconds: number,
): Promise<BenchRow> {
  // One update of the neural workloads is long: one warm-up update, then at least one timed.
  const opts: MeasureOptions = w.tabular ? {} : { warmup: 1, minUpdates: 1 };
  const [trainer, trainer1Run, reference] = await interleaved(
    [
      () => trainerMeter(workloadConfig(w), opts),
      () => trainerMeter(workloadConfig(w, { runs: 1 }), opts),
      async () => (w.tabular ? handwrittenMeter(w) : naiveMeter(workloadConfig(w))),
    ],
    seconds,
  );
  return {
    bench: 'workload',
    id: w.id,
    workload: w.description,
    runtime,
    backend: tf.getBackend(),
    trainer,
    trainer1Run,
    reference: w.tabular ? 'handwritten' : 'naive',
    referenceThroughput: reference,
    ...judge({ tabular: w.tabular, trainer, trainer1Run, reference, runs: w.runs }),
  };
}

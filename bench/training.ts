/**
 * Training throughput for the fixed workload of issue 2: a 10-armed Bernoulli bandit, 16 runs of
 * 256 envs each, MLP policy. Two implementations measured back to back on the same backend:
 *
 * - `trainer`: our Trainer (all runs stacked, one forward pass and one read-back per env step,
 *   one batched loss/gradient/update per update).
 * - `naive`: the way tfjs-examples' cart-pole does it: one run at a time, and for every
 *   environment step its own forward pass, its own gradient computation and its own blocking
 *   read-back; the per-step gradients are accumulated and applied once per update.
 *
 * Plain functions over tfjs-core, no DOM: the same code runs under Node (bench/run.ts) and in
 * headless Chromium (bench/browser.ts), so the ratio is measured in one process on one backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BanditEnv } from '../src/core/envs/bandit';
import { StackedMlp } from '../src/core/policies/stackedMlp';
import { Rng } from '../src/core/rng';
import type { TrainConfig } from '../src/core/train/config';
import { Trainer } from '../src/core/train/trainer';

export interface TrainingWorkload {
  readonly runs: number;
  readonly envsPerRun: number;
  readonly hidden: number;
  readonly arms: readonly number[];
}

export const BANDIT_WORKLOAD: TrainingWorkload = {
  runs: 16,
  envsPerRun: 256,
  hidden: 32,
  arms: [0.2, 0.5, 0.35, 0.8, 0.1, 0.45, 0.6, 0.3, 0.55, 0.4],
};

export interface Throughput {
  readonly envStepsPerSec: number;
  /** Updates of the whole experiment (all runs) per second. */
  readonly updatesPerSec: number;
  readonly seconds: number;
}

const now = () => performance.now();

function workloadConfig(w: TrainingWorkload): TrainConfig {
  return {
    env: { family: 'bandit', params: { kind: 'bernoulli', means: [w.arms.slice()] } },
    policy: { kind: 'mlp', hidden: [w.hidden] },
    episodesPerUpdate: w.envsPerRun,
    runs: Array.from({ length: w.runs }, (_, r) => ({
      id: `r${r}`,
      label: `run ${r}`,
      preset: r % 2 ? 'reinforce-baseline' : 'reinforce',
      overrides: { learningRate: 0.05, optimizer: 'adam' as const },
      seed: r + 1,
    })),
  };
}

/** Our trainer: warm up, then time updates until `minSeconds` have passed. */
export async function measureTrainer(w: TrainingWorkload, minSeconds: number): Promise<Throughput> {
  const trainer = new Trainer(workloadConfig(w));
  try {
    for (let i = 0; i < 3; i++) await trainer.update();
    const start = now();
    let updates = 0;
    while (now() - start < minSeconds * 1000 || updates < 3) {
      await trainer.update();
      updates += 1;
    }
    const seconds = (now() - start) / 1000;
    return {
      envStepsPerSec: (updates * w.runs * w.envsPerRun) / seconds,
      updatesPerSec: updates / seconds,
      seconds,
    };
  } finally {
    trainer.dispose();
  }
}

/**
 * The naive reference (tfjs-examples cart-pole style). Time-boxed: it stops after `minSeconds`
 * even mid-update, and its rates are computed from the env steps it completed.
 */
export async function measureNaive(w: TrainingWorkload, minSeconds: number): Promise<Throughput> {
  const rngs = Array.from({ length: w.runs }, (_, r) => Rng.fromSeed(r + 1));
  const policies = rngs.map(
    (rng) =>
      new StackedMlp({ inputSize: 1, hidden: [w.hidden], numActions: w.arms.length }, [
        rng.split('init'),
      ]),
  );
  const envs = rngs.map(
    (rng) => new BanditEnv({ kind: 'bernoulli', means: [w.arms.slice()] }, 1, rng.split('env')),
  );
  const sampling = rngs.map((rng) => rng.split('sampling'));
  const action = new Int32Array(1);
  const lr = 0.05;
  let steps = 0;
  const start = now();
  const deadline = start + minSeconds * 1000;
  outer: for (let update = 0; ; update++) {
    for (let r = 0; r < w.runs; r++) {
      const mlp = policies[r];
      const gradsPerStep: tf.Tensor[][] = [];
      const rewards: number[] = [];
      for (let e = 0; e < w.envsPerRun; e++) {
        envs[r].reset(0, 0);
        const obs = tf.tensor3d(envs[r].obs, [1, 1, 1]);
        // One forward pass, one gradient and one blocking read-back per environment step.
        const probsT = tf.tidy(() => tf.softmax(mlp.logits(obs)));
        const probs = probsT.dataSync();
        probsT.dispose();
        const a = sampling[r].categorical(probs);
        const { grads, value } = tf.variableGrads(() => {
          const logp = tf.logSoftmax(mlp.logits(obs));
          return tf.neg(
            tf.sum(tf.mul(logp, tf.oneHot(tf.tensor1d([a], 'int32'), w.arms.length))),
          ) as tf.Scalar;
        }, mlp.variables);
        value.dispose();
        obs.dispose();
        gradsPerStep.push(mlp.variables.map((v) => grads[v.name]));
        action[0] = a;
        envs[r].step(action);
        rewards.push(envs[r].rewards[0]);
        steps += 1;
        if (now() > deadline) {
          gradsPerStep.flat().forEach((g) => g.dispose());
          break outer;
        }
      }
      // Scale each step's gradient by its normalised reward and apply (as cart-pole does).
      const mean = rewards.reduce((s, x) => s + x, 0) / rewards.length;
      const sd = Math.sqrt(rewards.reduce((s, x) => s + (x - mean) ** 2, 0) / rewards.length) || 1;
      tf.tidy(() => {
        mlp.variables.forEach((v, l) => {
          let sum = tf.zerosLike(v) as tf.Tensor;
          gradsPerStep.forEach((g, t) => {
            sum = tf.add(sum, tf.mul(g[l], (rewards[t] - mean) / sd));
          });
          v.assign(tf.sub(v, tf.mul(sum, lr / rewards.length)));
        });
      });
      gradsPerStep.flat().forEach((g) => g.dispose());
    }
    void update;
  }
  const seconds = (now() - start) / 1000;
  policies.forEach((p) => p.dispose());
  const stepsPerUpdate = w.runs * w.envsPerRun;
  return {
    envStepsPerSec: steps / seconds,
    updatesPerSec: steps / stepsPerUpdate / seconds,
    seconds,
  };
}

export interface TrainingBenchRow {
  readonly bench: 'training';
  readonly workload: string;
  readonly runtime: 'node' | 'chromium';
  readonly backend: string;
  readonly trainer: Throughput;
  readonly naive: Throughput;
  /** trainer env steps/s divided by naive env steps/s, measured in the same run. */
  readonly ratio: number;
}

export async function benchTraining(
  runtime: 'node' | 'chromium',
  seconds: number,
  w: TrainingWorkload = BANDIT_WORKLOAD,
): Promise<TrainingBenchRow> {
  const trainer = await measureTrainer(w, seconds);
  const naive = await measureNaive(w, seconds);
  return {
    bench: 'training',
    workload: `bandit10 x ${w.runs} runs x ${w.envsPerRun} envs, MLP [${w.hidden}]`,
    runtime,
    backend: tf.getBackend(),
    trainer,
    naive,
    ratio: trainer.envStepsPerSec / naive.envStepsPerSec,
  };
}

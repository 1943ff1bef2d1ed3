import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GRID_PRESETS } from '../envs/gridworld';
import { computeAdvantages, createEstimatorState } from '../estimators/advantages';
import { gradientVariance } from '../metrics/gradientVariance';
import { METRIC, NUM_METRICS, type TrainConfig } from './config';
import { Trainer } from './trainer';

/**
 * The neural gradient-variance metric (output layer, computed batched on the device) against a
 * brute-force computation: one tfjs autodiff gradient per episode of that episode's vanilla
 * surrogate loss, then tr Cov / N of those rows (gradientVariance.ts).
 */
const HIDDEN = 8;
const cliffWalking: TrainConfig = {
  env: { family: 'gridworld', map: GRID_PRESETS.cliffwalking },
  maxEpisodeSteps: 20,
  policy: { kind: 'mlp', hidden: [HIDDEN] },
  episodesPerUpdate: 12, // CliffWalking: -1 per step, -100 off the cliff: every episode has a gradient
  runs: [
    {
      id: 'a',
      label: 'REINFORCE',
      preset: 'reinforce',
      overrides: { learningRate: 0.02 },
      seed: 3,
    },
    {
      id: 'b',
      label: 'REINFORCE, other seed',
      preset: 'reinforce',
      overrides: { learningRate: 0.02 },
      seed: 4,
    },
  ],
};

// Episodes of different lengths (goals and a hole end them early): the training batch holds only
// the steps taken, and the metric reads them in its own episode-major layout.
const twoGoals: TrainConfig = {
  ...cliffWalking,
  env: { family: 'gridworld', map: GRID_PRESETS.twogoals },
  episodesPerUpdate: 24,
};

// 11 x 20 = 220 steps in blocks of 224 rows (roundedRows): the metric reads the leading rows.
const paddedBlock: TrainConfig = { ...cliffWalking, episodesPerUpdate: 11 };

describe('neural gradient variance (output layer)', () => {
  it.each([
    ['CliffWalking, every episode 20 steps', cliffWalking],
    ['CliffWalking, 11 episodes: a block ending in padding rows', paddedBlock],
    ['two goals, episodes of different lengths', twoGoals],
  ])(
    'equals tr Cov / N of per-episode autodiff gradients of the output layer, per run (%s)',
    async (_, config) => {
      const trainer = new Trainer(config);
      // Train a little first so the policy is not uniform and the rows differ in interesting ways.
      for (let u = 0; u < 3; u++) await trainer.update();
      // Parameters before the update = the acting policy of its batch. Order: weights, then biases.
      const [W0, W1, b0, b1] = await trainer.parameters();
      const metrics = await trainer.update();
      const A = trainer.numActions;
      for (let r = 0; r < config.runs.length; r++) {
        const run = trainer.runs[r];
        const b = run.buffer;
        const plan = computeAdvantages(b, run.spec, createEstimatorState(run.env.numTasks));
        const lengths = new Set(b.lengths.subarray(0, b.numEpisodes));
        expect(lengths.size > 1).toBe(config === twoGoals);
        const I = run.env.obsSize;
        const P = HIDDEN * A + A;
        const rows = new Float64Array(b.numEpisodes * P);
        for (let e = 0; e < b.numEpisodes; e++) {
          const steps = [...Array(b.lengths[e]).keys()].map((t) => e * b.maxSteps + t);
          const obs = tf.tensor2d(
            steps.flatMap((i) => Array.from((b.obs as Float32Array).subarray(i * I, (i + 1) * I))),
            [steps.length, I],
          );
          const h = tf.tanh(
            tf.add(
              tf.matMul(
                obs,
                tf.tensor2d(W0.subarray(r * I * HIDDEN, (r + 1) * I * HIDDEN), [I, HIDDEN]),
              ),
              tf.tensor1d(b0.subarray(r * HIDDEN, (r + 1) * HIDDEN)),
            ),
          );
          const onehot = tf.oneHot(
            tf.tensor1d(
              steps.map((i) => b.actions[i]),
              'int32',
            ),
            A,
          );
          const coef = tf.tensor1d(steps.map((i) => -plan.stepWeights[i] * plan.advantages[i]));
          const loss = (W: tf.Tensor, bias: tf.Tensor) =>
            tf.sum(
              tf.mul(coef, tf.sum(tf.mul(tf.logSoftmax(tf.add(tf.matMul(h, W), bias)), onehot), 1)),
            );
          const [dW, db] = tf.grads(loss)([
            tf.tensor2d(W1.subarray(r * HIDDEN * A, (r + 1) * HIDDEN * A), [HIDDEN, A]),
            tf.tensor1d(b1.subarray(r * A, (r + 1) * A)),
          ]);
          rows.set(dW.dataSync(), e * P);
          rows.set(db.dataSync(), e * P + HIDDEN * A);
        }
        const expected = gradientVariance(rows, b.numEpisodes, P, 'sum');
        const measured = metrics[r * NUM_METRICS + METRIC.gradVariance];
        const snr = metrics[r * NUM_METRICS + METRIC.gradSnr];
        console.log(
          `run ${r}: output-layer gradient variance ${measured.toExponential(4)} (brute force ${expected.varianceOfMean.toExponential(4)}), SNR ${snr.toFixed(3)} (${expected.snr.toFixed(3)})`,
        );
        expect(expected.varianceOfMean).toBeGreaterThan(0);
        expect(Math.abs(measured / expected.varianceOfMean - 1)).toBeLessThan(1e-4);
        expect(Math.abs(snr / expected.snr - 1)).toBeLessThan(1e-3);
      }
      trainer.dispose();
    },
  );
});

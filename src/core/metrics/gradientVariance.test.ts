import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAdvantages, createEstimatorState } from '../estimators/advantages';
import { makeRolloutBatch, type EpisodeRecord } from '../estimators/batch';
import { resolveEstimator } from '../estimators/presets';
import { tabularLossGradient } from '../estimators/tabular/gradient';
import { tabularLogPolicy } from '../estimators/tabular/softmax';
import { Rng } from '../rng';
import {
  GradientMoments,
  gradientVariance,
  logitPerSampleGradients,
  tabularGradientStatistics,
  tabularGradientVariance,
  tabularPerEpisodeGradients,
  vanillaStepCoefficients,
} from './gradientVariance';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Textbook pair formula: tr Cov (ddof 1) = sum_{i<j} |g_i - g_j|^2 / (N (N - 1)). */
function bruteForce(rows: number[][]) {
  const N = rows.length;
  let pairs = 0;
  for (let i = 0; i < N; i++)
    for (let j = i + 1; j < N; j++)
      pairs += rows[i].reduce((s, x, k) => s + (x - rows[j][k]) ** 2, 0);
  const traceCov = pairs / (N * (N - 1));
  const mean = rows[0].map((_, k) => rows.reduce((s, r) => s + r[k], 0) / N);
  const meanSqNorm = mean.reduce((s, x) => s + x * x, 0);
  return { traceCov, meanSqNorm, snr: meanSqNorm / (traceCov / N) };
}

describe('gradientVariance', () => {
  const rng = Rng.fromSeed(11);
  const N = 9;
  const P = 5;
  const rows = Array.from({ length: N }, () =>
    Array.from({ length: P }, (_, k) => k * 0.3 + rng.normal()),
  );
  const flat = Float64Array.from(rows.flat());

  it('equals the brute-force pairwise computation, including SNR', () => {
    const v = gradientVariance(flat, N, P);
    const b = bruteForce(rows);
    expect(v.traceCov).toBeCloseTo(b.traceCov, 12);
    expect(v.varianceOfMean).toBeCloseTo(b.traceCov / N, 12);
    expect(v.meanSqNorm).toBeCloseTo(b.meanSqNorm, 12);
    expect(v.snr).toBeCloseTo(b.snr, 10);
  });

  it("'sum' rows (contributions c_i = g_i / N) give the same numbers as the g_i themselves", () => {
    const v = gradientVariance(
      flat.map((x) => x / N),
      N,
      P,
      'sum',
    );
    const w = gradientVariance(flat, N, P, 'mean');
    expect(v.traceCov).toBeCloseTo(w.traceCov, 12);
    expect(v.meanSqNorm).toBeCloseTo(w.meanSqNorm, 12);
    expect(v.snr).toBeCloseTo(w.snr, 10);
  });

  it('streams rows one by one (Welford) to the same result, stable for a large mean', () => {
    const m = new GradientMoments(P);
    const shifted = rows.map((r) => r.map((x) => x + 1e6));
    for (const r of shifted) m.add(r);
    expect(m.result().traceCov).toBeCloseTo(bruteForce(rows).traceCov, 6);
  });

  it('edge cases: one sample has no variance estimate; identical rows have infinite SNR', () => {
    expect(gradientVariance([1, 2], 1, 2).varianceOfMean).toBeNaN();
    const same = gradientVariance([1, 2, 1, 2], 2, 2);
    expect(same.traceCov).toBe(0);
    expect(same.snr).toBe(Infinity);
    expect(() => gradientVariance([1, 2, 3], 2, 2)).toThrow(/2 x 2/);
  });
});

/** A small tabular batch with random states, actions, rewards and several episode lengths. */
function randomBatch(seed: number, S: number, A: number, G: number, lengths: number[]) {
  const rng = Rng.fromSeed(seed);
  const logits = Float64Array.from({ length: S * A }, () => rng.normal());
  const logPi = tabularLogPolicy(logits, S, A);
  const episodes: EpisodeRecord[] = lengths.map((len) => {
    const states = Array.from({ length: len }, () => rng.int(S));
    const actions = states.map((s) =>
      rng.categorical(Array.from({ length: A }, (_, a) => Math.exp(logPi[s * A + a]))),
    );
    return {
      rewards: Array.from({ length: len }, () => (rng.uniform() < 0.4 ? 1 : 0)),
      states,
      actions,
      logp: states.map((s, t) => logPi[s * A + actions[t]]),
    };
  });
  return { logits, batch: makeRolloutBatch(episodes, G, A) };
}

describe('tabularPerEpisodeGradients', () => {
  const S = 4;
  const A = 3;
  const { logits, batch } = randomBatch(5, S, A, 3, [2, 5, 1, 4, 4, 3]);

  for (const [preset, over] of [
    ['reinforce', { returnTarget: 'reward-to-go' as const }],
    ['rloo', { klCoef: 0, reference: 'none' as const }],
    ['grpo', { surrogate: 'vanilla' as const }],
    ['dr-grpo', { surrogate: 'vanilla' as const }],
  ] as const)
    it(`sum over episodes equals tabularLossGradient (${preset}, vanilla) within 1e-9`, () => {
      const spec = resolveEstimator(preset, over);
      const plan = computeAdvantages(batch, spec, createEstimatorState(batch.numGroups));
      const rows = tabularPerEpisodeGradients(batch, plan, logits, S, A);
      const { grad } = tabularLossGradient(batch, plan, spec, logits, S);
      const P = S * A;
      let nonzero = 0;
      for (let j = 0; j < P; j++) {
        let sum = 0;
        for (let e = 0; e < batch.numEpisodes; e++) sum += rows[e * P + j];
        expect(Math.abs(sum - grad[j])).toBeLessThan(1e-9);
        if (Math.abs(grad[j]) > 1e-6) nonzero++;
      }
      expect(nonzero).toBeGreaterThan(0);
      // The streamed variance equals the one from the matrix.
      const streamed = tabularGradientVariance(batch, plan, logits, S);
      const fromRows = gradientVariance(rows, batch.numEpisodes, P, 'sum');
      expect(streamed.traceCov).toBeCloseTo(fromRows.traceCov, 10);
      expect(streamed.meanSqNorm).toBeCloseTo(fromRows.meanSqNorm, 10);
      // The sparse statistics give the same variance and the batch estimate (the loss gradient).
      const stats = tabularGradientStatistics(batch, plan, logits, S);
      expect(stats.variance.traceCov).toBeCloseTo(fromRows.traceCov, 10);
      expect(stats.variance.snr).toBeCloseTo(fromRows.snr, 8);
      stats.estimate.forEach((g, j) => expect(g).toBeCloseTo(grad[j], 10));
    });
});

describe('logitPerSampleGradients', () => {
  it('rows sum to tfjs autodiff of the vanilla loss w.r.t. the last layer (W then b)', () => {
    const A = 3;
    const H = 4;
    const { batch } = randomBatch(8, 2, A, 2, [3, 1, 2, 4]);
    const rng = Rng.fromSeed(9);
    const N = batch.numEpisodes * batch.maxSteps;
    const hidden = Float32Array.from({ length: N * H }, () => Math.tanh(rng.normal()));
    const W = Float32Array.from({ length: H * A }, () => 0.5 * rng.normal());
    const bias = Float32Array.from({ length: A }, () => 0.1 * rng.normal());
    const plan = computeAdvantages(
      batch,
      resolveEstimator('rloo', { klCoef: 0, reference: 'none' }),
      createEstimatorState(batch.numGroups),
    );
    const coef = vanillaStepCoefficients(plan);

    // pi_t from the same layer, in float64.
    const probs = new Float64Array(N * A);
    for (let i = 0; i < N; i++) {
      const z = Array.from({ length: A }, (_, b) => {
        let s = bias[b];
        for (let k = 0; k < H; k++) s += hidden[i * H + k] * W[k * A + b];
        return s;
      });
      const m = Math.max(...z);
      const e = z.map((x) => Math.exp(x - m));
      const tot = e.reduce((s, x) => s + x, 0);
      for (let b = 0; b < A; b++) probs[i * A + b] = e[b] / tot;
    }
    const rows = logitPerSampleGradients(batch, coef, probs, hidden, H);
    const P = H * A + A;
    const sum = new Float64Array(P);
    for (let e = 0; e < batch.numEpisodes; e++)
      for (let j = 0; j < P; j++) sum[j] += rows[e * P + j];

    const [gW, gb] = tf.tidy(() => {
      const Wv = tf.tensor2d(W, [H, A]);
      const bv = tf.tensor1d(bias);
      const h = tf.tensor2d(hidden, [N, H]);
      const onehot = tf.oneHot(tf.tensor1d(batch.actions, 'int32'), A);
      const c = tf.tensor1d(Float32Array.from(coef));
      // L = sum_t coef_t log pi(a_t | s_t) (coef = -w A), masked steps have coef 0.
      const f = (w: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(c, tf.sum(tf.mul(tf.logSoftmax(tf.add(tf.matMul(h, w), b)), onehot), -1)));
      return tf.grads(f)([Wv, bv]);
    });
    const auto = [...gW.dataSync(), ...gb.dataSync()];
    gW.dispose();
    gb.dispose();
    for (let j = 0; j < P; j++) expect(sum[j]).toBeCloseTo(auto[j], 5);
    expect(auto.some((x) => Math.abs(x) > 1e-3)).toBe(true);

    // Without hidden activations only the bias is covered: the last A entries of each row.
    const biasOnly = logitPerSampleGradients(batch, coef, probs, null, H);
    expect(biasOnly.length).toBe(batch.numEpisodes * A);
    for (let e = 0; e < batch.numEpisodes; e++)
      for (let b = 0; b < A; b++)
        expect(biasOnly[e * A + b]).toBeCloseTo(rows[e * P + H * A + b], 12);
  });
});

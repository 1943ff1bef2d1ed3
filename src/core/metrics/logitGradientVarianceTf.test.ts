import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { gradientVariance, varianceFromSums } from './gradientVariance';
import { outputLayerGradientSums } from './logitGradientVarianceTf';

/**
 * outputLayerGradientSums against the definition: build each episode's output-layer gradient row
 * c_e = (sum_t h_t (x) d_t, sum_t d_t) in float64, then tr Cov / N of the rows. One-step episodes
 * (bandits) take the rank-one shortcut, longer ones the per-episode products.
 */
function problem(R: number, E: number, Tu: number, H: number, A: number, filled: number[]) {
  const rng = Rng.fromSeed(7 + Tu);
  const S = E * Tu;
  const features = Float32Array.from({ length: R * S * H }, () => Math.tanh(rng.normal()));
  const probs = new Float32Array(R * S * A);
  const onehot = new Float32Array(R * S * A);
  const coefs = new Float32Array(R * S);
  for (let i = 0; i < R * S; i++) {
    const logits = Array.from({ length: A }, () => rng.normal());
    const z = logits.reduce((s, l) => s + Math.exp(l), 0);
    logits.forEach((l, a) => (probs[i * A + a] = Math.exp(l) / z));
    onehot[i * A + rng.int(A)] = 1;
    const r = Math.floor(i / S);
    const episode = Math.floor((i % S) / Tu);
    // Padding episode slots (beyond the run's filled count) have coefficient 0, as in the trainer.
    coefs[i] = episode < filled[r] ? rng.normal() + 0.5 : 0;
  }
  return { features, probs, onehot, coefs };
}

function bruteForce(
  p: ReturnType<typeof problem>,
  r: number,
  E: number,
  Tu: number,
  H: number,
  A: number,
  n: number,
) {
  const P = H * A + A;
  const rows = new Float64Array(n * P);
  const S = E * Tu;
  for (let e = 0; e < n; e++)
    for (let t = 0; t < Tu; t++) {
      const i = r * S + e * Tu + t;
      for (let a = 0; a < A; a++) {
        const d = p.coefs[i] * (p.onehot[i * A + a] - p.probs[i * A + a]);
        for (let j = 0; j < H; j++) rows[e * P + j * A + a] += p.features[i * H + j] * d;
        rows[e * P + H * A + a] += d;
      }
    }
  return gradientVariance(rows, n, P, 'sum');
}

describe('outputLayerGradientSums', () => {
  for (const [Tu, rankOne] of [
    [1, true],
    [1, false],
    [3, true],
  ] as const)
    it(`matches tr Cov / N of per-episode rows, ${Tu}-step episodes${Tu === 1 ? (rankOne ? ', rank-one form' : ', as rows') : ''}, a run half filled`, () => {
      const [R, E, H, A] = [3, 40, 6, 4];
      const filled = [E, E / 2, E];
      const p = problem(R, E, Tu, H, A, filled);
      const S = E * Tu;
      const sums = tf.tidy(() =>
        outputLayerGradientSums(
          tf.tensor3d(p.features, [R, S, H]),
          tf.tensor3d(p.probs, [R, S, A]),
          tf.tensor3d(p.onehot, [R, S, A]),
          tf.tensor2d(p.coefs, [R, S]),
          E,
          filled,
          rankOne,
        ),
      );
      const data = sums.dataSync();
      sums.dispose();
      for (let r = 0; r < R; r++) {
        const expected = bruteForce(p, r, E, Tu, H, A, filled[r]);
        const measured = varianceFromSums(data[r], data[R + r], filled[r], H * A + A, 'sum');
        expect(measured.traceCov / expected.traceCov).toBeCloseTo(1, 5);
        expect(measured.meanSqNorm / expected.meanSqNorm).toBeCloseTo(1, 5);
      }
    });
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastTanh } from './fastTanh';

describe('fastTanh on wasm: 2 sigmoid(2x) - 1 with the tanh gradient', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('equals tf.tanh and its gradient to float32 rounding, saturated ends included', () => {
    const x = tf.tensor1d([-30, -5, -1, -0.25, 0, 1e-4, 0.5, 2, 8, 40]);
    const c = tf.tensor1d([1, -2, 0.5, 3, 1, -1, 2, 0.25, -4, 1]);
    const f = (act: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(c, act(t)));
    const ours = tf.grad(f(fastTanh))(x);
    const reference = tf.grad(f(tf.tanh))(x);
    const y = fastTanh(x).dataSync();
    tf.tanh(x)
      .dataSync()
      .forEach((v, i) => expect(y[i]).toBeCloseTo(v, 6));
    const g = ours.dataSync();
    reference.dataSync().forEach((v, i) => expect(g[i]).toBeCloseTo(v, 5));
    expect(y[0]).toBe(-1); // no NaN where exp overflows
    expect(y[9]).toBe(1);
    tf.dispose([x, c, ours, reference]);
  });
});

describe('fastTanh on cpu: tf.tanh with its gradient in one loop', () => {
  it('equals tf.tanh and its gradient bit for bit', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    // Saturated ends, then enough values that every rounding step shows up somewhere.
    const ends = [-30, -5, -1, -0.25, 0, 1e-4, 0.5, 2, 8, 40];
    const xs = [...ends, ...Array.from({ length: 390 }, (_, k) => Math.sin(k * 1.7) * 3)];
    const x = tf.tensor2d(xs, [100, 4]);
    const c = tf.tensor2d(
      xs.map((_, k) => Math.cos(k * 0.9) * 5),
      [100, 4],
    );
    const f = (act: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(c, act(t)));
    const ours = tf.grad(f(fastTanh))(x);
    const reference = tf.grad(f(tf.tanh))(x);
    expect(Array.from(fastTanh(x).dataSync())).toEqual(Array.from(tf.tanh(x).dataSync()));
    expect(ours.shape).toEqual([100, 4]);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(reference.dataSync()));
    tf.dispose([x, c, ours, reference]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { forward, sparseInputAffine, sparseInputMatMul, weightGradient } from './sparseInputMatMul';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** One-hot-per-cell observations like 2048's and Sokoban's, some rows all zero (padding). */
function oneHotCells(R: number, N: number, cells: number, channels: number): Float32Array {
  const x = new Float32Array(R * N * cells * channels);
  for (let row = 0; row < R * N; row++) {
    if (row % 7 === 3) continue; // a padding row
    for (let c = 0; c < cells; c++)
      x[(row * cells + c) * channels + ((row * 5 + c * 3) % channels)] = 1;
  }
  return x;
}

describe('sparseInputMatMul: the observation layer over nonzero inputs only', () => {
  it('a hand example: out = x w, dw = x^T dy', () => {
    // One run, two rows: [1, 0, 2] and [0, 0, 0]; w is 3 x 2.
    const x = tf.tensor3d([1, 0, 2, 0, 0, 0], [1, 2, 3]);
    const w = tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 3, 2]);
    expect(Array.from(sparseInputMatMul(x, w).dataSync())).toEqual([11, 14, 0, 0]);
    // d/dw of sum(c * xw) with c = [[1, 10], [100, 1000]]: dw[i, o] = sum_n x[n, i] c[n, o].
    const c = tf.tensor3d([1, 10, 100, 1000], [1, 2, 2]);
    const dw = tf.grad((wi: tf.Tensor) =>
      tf.sum(tf.mul(c, sparseInputMatMul(x, wi as tf.Tensor3D))),
    )(w);
    expect(Array.from(dw.dataSync())).toEqual([1, 10, 0, 0, 2, 20]);
  });

  for (const [R, N, cells, channels, O] of [
    [3, 9, 16, 16, 8],
    [2, 5, 49, 7, 4],
    [1, 4, 1, 3, 5],
  ])
    it(`equals tf.matMul in value and weight gradient (R=${R}, N=${N}, ${cells} cells x ${channels})`, () => {
      const I = cells * channels;
      const x = tf.tensor3d(oneHotCells(R, N, cells, channels), [R, N, I]);
      const w = tf.randomNormal([R, I, O], 0, 1, 'float32', 7) as tf.Tensor3D;
      const c = tf.randomNormal([R, N, O], 0, 1, 'float32', 8) as tf.Tensor3D;
      const loss = (product: (wi: tf.Tensor3D) => tf.Tensor3D) => (wi: tf.Tensor) =>
        tf.sum(tf.mul(c, product(wi as tf.Tensor3D)));
      const sparse = tf.valueAndGrad(loss((wi) => sparseInputMatMul(x, wi)))(w);
      const dense = tf.valueAndGrad(loss((wi) => tf.matMul(x, wi)))(w);
      expect(sparse.value.dataSync()[0]).toBeCloseTo(dense.value.dataSync()[0], 3);
      const got = sparse.grad.dataSync();
      const want = dense.grad.dataSync();
      want.forEach((v, k) => expect(got[k]).toBeCloseTo(v, 4));
      const y = sparseInputMatMul(x, w).dataSync();
      tf.matMul(x, w)
        .dataSync()
        .forEach((v, k) => expect(y[k]).toBeCloseTo(v, 4));
    });

  it('sums exactly as a float64 loop in input order, rounded once, for one-hot and weighted inputs', () => {
    // One-hot rows take a multiply-free loop (1 * w is w exactly); rows with other values, the
    // weighted one. Both must give the reference's bits, forward and weight gradient.
    const [R, N, I, O] = [2, 13, 49 * 7, 13];
    const oneHot = oneHotCells(R, N, 49, 7);
    const weighted = oneHot.map((v, k) => (v && k % 5 === 0 ? -0.37 : v));
    const w = tf.randomNormal([R, I, O], 0, 1, 'float32', 9).dataSync() as Float32Array;
    const dy = tf.randomNormal([R, N, O], 0, 1, 'float32', 10).dataSync() as Float32Array;
    const referenceForward = (x: Float32Array) => {
      const out = new Float32Array(R * N * O);
      for (let r = 0; r < R; r++)
        for (let n = 0; n < N; n++)
          for (let o = 0; o < O; o++) {
            let sum = 0;
            for (let i = 0; i < I; i++)
              if (x[(r * N + n) * I + i] !== 0)
                sum += x[(r * N + n) * I + i] * w[(r * I + i) * O + o];
            out[(r * N + n) * O + o] = sum;
          }
      return out;
    };
    const referenceGradient = (x: Float32Array) => {
      const dw = new Float32Array(R * I * O);
      for (let r = 0; r < R; r++)
        for (let i = 0; i < I; i++)
          for (let o = 0; o < O; o++) {
            let sum = 0;
            for (let n = 0; n < N; n++)
              if (x[(r * N + n) * I + i] !== 0)
                sum += x[(r * N + n) * I + i] * dy[(r * N + n) * O + o];
            dw[(r * I + i) * O + o] = sum;
          }
      return dw;
    };
    for (const x of [oneHot, weighted]) {
      expect(Array.from(forward(x, w, R, N, I, O))).toEqual(Array.from(referenceForward(x)));
      expect(Array.from(weightGradient(x, dy, R, N, I, O))).toEqual(
        Array.from(referenceGradient(x)),
      );
    }
  });

  it('names the shapes when they do not fit', () => {
    const x = tf.zeros([2, 3, 4]) as tf.Tensor3D;
    const w = tf.zeros([2, 5, 6]) as tf.Tensor3D;
    expect(() => sparseInputMatMul(x, w)).toThrow(/\[R, N, I\] x \[R, I, O\], got 2,3,4 x 2,5,6/);
  });
});

describe('sparseInputAffine: the observation layer with its bias added in place', () => {
  it('equals tf.add(sparseInputMatMul(x, w), b) bit for bit, value and both gradients', () => {
    const [R, N, I, O] = [3, 11, 49 * 7, 6];
    const x = tf.tensor3d(oneHotCells(R, N, 49, 7), [R, N, I]);
    const w = tf.randomNormal([R, I, O], 0, 1, 'float32', 3) as tf.Tensor3D;
    const b = tf.randomNormal([R, 1, O], 0, 1, 'float32', 4) as tf.Tensor3D;
    const c = tf.randomNormal([R, N, O], 0, 1, 'float32', 5) as tf.Tensor3D;
    const loss = (layer: (wi: tf.Tensor3D, bi: tf.Tensor3D) => tf.Tensor3D) =>
      tf.valueAndGrads((wi: tf.Tensor, bi: tf.Tensor) =>
        tf.sum(tf.mul(c, tf.tanh(layer(wi as tf.Tensor3D, bi as tf.Tensor3D)))),
      )([w, b]);
    const fused = loss((wi, bi) => sparseInputAffine(x, wi, bi));
    const plain = loss((wi, bi) => tf.add(sparseInputMatMul(x, wi), bi));
    const values = (t: tf.Tensor) => Array.from(t.dataSync());
    expect(values(sparseInputAffine(x, w, b))).toEqual(values(tf.add(sparseInputMatMul(x, w), b)));
    expect(values(fused.value)).toEqual(values(plain.value));
    expect(fused.grads[1].shape).toEqual([R, 1, O]);
    fused.grads.forEach((g, k) => expect(values(g)).toEqual(values(plain.grads[k])));
  });

  it('names a bias of the wrong shape', () => {
    const x = tf.zeros([2, 3, 4]) as tf.Tensor3D;
    const w = tf.zeros([2, 4, 5]) as tf.Tensor3D;
    expect(() => sparseInputAffine(x, w, tf.zeros([2, 3, 5]) as tf.Tensor3D)).toThrow(
      /bias \[2, 1, 5\], got \[2,3,5\]/,
    );
  });
});

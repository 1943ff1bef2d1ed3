import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackedMatMul } from './stackedMatMul';

/** Values and gradients of sum(c * x w) through `product`, as plain arrays. */
function valueAndGrads(
  product: (x: tf.Tensor3D, w: tf.Tensor3D) => tf.Tensor3D,
  x: tf.Tensor3D,
  w: tf.Tensor3D,
  c: tf.Tensor3D,
) {
  const f = (xi: tf.Tensor, wi: tf.Tensor) =>
    tf.sum(tf.mul(c, product(xi as tf.Tensor3D, wi as tf.Tensor3D)));
  const { value, grads } = tf.valueAndGrads(f)([x, w]);
  const y = product(x, w);
  const out = {
    loss: value.dataSync()[0],
    y: Array.from(y.dataSync()),
    dx: Array.from(grads[0].dataSync()),
    dw: Array.from(grads[1].dataSync()),
  };
  tf.dispose([value, y, ...grads]);
  return out;
}

function expectClose(got: number[], want: number[]) {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 3));
}

describe('stackedMatMul on wasm: per-run 2-D products with explicit-transpose gradients', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  // Both gradient branches: O <= I transposes dy, O > I transposes x.
  for (const [R, N, I, O] of [
    [3, 5, 4, 2],
    [2, 6, 3, 7],
    [1, 4, 5, 3],
  ]) {
    it(`equals tf.matMul in value and gradients (R=${R}, N=${N}, ${I} -> ${O})`, () => {
      const x = tf.randomNormal([R, N, I], 0, 1, 'float32', 1) as tf.Tensor3D;
      const w = tf.randomNormal([R, I, O], 0, 1, 'float32', 2) as tf.Tensor3D;
      const c = tf.randomNormal([R, N, O], 0, 1, 'float32', 3) as tf.Tensor3D;
      const ours = valueAndGrads((a, b) => stackedMatMul(a, b), x, w, c);
      const reference = valueAndGrads((a, b) => tf.matMul(a, b), x, w, c);
      expect(ours.loss).toBeCloseTo(reference.loss, 3);
      expectClose(ours.y, reference.y);
      expectClose(ours.dx, reference.dx);
      expectClose(ours.dw, reference.dw);
      tf.dispose([x, w, c]);
    });
  }

  it('without input gradient, w still gets the same gradient (x made inside the loss)', () => {
    const x = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 4) as tf.Tensor3D;
    const w = tf.variable(tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5));
    const c = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 6) as tf.Tensor3D;
    const grad = (p: (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D) => {
      const { grads, value } = tf.variableGrads(
        // x * 2 is an intermediate of the forward scope: the backward pass must keep it.
        () => tf.sum(tf.mul(c, p(tf.mul(x, 2), w as tf.Tensor as tf.Tensor3D))) as tf.Scalar,
        [w],
      );
      const out = Array.from(grads[w.name].dataSync());
      tf.dispose([value, grads[w.name]]);
      return out;
    };
    expectClose(
      grad((a, b) => stackedMatMul(a, b, false)),
      grad((a, b) => tf.matMul(a, b)),
    );
    tf.dispose([x, w, c]);
  });

  it('names what is wrong with a shape', () => {
    const x = tf.zeros([4, 3]);
    const w = tf.zeros([1, 3, 2]);
    expect(() => stackedMatMul(x, w)).toThrow(/expects \[R, N, I\] x \[R, I, O\], got 4,3 x 1,3,2/);
    tf.dispose([x, w]);
  });
});

describe('contiguous wasm slice (installed by stackedMatMul)', () => {
  it('slices equal the cpu backend slices, contiguous or not', async () => {
    const values = Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const cases: [number[], number[]][] = [
      [
        [1, 0, 0],
        [1, 3, 4],
      ], // one run: contiguous
      [
        [0, 1, 0],
        [2, 2, 4],
      ], // rows of each run: not contiguous
      [
        [1, 2, 1],
        [1, 1, 2],
      ],
    ];
    const read = async (backend: string) => {
      await tf.setBackend(backend);
      const t = tf.tensor3d(values, [2, 3, 4]);
      if (backend === 'wasm') tf.dispose(stackedMatMul(tf.zeros([1, 1, 1]), tf.zeros([1, 1, 1])));
      const out = cases.map(([b, s]) => Array.from(tf.slice(t, b, s).dataSync()));
      t.dispose();
      return out;
    };
    const wasm = await read('wasm');
    const cpu = await read('cpu');
    expect(wasm).toEqual(cpu);
    expect(wasm[0]).toEqual(values.slice(12, 24));
  });
});

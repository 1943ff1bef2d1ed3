import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  forward,
  rowSubsetSumsAreExact,
  sparseInputAffine,
  sparseInputMatMul,
  weightGradient,
} from './sparseInputMatMul';
import { emptyRowPlan } from './rowPlan';

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

/** out = x w as a float64 loop over inputs in order, rounded once: the bits the kernel must give. */
function referenceForward(
  x: Float32Array,
  w: Float32Array,
  R: number,
  N: number,
  I: number,
  O: number,
): Float32Array {
  const out = new Float32Array(R * N * O);
  for (let r = 0; r < R; r++)
    for (let n = 0; n < N; n++)
      for (let o = 0; o < O; o++) {
        let sum = 0;
        for (let i = 0; i < I; i++)
          if (x[(r * N + n) * I + i] !== 0) sum += x[(r * N + n) * I + i] * w[(r * I + i) * O + o];
        out[(r * N + n) * O + o] = sum;
      }
  return out;
}

/** dw = x^T dy as a float64 loop over rows in order, rounded once. */
function referenceGradient(
  x: Float32Array,
  dy: Float32Array,
  R: number,
  N: number,
  I: number,
  O: number,
): Float32Array {
  const dw = new Float32Array(R * I * O);
  for (let r = 0; r < R; r++)
    for (let i = 0; i < I; i++)
      for (let o = 0; o < O; o++) {
        let sum = 0;
        for (let n = 0; n < N; n++)
          if (x[(r * N + n) * I + i] !== 0) sum += x[(r * N + n) * I + i] * dy[(r * N + n) * O + o];
        dw[(r * I + i) * O + o] = sum;
      }
  return dw;
}

describe('rowSubsetSumsAreExact: when float64 sums rows of w exactly in any order', () => {
  const exact = (w: number[], I: number, O: number) =>
    rowSubsetSumsAreExact(new Float32Array(w), 0, I, O);
  it('holds for weights of similar size, and for all zeros', () => {
    expect(exact([0.1, -0.3, 0.7, 2, 1e-3, 5], 3, 2)).toBe(true);
    expect(exact([0, 0, 0, 0], 2, 2)).toBe(true);
  });
  it('holds up to about 2^28 between the smallest weight and a column sum, and not beyond', () => {
    // The smallest weight 2^-20 has its last bit at 2^-43, one lower is taken for safety: column
    // sums up to 2^(-44 + 52) = 2^8 are exact.
    expect(exact([2 ** -20, 2 ** 7, 2 ** 7], 3, 1)).toBe(false); // 2^8 + 2^-20 > 2^8
    expect(exact([2 ** -20, 2 ** 7, 2 ** 7 - 1], 3, 1)).toBe(true);
    expect(exact([2 ** -40, 1, 1, 1], 2, 2)).toBe(false);
  });
  it('gives each column its own verdict', () => {
    // Column 0 holds 2^-40 beside 1; column 1 only numbers near 1.
    const columns = new Uint8Array(2);
    expect(rowSubsetSumsAreExact(new Float32Array([2 ** -40, 1, 1, -0.5]), 0, 2, 2, columns)).toBe(
      false,
    );
    expect(Array.from(columns)).toEqual([0, 1]);
  });
  it('does not hold for non-finite weights', () => {
    expect(exact([1, NaN], 2, 1)).toBe(false);
    expect(exact([1, Infinity], 2, 1)).toBe(false);
    expect(exact([1, -Infinity, 0, 0], 2, 2)).toBe(false);
  });
});

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
    for (const x of [oneHot, weighted]) {
      expect(Array.from(forward(x, w, R, N, I, O))).toEqual(Array.from(referenceForward(x)));
      expect(Array.from(weightGradient(x, dy, R, N, I, O))).toEqual(
        Array.from(referenceGradient(x, dy, R, N, I, O)),
      );
    }
  });

  it('sums a one-hot row from the previous one where fewer entries changed, with the same bits', () => {
    // A Sokoban-like episode: 49 cells, 7 channels, the "player" moving one cell a step (2 cells
    // change, 4 entries), sometimes into a wall (no change), a padding row, then a new board.
    const [R, N, cells, channels, O] = [2, 40, 49, 7, 13];
    const I = cells * channels;
    const x = new Float32Array(R * N * I);
    for (let r = 0; r < R; r++)
      for (let n = 0; n < N; n++) {
        const row = (r * N + n) * I;
        if (n === 30) continue; // padding
        const board = n < 30 ? r : r + 2;
        const player = n % 5 === 4 ? (n - 1) % 49 : n % 49;
        for (let c = 0; c < cells; c++)
          x[row + c * channels + (c === player ? 6 : (c * board + c) % 6)] = 1;
      }
    const w = tf.randomNormal([R, I, O], 0, 0.1, 'float32', 11).dataSync() as Float32Array;
    const counts = { fromScratch: 0, fromPrevious: 0 };
    const got = forward(x, w, R, N, I, O, null, null, { counts });
    expect(Array.from(got)).toEqual(Array.from(referenceForward(x, w, R, N, I, O)));
    // Per run from scratch: row 0, the padding row 30 (0 nonzeros beat 49 changes) and row 31
    // (a new board); every other row from its predecessor.
    expect(counts).toEqual({ fromScratch: 2 * 3, fromPrevious: 2 * (N - 3) });
  });

  it('gives the bits of the reference, forward and weight gradient, on random episodes', () => {
    // Each row is the previous one with a few cells changed, or repeated, or a padding row, or a
    // fresh board; some rows weighted. Weights lie within 2^spread of 1 either way, dy within
    // 2^dySpread: with 0 rows are chained, with 60 float64 sums round (2^60 + 1 is 2^60) and only
    // summing from scratch gives the reference's bits.
    const episode = fc.record({
      R: fc.integer({ min: 1, max: 3 }),
      N: fc.integer({ min: 1, max: 40 }),
      cells: fc.integer({ min: 1, max: 12 }),
      channels: fc.integer({ min: 2, max: 5 }),
      O: fc.integer({ min: 1, max: 17 }),
      spread: fc.constantFrom(0, 10, 60),
      dySpread: fc.constantFrom(0, 10, 60),
      seed: fc.integer({ min: 0, max: 1e6 }),
    });
    fc.assert(
      fc.property(episode, ({ R, N, cells, channels, O, spread, dySpread, seed }) => {
        const I = cells * channels;
        let state = seed;
        const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const x = new Float32Array(R * N * I);
        const hot = new Int32Array(cells);
        for (let row = 0; row < R * N; row++) {
          const kind = random();
          if (kind < 0.1) continue; // padding
          if (kind < 0.2) hot.forEach((_, c) => (hot[c] = Math.floor(random() * channels)));
          else if (kind < 0.8) hot[Math.floor(random() * cells)] = Math.floor(random() * channels);
          const value = kind > 0.95 ? 0.5 : 1;
          for (let c = 0; c < cells; c++) x[row * I + c * channels + hot[c]] = value;
        }
        const w = new Float32Array(R * I * O).map(
          () => (random() - 0.5) * 2 ** Math.round((random() - 0.5) * 2 * spread),
        );
        const plan = emptyRowPlan(R, N);
        const got = forward(x, w, R, N, I, O, null, plan);
        expect(Array.from(got)).toEqual(Array.from(referenceForward(x, w, R, N, I, O)));
        const dy = new Float32Array(R * N * O).map(
          () => (random() - 0.5) * 2 ** Math.round((random() - 0.5) * 2 * dySpread),
        );
        expect(Array.from(weightGradient(x, dy, R, N, I, O, plan))).toEqual(
          Array.from(referenceGradient(x, dy, R, N, I, O)),
        );
        // A second pass with other weights follows the plan of the first (runs that are one-hot).
        const w2 = w.map((v, k) => (k % 3 === 0 ? v * 0.75 : v));
        expect(Array.from(forward(x, w2, R, N, I, O, null, plan, { planIsKnown: true }))).toEqual(
          Array.from(referenceForward(x, w2, R, N, I, O)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('stops comparing rows for a while after rows that differ everywhere', () => {
    // Rows 0-9 alternate two boards with no cell in common; rows 10-29 repeat row 9. Compared:
    // row 1 (a miss; skip 1 row), row 3 (skip 3), row 7 (skip 7: rows 8-14), then row 15 on.
    const [N, cells, channels, O] = [30, 49, 7, 8];
    const I = cells * channels;
    const x = new Float32Array(N * I);
    for (let n = 0; n < N; n++)
      for (let c = 0; c < cells; c++) x[n * I + c * channels + (Math.min(n, 9) % 2)] = 1;
    const w = tf.randomNormal([1, I, O], 0, 0.1, 'float32', 12).dataSync() as Float32Array;
    const counts = { fromScratch: 0, fromPrevious: 0 };
    const got = forward(x, w, 1, N, I, O, null, null, { counts });
    expect(Array.from(got)).toEqual(Array.from(referenceForward(x, w, 1, N, I, O)));
    expect(counts).toEqual({ fromScratch: 15, fromPrevious: 15 });
  });

  it('sums every row from scratch for a run whose weights could make some sum inexact', () => {
    // Two runs of identical one-hot rows; run 1 has a weight of 2^-40 beside weights near 1, so
    // a float64 sum of its rows could round, and in another order round differently.
    const [R, N, I, O] = [2, 6, 4, 2];
    const x = new Float32Array(R * N * I);
    for (let row = 0; row < R * N; row++) x[row * I + 1] = x[row * I + 3] = 1;
    const w = new Float32Array(
      [1, -0.5, 0.25, 2, 3, 1, -1, 0.75].concat([1, 2 ** -40, 1, 1, 1, 1, 1, 1]),
    );
    const counts = { fromScratch: 0, fromPrevious: 0 };
    forward(x, w, R, N, I, O, null, null, { counts });
    expect(counts).toEqual({ fromScratch: 1 + N, fromPrevious: N - 1 });
  });

  it('checks new weights afresh: a stale verdict would chain where float64 rounds', () => {
    // Three cells of two channels; row 1 moves cell 0 to channel 1 (2 changes against 3 ones).
    const x = tf.tensor3d([1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0], [1, 2, 6]);
    const w = tf.variable(tf.tensor3d([1, 2, 0, 0, 0, 0], [1, 6, 1]));
    expect(Array.from(sparseInputMatMul(x, w).dataSync())).toEqual([1, 2]);
    // 2^60 + 1 is 2^60 in float64, so row 1 from row 0 would be 2^60 + 1 - 2^60 = 0, not 1.
    w.assign(tf.tensor3d([2 ** 60, 1, 0, 0, 0, 0], [1, 6, 1]));
    expect(Array.from(sparseInputMatMul(x, w).dataSync())).toEqual([2 ** 60, 1]);
    w.dispose();
  });

  it('does not follow the plan of the same observations shaped into other runs', () => {
    // As 2 runs of 2 rows, rows 1 and 3 follow the row before (one cell changes); as 4 runs of 1
    // row, every row starts a run with weights of its own and must be summed from scratch.
    const rows = [1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1];
    const x = tf.tensor3d(rows, [2, 2, 6]);
    const powers = Array.from({ length: 24 }, (_, k) => 2 ** k);
    const w = tf.tensor3d(powers.slice(0, 12), [2, 6, 1]);
    expect(Array.from(sparseInputMatMul(x, w).dataSync())).toEqual([21, 22, 1664, 2688]);
    const asFourRuns = tf.reshape(x, [4, 1, 6]) as tf.Tensor3D;
    const w4 = tf.tensor3d(powers, [4, 6, 1]);
    expect(Array.from(sparseInputMatMul(asFourRuns, w4).dataSync())).toEqual([
      21, 1408, 106496, 11010048,
    ]);
  });

  it('sums a few columns of dy again in row order where reordered sums could round', () => {
    // 16 columns, one of them (5) spanning 2^-60 to 1: the chains serve the 15 others.
    const [N, cells, channels, O] = [24, 6, 3, 16];
    const I = cells * channels;
    const x = new Float32Array(N * I);
    for (let n = 0; n < N; n++)
      for (let c = 0; c < cells; c++) x[n * I + c * channels + (c === n % cells ? 1 : 0)] = 1;
    const w = tf.randomNormal([1, I, O], 0, 0.1, 'float32', 13).dataSync() as Float32Array;
    const dy = tf.randomNormal([1, N, O], 0, 1, 'float32', 14).dataSync() as Float32Array;
    for (let n = 0; n < N; n++) dy[n * O + 5] = n % 2 ? 2 ** -60 : 1 + n;
    const plan = emptyRowPlan(1, N);
    const counts = { fromScratch: 0, fromPrevious: 0 };
    forward(x, w, 1, N, I, O, null, plan, { counts });
    expect(counts.fromPrevious).toBeGreaterThan(N / 2);
    expect(Array.from(weightGradient(x, dy, 1, N, I, O, plan))).toEqual(
      Array.from(referenceGradient(x, dy, 1, N, I, O)),
    );
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

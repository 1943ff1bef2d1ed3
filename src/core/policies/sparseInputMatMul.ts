import * as tf from '@tensorflow/tfjs-core';

/**
 * The observation layer x [R, N, I] times w [R, I, O] on the cpu backend, touching only the
 * nonzero inputs: out[r, n, :] = sum over i with x[r, n, i] != 0 of x[r, n, i] w[r, i, :].
 *
 * Why: every observation of the playground is one-hot per cell (2048: 16 cells x 16 tile
 * channels, 1 in 16 entries set; Sokoban: 7 channels a cell, 1 in 7; gridworld and bandit
 * observations have a single 1), and a dense product does I x O multiply-adds a row where
 * (nonzeros) x O suffice. On tfjs's cpu backend, which multiplies in plain JavaScript, the
 * observation layer was most of a 2048 update (57% of the time in batchMatMul). The gradient
 * with respect to w, dw[r] = x[r]^T dy[r], skips the same zeros. There is no gradient to x:
 * observations are constants (stackedMatMul's `inputNeedsGradient: false`).
 *
 * Values come straight from the cpu backend's arrays (dataSync on cpu returns them without a
 * copy). Sums are accumulated in float64 and rounded once, like tfjs's own product.
 */
export function sparseInputMatMul(x: tf.Tensor3D, w: tf.Tensor3D): tf.Tensor3D {
  const [R, N, I] = x.shape;
  const [Rw, Iw, O] = w.shape;
  if (Rw !== R || Iw !== I)
    throw new Error(
      `sparseInputMatMul: expects [R, N, I] x [R, I, O], got ${x.shape} x ${w.shape}`,
    );
  const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [wIn, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    save([x]);
    const out = forward(x.dataSync() as Float32Array, wIn.dataSync() as Float32Array, R, N, I, O);
    return {
      value: tf.tensor3d(out, [R, N, O]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dw = weightGradient(
          saved[0].dataSync() as Float32Array,
          dy.dataSync() as Float32Array,
          R,
          N,
          I,
          O,
        );
        return tf.tensor3d(dw, [R, I, O]);
      },
    };
  });
  return product(w) as tf.Tensor3D;
}

/** out[r, n, :] = sum_i x[r, n, i] w[r, i, :] over the nonzero x[r, n, i]. */
export function forward(
  x: Float32Array,
  w: Float32Array,
  R: number,
  N: number,
  I: number,
  O: number,
): Float32Array {
  const out = new Float32Array(R * N * O);
  const acc = new Float64Array(O);
  for (let r = 0; r < R; r++) {
    const wBase = r * I * O;
    for (let n = 0; n < N; n++) {
      const row = (r * N + n) * I;
      acc.fill(0);
      for (let i = 0; i < I; i++) {
        const v = x[row + i];
        if (v === 0) continue;
        const wRow = wBase + i * O;
        for (let o = 0; o < O; o++) acc[o] += v * w[wRow + o];
      }
      out.set(acc, (r * N + n) * O);
    }
  }
  return out;
}

/** dw[r, i, :] = sum_n x[r, n, i] dy[r, n, :] over the nonzero x[r, n, i]. */
export function weightGradient(
  x: Float32Array,
  dy: Float32Array,
  R: number,
  N: number,
  I: number,
  O: number,
): Float32Array {
  const acc = new Float64Array(R * I * O);
  for (let r = 0; r < R; r++) {
    const wBase = r * I * O;
    for (let n = 0; n < N; n++) {
      const row = (r * N + n) * I;
      const dyRow = (r * N + n) * O;
      for (let i = 0; i < I; i++) {
        const v = x[row + i];
        if (v === 0) continue;
        const wRow = wBase + i * O;
        for (let o = 0; o < O; o++) acc[wRow + o] += v * dy[dyRow + o];
      }
    }
  }
  return Float32Array.from(acc);
}

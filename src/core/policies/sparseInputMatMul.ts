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

/**
 * out[r, n, :] = sum_i x[r, n, i] w[r, i, :] over the nonzero x[r, n, i]. Each row's nonzeros
 * are listed first; then 4 outputs at a time are summed in local variables over that list (one
 * load of w per multiply-add, no accumulator array traffic).
 */
export function forward(
  x: Float32Array,
  w: Float32Array,
  R: number,
  N: number,
  I: number,
  O: number,
): Float32Array {
  const out = new Float32Array(R * N * O);
  const nzIndex = new Int32Array(I);
  const nzValue = new Float64Array(I);
  for (let r = 0; r < R; r++) {
    const wBase = r * I * O;
    for (let n = 0; n < N; n++) {
      const row = (r * N + n) * I;
      let nnz = 0;
      for (let i = 0; i < I; i++) {
        const v = x[row + i];
        if (v === 0) continue;
        nzIndex[nnz] = wBase + i * O;
        nzValue[nnz++] = v;
      }
      const o0 = (r * N + n) * O;
      let o = 0;
      for (; o + 4 <= O; o += 4) {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let k = 0; k < nnz; k++) {
          const v = nzValue[k];
          const at = nzIndex[k] + o;
          a0 += v * w[at];
          a1 += v * w[at + 1];
          a2 += v * w[at + 2];
          a3 += v * w[at + 3];
        }
        out[o0 + o] = a0;
        out[o0 + o + 1] = a1;
        out[o0 + o + 2] = a2;
        out[o0 + o + 3] = a3;
      }
      for (; o < O; o++) {
        let a = 0;
        for (let k = 0; k < nnz; k++) a += nzValue[k] * w[nzIndex[k] + o];
        out[o0 + o] = a;
      }
    }
  }
  return out;
}

/**
 * dw[r, i, :] = sum_n x[r, n, i] dy[r, n, :] over the nonzero x[r, n, i]. Per run, the nonzeros
 * are grouped by input i first (a counting sort), so each dw row is summed 4 outputs at a time
 * in local variables, like `forward`.
 */
export function weightGradient(
  x: Float32Array,
  dy: Float32Array,
  R: number,
  N: number,
  I: number,
  O: number,
): Float32Array {
  const dw = new Float32Array(R * I * O);
  const start = new Int32Array(I + 1);
  let entryRow = new Int32Array(0);
  let entryValue = new Float64Array(0);
  for (let r = 0; r < R; r++) {
    start.fill(0);
    for (let n = 0; n < N; n++) {
      const row = (r * N + n) * I;
      for (let i = 0; i < I; i++) if (x[row + i] !== 0) start[i + 1]++;
    }
    for (let i = 0; i < I; i++) start[i + 1] += start[i];
    if (entryRow.length < start[I]) {
      entryRow = new Int32Array(start[I]);
      entryValue = new Float64Array(start[I]);
    }
    const next = start.slice(0, I);
    for (let n = 0; n < N; n++) {
      const row = (r * N + n) * I;
      for (let i = 0; i < I; i++) {
        const v = x[row + i];
        if (v === 0) continue;
        entryRow[next[i]] = (r * N + n) * O;
        entryValue[next[i]++] = v;
      }
    }
    for (let i = 0; i < I; i++) {
      const d0 = (r * I + i) * O;
      let o = 0;
      for (; o + 4 <= O; o += 4) {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let j = start[i]; j < start[i + 1]; j++) {
          const v = entryValue[j];
          const at = entryRow[j] + o;
          a0 += v * dy[at];
          a1 += v * dy[at + 1];
          a2 += v * dy[at + 2];
          a3 += v * dy[at + 3];
        }
        dw[d0 + o] = a0;
        dw[d0 + o + 1] = a1;
        dw[d0 + o + 2] = a2;
        dw[d0 + o + 3] = a3;
      }
      for (; o < O; o++) {
        let a = 0;
        for (let j = start[i]; j < start[i + 1]; j++) a += entryValue[j] * dy[entryRow[j] + o];
        dw[d0 + o] = a;
      }
    }
  }
  return dw;
}

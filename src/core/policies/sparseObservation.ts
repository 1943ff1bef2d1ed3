import * as tf from '@tensorflow/tfjs-core';

/**
 * A batch of observations [R, N, I] kept as its nonzero entries: every observation of the
 * playground is one-hot per cell (2048: 16 of 256 entries set; Sokoban 7x7: 49 of 343), so
 * uploading and multiplying only those is 7-16x less work than the dense batch.
 *
 * Row layout (forward pass): `indices` and `values` [R, N, K], K = the most nonzeros of any row;
 * shorter rows are padded with index -1 (and value 0).
 * Column layout (weight gradient, dw[r, i, :] = sum over the rows n with x[r, n, i] != 0 of
 * x[r, n, i] dy[r, n, :]): per run, the entries sorted by input index i, `offsets` [R, I + 1]
 * delimiting input i's entries, `entryRows` (their row n) and `entryValues` [R, M], M = the most
 * nonzeros of any run (shorter runs padded).
 */
export interface SparseRows {
  readonly runs: number;
  readonly rows: number;
  readonly inputSize: number;
  readonly perRow: number;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export interface SparseColumns {
  readonly perRun: number;
  readonly offsets: Int32Array;
  readonly entryRows: Int32Array;
  readonly entryValues: Float32Array;
}

/** The most nonzeros of any of x's rows of I entries, counting no further once above `limit`. */
export function mostNonzerosPerRow(x: Float32Array, rows: number, I: number, limit = Infinity) {
  let most = 0;
  for (let row = 0; row < rows && most <= limit; row++) {
    let count = 0;
    for (let i = row * I; i < (row + 1) * I; i++) if (x[i] !== 0) count++;
    if (count > most) most = count;
  }
  return most;
}

/** The nonzero entries of x [R, N, I], row by row, K per row (default: the most of any row). */
export function sparseRows(
  x: Float32Array,
  R: number,
  N: number,
  I: number,
  K = Math.max(1, mostNonzerosPerRow(x, R * N, I)),
): SparseRows {
  if (x.length !== R * N * I)
    throw new Error(`sparseRows: ${x.length} values do not make [${R}, ${N}, ${I}]`);
  const indices = new Int32Array(R * N * K).fill(-1);
  const values = new Float32Array(R * N * K);
  for (let row = 0; row < R * N; row++) {
    let k = row * K;
    for (let i = 0; i < I; i++) {
      const v = x[row * I + i];
      if (v === 0) continue;
      indices[k] = i;
      values[k++] = v;
    }
  }
  return { runs: R, rows: N, inputSize: I, perRow: K, indices, values };
}

/** The same entries grouped by input index within each run (a counting sort), for dw. */
export function sparseColumns(s: SparseRows): SparseColumns {
  const { runs: R, rows: N, inputSize: I, perRow: K, indices, values } = s;
  const offsets = new Int32Array(R * (I + 1));
  let M = 1;
  for (let r = 0; r < R; r++) {
    const o = r * (I + 1);
    for (let k = r * N * K; k < (r + 1) * N * K; k++)
      if (indices[k] >= 0) offsets[o + indices[k] + 1]++;
    for (let i = 0; i < I; i++) offsets[o + i + 1] += offsets[o + i];
    M = Math.max(M, offsets[o + I]);
  }
  const entryRows = new Int32Array(R * M);
  const entryValues = new Float32Array(R * M);
  const next = new Int32Array(I);
  for (let r = 0; r < R; r++) {
    const o = r * (I + 1);
    for (let i = 0; i < I; i++) next[i] = offsets[o + i];
    for (let n = 0; n < N; n++)
      for (let k = (r * N + n) * K; k < (r * N + n + 1) * K; k++) {
        const i = indices[k];
        if (i < 0) continue;
        const slot = r * M + next[i]++;
        entryRows[slot] = n;
        entryValues[slot] = values[k];
      }
  }
  return { perRun: M, offsets, entryRows, entryValues };
}

/**
 * Sparse observations on the device: the row layout, and the column layout when a weight
 * gradient will be taken. Made by the trainer from its host-side observation buffer.
 */
export class SparseObservation {
  readonly kind = 'sparse';
  readonly shape: [number, number, number];
  readonly indices: tf.Tensor3D;
  readonly values: tf.Tensor3D;
  readonly columns: {
    offsets: tf.Tensor2D;
    entryRows: tf.Tensor2D;
    entryValues: tf.Tensor2D;
  } | null;

  constructor(rows: SparseRows, withColumns: boolean) {
    const { runs: R, rows: N, inputSize: I, perRow: K } = rows;
    this.shape = [R, N, I];
    this.indices = tf.tensor3d(rows.indices, [R, N, K], 'int32');
    this.values = tf.tensor3d(rows.values, [R, N, K]);
    if (!withColumns) {
      this.columns = null;
      return;
    }
    const c = sparseColumns(rows);
    this.columns = {
      offsets: tf.tensor2d(c.offsets, [R, I + 1], 'int32'),
      entryRows: tf.tensor2d(c.entryRows, [R, c.perRun], 'int32'),
      entryValues: tf.tensor2d(c.entryValues, [R, c.perRun]),
    };
  }

  /**
   * x [R, N, I] as a SparseObservation when it is sparse enough to be worth it (at most a quarter
   * of every row set), else null. Bandit observations, a single constant 1, are not.
   */
  static ifWorthIt(
    x: Float32Array,
    R: number,
    N: number,
    I: number,
    withColumns: boolean,
  ): SparseObservation | null {
    if (I < 4) return null;
    const K = mostNonzerosPerRow(x, R * N, I, I / 4);
    if (K * 4 > I) return null;
    return new SparseObservation(sparseRows(x, R, N, I, Math.max(1, K)), withColumns);
  }

  dispose(): void {
    this.indices.dispose();
    this.values.dispose();
    if (this.columns) for (const t of Object.values(this.columns)) t.dispose();
  }
}

/** What a network's first layer may be given: the dense batch, or its nonzero entries. */
export type Observation = tf.Tensor3D | SparseObservation;

export const isSparse = (obs: Observation): obs is SparseObservation =>
  obs instanceof SparseObservation;

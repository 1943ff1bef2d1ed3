import * as tf from '@tensorflow/tfjs-core';
import {
  chainedWeightGradient,
  emptyRowPlan,
  planEntries,
  plannedColumnSums,
  type RowPlan,
} from './rowPlan';
import { sparseColumns, sparseRows } from './sparseObservation';

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
  return sparseLayer(x, w, null);
}

/**
 * x w + b with b [R, 1, O]: the bias added to each row as it is finished instead of by a
 * broadcasting Add over a second [R, N, O] array (in Chromium a fresh batch-sized array costs
 * about as much as the loop that fills it). The same numbers as tf.add(sparseInputMatMul(x, w),
 * b): the product is rounded to float32 before the bias is added, and the bias gradient is
 * tfjs's Add gradient, the sum of dy over N.
 */
export function sparseInputAffine(x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return sparseLayer(x, w, b);
}

/** Row plans of observation tensors (by their data, which tfjs never changes), while they live. */
const plansByObservation = new WeakMap<object, { shape: string; plan: RowPlan }>();
/** rowSubsetSumsAreExact of each run's weights, by the weights' data, while they live. */
const exactRunsByWeights = new WeakMap<object, { shape: string; exactRuns: Uint8Array }>();

/** x w (+ b when given), with the gradient to w (and b); x is a constant. */
function sparseLayer(x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor3D | null): tf.Tensor3D {
  const [R, N, I] = x.shape;
  const [Rw, Iw, O] = w.shape;
  if (Rw !== R || Iw !== I)
    throw new Error(
      `sparseInputMatMul: expects [R, N, I] x [R, I, O], got ${x.shape} x ${w.shape}`,
    );
  if (b && b.shape.join() !== [R, 1, O].join())
    throw new Error(`sparseInputAffine: expects a bias [${R}, 1, ${O}], got [${b.shape}]`);
  const layer = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.at(-1) as tf.GradSaveFunc;
    const [wIn, bIn] = args as tf.Tensor3D[];
    save([x]);
    // The update's loss and its diagnostics read the same observations: the second pass over
    // them follows the first's plan instead of comparing rows again.
    // (The shape is checked too: a reshape shares the data but not the runs.)
    const cachedPlan = plansByObservation.get(x.dataId);
    const known = cachedPlan?.shape === x.shape.join() ? cachedPlan.plan : undefined;
    const plan = known ?? emptyRowPlan(R, N);
    const weights = wIn.dataSync() as Float32Array;
    // A rollout evaluates the same weights at every step, on a few rows each time.
    const cachedVerdict = exactRunsByWeights.get(wIn.dataId);
    let exactRuns = cachedVerdict?.shape === wIn.shape.join() ? cachedVerdict.exactRuns : undefined;
    if (!exactRuns) {
      exactRuns = Uint8Array.from({ length: R }, (_, r) =>
        rowSubsetSumsAreExact(weights, r * I * O, I, O) ? 1 : 0,
      );
      exactRunsByWeights.set(wIn.dataId, { shape: wIn.shape.join(), exactRuns });
    }
    const out = forward(
      x.dataSync() as Float32Array,
      weights,
      R,
      N,
      I,
      O,
      b ? (bIn.dataSync() as Float32Array) : null,
      plan,
      { planIsKnown: known !== undefined, exactRuns },
    );
    if (!known) plansByObservation.set(x.dataId, { shape: x.shape.join(), plan });
    return {
      value: tf.tensor3d(out, [R, N, O]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dw = tf.tensor3d(
          weightGradient(
            saved[0].dataSync() as Float32Array,
            dy.dataSync() as Float32Array,
            R,
            N,
            I,
            O,
            plan,
          ),
          [R, I, O],
        );
        return b ? [dw, tf.reshape(tf.sum(dy, [1]), [R, 1, O])] : dw;
      },
    };
  });
  return (b ? layer(w, b) : layer(w)) as tf.Tensor3D;
}

/**
 * out[at + o] = sum over entries j in [from, to) of values[j] src[base + rows[j] O + o], o < O:
 * the weighted sum of a few O-wide rows of src, 8 outputs at a time in local variables (one load
 * of src per multiply-add, no accumulator array traffic; the loads of rows[j] and values[j] are
 * shared by 8). Outputs past a multiple of 8 go 4, then 1 at a time, so that narrow layers (4
 * actions without a hidden layer) keep the 4-wide pass. Both directions are this sum: forward
 * over a row's nonzero inputs (rows of w), the weight gradient over an input's nonzero rows
 * (rows of dy).
 */
function weightedRowSum(
  out: Float32Array,
  at: number,
  src: Float32Array,
  base: number,
  rows: Int32Array,
  values: ArrayLike<number>,
  from: number,
  to: number,
  O: number,
): void {
  let o = 0;
  for (; o + 8 <= O; o += 8) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    for (let j = from; j < to; j++) {
      const v = values[j];
      const s = base + rows[j] * O + o;
      a0 += v * src[s];
      a1 += v * src[s + 1];
      a2 += v * src[s + 2];
      a3 += v * src[s + 3];
      a4 += v * src[s + 4];
      a5 += v * src[s + 5];
      a6 += v * src[s + 6];
      a7 += v * src[s + 7];
    }
    out[at + o] = a0;
    out[at + o + 1] = a1;
    out[at + o + 2] = a2;
    out[at + o + 3] = a3;
    out[at + o + 4] = a4;
    out[at + o + 5] = a5;
    out[at + o + 6] = a6;
    out[at + o + 7] = a7;
  }
  for (; o + 4 <= O; o += 4) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let j = from; j < to; j++) {
      const v = values[j];
      const s = base + rows[j] * O + o;
      a0 += v * src[s];
      a1 += v * src[s + 1];
      a2 += v * src[s + 2];
      a3 += v * src[s + 3];
    }
    out[at + o] = a0;
    out[at + o + 1] = a1;
    out[at + o + 2] = a2;
    out[at + o + 3] = a3;
  }
  for (; o < O; o++) {
    let a = 0;
    for (let j = from; j < to; j++) a += values[j] * src[base + rows[j] * O + o];
    out[at + o] = a;
  }
}

/**
 * weightedRowSum with every value 1 or -1 (one-hot observations, the common case), without the
 * multiplies, a fifth faster: the rows listed in [from, to) are added and those in [minusFrom,
 * minusTo) subtracted (1 * src[s] is src[s] exactly, so the sums are the same). Only the
 * differences between consecutive one-hot rows (forward) have rows to subtract.
 */
function rowSum(
  out: Float32Array,
  at: number,
  sums: Float64Array | null,
  src: Float32Array,
  base: number,
  rows: Int32Array,
  from: number,
  to: number,
  minusFrom: number,
  minusTo: number,
  O: number,
): void {
  let o = 0;
  for (; o + 8 <= O; o += 8) {
    let a0 = sums ? sums[o] : 0;
    let a1 = sums ? sums[o + 1] : 0;
    let a2 = sums ? sums[o + 2] : 0;
    let a3 = sums ? sums[o + 3] : 0;
    let a4 = sums ? sums[o + 4] : 0;
    let a5 = sums ? sums[o + 5] : 0;
    let a6 = sums ? sums[o + 6] : 0;
    let a7 = sums ? sums[o + 7] : 0;
    for (let j = from; j < to; j++) {
      const s = base + rows[j] * O + o;
      a0 += src[s];
      a1 += src[s + 1];
      a2 += src[s + 2];
      a3 += src[s + 3];
      a4 += src[s + 4];
      a5 += src[s + 5];
      a6 += src[s + 6];
      a7 += src[s + 7];
    }
    for (let j = minusFrom; j < minusTo; j++) {
      const s = base + rows[j] * O + o;
      a0 -= src[s];
      a1 -= src[s + 1];
      a2 -= src[s + 2];
      a3 -= src[s + 3];
      a4 -= src[s + 4];
      a5 -= src[s + 5];
      a6 -= src[s + 6];
      a7 -= src[s + 7];
    }
    if (sums) {
      sums[o] = a0;
      sums[o + 1] = a1;
      sums[o + 2] = a2;
      sums[o + 3] = a3;
      sums[o + 4] = a4;
      sums[o + 5] = a5;
      sums[o + 6] = a6;
      sums[o + 7] = a7;
    }
    out[at + o] = a0;
    out[at + o + 1] = a1;
    out[at + o + 2] = a2;
    out[at + o + 3] = a3;
    out[at + o + 4] = a4;
    out[at + o + 5] = a5;
    out[at + o + 6] = a6;
    out[at + o + 7] = a7;
  }
  for (; o + 4 <= O; o += 4) {
    let a0 = sums ? sums[o] : 0;
    let a1 = sums ? sums[o + 1] : 0;
    let a2 = sums ? sums[o + 2] : 0;
    let a3 = sums ? sums[o + 3] : 0;
    for (let j = from; j < to; j++) {
      const s = base + rows[j] * O + o;
      a0 += src[s];
      a1 += src[s + 1];
      a2 += src[s + 2];
      a3 += src[s + 3];
    }
    for (let j = minusFrom; j < minusTo; j++) {
      const s = base + rows[j] * O + o;
      a0 -= src[s];
      a1 -= src[s + 1];
      a2 -= src[s + 2];
      a3 -= src[s + 3];
    }
    if (sums) {
      sums[o] = a0;
      sums[o + 1] = a1;
      sums[o + 2] = a2;
      sums[o + 3] = a3;
    }
    out[at + o] = a0;
    out[at + o + 1] = a1;
    out[at + o + 2] = a2;
    out[at + o + 3] = a3;
  }
  for (; o < O; o++) {
    let a = sums ? sums[o] : 0;
    for (let j = from; j < to; j++) a += src[base + rows[j] * O + o];
    for (let j = minusFrom; j < minusTo; j++) a -= src[base + rows[j] * O + o];
    if (sums) sums[o] = a;
    out[at + o] = a;
  }
}

/** Whether values[from..to) are all exactly 1. */
function allOnes(values: ArrayLike<number>, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (values[j] !== 1) return false;
  return true;
}

/**
 * Whether float64 sums any rows of the rows x O block of w at `offset`, each row at most once,
 * exactly, whatever the order: column by column, the sum of |w| is at most 2^52 of the last bit
 * of the column's smallest nonzero |w| (every float32 of the column is a whole multiple of that
 * bit, and float64 holds every multiple up to 2^53 of it). False for non-finite weights.
 * `columns` (O) receives the verdict of each column, 1 for exact.
 */
export function rowSubsetSumsAreExact(
  w: Float32Array,
  offset: number,
  rows: number,
  O: number,
  columns: Uint8Array = new Uint8Array(O),
): boolean {
  const smallest = new Float64Array(O).fill(Infinity);
  const sums = new Float64Array(O);
  for (let k = offset, i = 0; i < rows; i++)
    for (let o = 0; o < O; o++, k++) {
      const a = Math.abs(w[k]);
      if (a !== 0 && a < smallest[o]) smallest[o] = a;
      sums[o] += a;
    }
  let all = true;
  for (let o = 0; o < O; o++) {
    // The last bit of a float32 of the smallest's size (23 bits below its leading one; never
    // below 2^-149, subnormals'); one bit lower, in case Math.log2 rounds up to a power of two.
    const lastBit = Math.max(Math.floor(Math.log2(smallest[o])) - 1 - 23, -149);
    const exact =
      sums[o] < Infinity && (smallest[o] === Infinity || sums[o] <= 2 ** (lastBit + 52));
    columns[o] = exact ? 1 : 0;
    all &&= exact;
  }
  return all;
}

/**
 * out[r, n, :] = sum_i x[r, n, i] w[r, i, :] (+ bias[r, :]) over the nonzero x[r, n, i]. The bias
 * is added to the row's sums once they are rounded to float32, as tf.add would (and while the row
 * is in cache).
 *
 * A one-hot row (entries 0 or 1) that follows another is summed whichever way adds fewer rows of
 * w: from scratch over its ones, or from the previous row's sums (kept in float64), adding the
 * rows of w where a 1 appeared and subtracting those where one went: x[n] w = x[n - 1] w + (x[n]
 * - x[n - 1]) w. Why: in an update's episode-major batch, consecutive rows are consecutive steps
 * of one episode, and a Sokoban step changes 2 or 3 cells (4-6 entries against 49 ones); the
 * update's two passes over its batch took a quarter of a Sokoban update. Both ways give the same
 * bits, because both are sums of distinct rows of w and the second way is only taken for a run
 * whose weights make every such sum exact (rowSubsetSumsAreExact: true unless the smallest
 * nonzero weight is below about 2^-28 of a column's sum of |w|).
 *
 * `plan`, when given, receives how each row was summed, for the weight gradient (rowPlan.ts);
 * with `planIsKnown`, it already holds x's plan, and runs whose rows are all one-hot follow it
 * without reading x. `exactRuns` may hold rowSubsetSumsAreExact of each run's weights, if known.
 * `counts` receives how many rows were summed each way.
 */
export function forward(
  x: Float32Array,
  w: Float32Array,
  R: number,
  N: number,
  I: number,
  O: number,
  bias: Float32Array | null = null,
  plan: RowPlan | null = null,
  {
    planIsKnown = false,
    exactRuns,
    counts,
  }: {
    planIsKnown?: boolean;
    exactRuns?: Uint8Array;
    counts?: { fromScratch: number; fromPrevious: number };
  } = {},
): Float32Array {
  const out = new Float32Array(R * N * O);
  const nzInput = new Int32Array(I);
  const nzValue = new Float64Array(I);
  // Where a row differs from the previous one: 1s that appeared from the front, 1s that went from
  // the back, so that rowSum takes them as one list.
  const changedInput = new Int32Array(I);
  const sums = new Float64Array(O); // the previous row's sums, not yet rounded
  let fromScratch = 0;
  for (let r = 0; r < R; r++) {
    const base = r * I * O;
    const chainable = exactRuns ? exactRuns[r] === 1 : rowSubsetSumsAreExact(w, base, I, O);
    if (plan && planIsKnown && plan.oneHotRuns[r] && chainable) {
      fromScratch += sumAsPlanned(out, sums, w, bias, plan, r, N, I, O, changedInput);
      continue;
    }
    const building = planIsKnown ? null : plan;
    // Whether the next row may continue from this one: sums holds its sums, it is one-hot, and
    // the run's weights make every sum exact.
    let previousOneHot = false;
    // After m consecutive compared rows that differed from their predecessor in at least as many
    // entries as they have nonzeros, the next 2^min(m, 4) - 1 rows are summed from scratch
    // without comparing: in a rollout's batch neighbouring rows are different environments, and
    // 2048's are mostly different boards, so comparing them would seldom pay off.
    let misses = 0;
    let rowsNotCompared = 0;
    for (let n = 0; n < N; n++) {
      const k = r * N + n;
      const row = k * I;
      const at = k * O;
      if (building) building.starts[k + 1] = building.starts[k];
      let nnz = 0;
      let appeared = 0;
      let went = 0;
      let otherChanges = 0;
      const compare = previousOneHot && rowsNotCompared === 0;
      if (!compare && rowsNotCompared > 0) rowsNotCompared--;
      if (compare) {
        // One pass lists the row's nonzeros and where it differs from the previous row.
        const previous = row - I;
        for (let i = 0; i < I; i++) {
          const v = x[row + i];
          const p = x[previous + i];
          if (v !== 0) {
            nzInput[nnz] = i;
            nzValue[nnz++] = v;
          }
          if (v === p) continue;
          if (v === 1 && p === 0) changedInput[appeared++] = i;
          else if (v === 0 && p === 1) changedInput[I - ++went] = i;
          else otherChanges++;
        }
      } else
        for (let i = 0; i < I; i++) {
          const v = x[row + i];
          if (v === 0) continue;
          nzInput[nnz] = i;
          nzValue[nnz++] = v;
        }
      const ones = allOnes(nzValue, 0, nnz);
      if (compare && otherChanges === 0 && appeared + went < nnz) {
        rowSum(out, at, sums, w, base, changedInput, 0, appeared, I - went, I, O);
        misses = 0;
        if (building) {
          building.fromPrevious[k] = 1;
          planEntries(building, k, changedInput, 0, appeared, false);
          planEntries(building, k, changedInput, I - went, I, true);
        }
      } else {
        if (compare) rowsNotCompared = (1 << Math.min(++misses, 4)) - 1;
        fromScratch++;
        // Only a one-hot row's sums are continued from, so only those are kept.
        if (ones) {
          sums.fill(0);
          rowSum(out, at, sums, w, base, nzInput, 0, nnz, 0, 0, O);
        } else weightedRowSum(out, at, w, base, nzInput, nzValue, 0, nnz, O);
        if (building && ones) planEntries(building, k, nzInput, 0, nnz, false);
        else if (building) building.oneHotRuns[r] = 0;
      }
      previousOneHot = chainable && ones;
      if (bias) for (let o = 0; o < O; o++) out[at + o] += bias[r * O + o];
    }
  }
  if (counts) {
    counts.fromScratch += fromScratch;
    counts.fromPrevious += R * N - fromScratch;
  }
  return out;
}

/**
 * Run r's rows summed as its plan says (the run's rows are all one-hot, and its weights make every
 * sum of distinct rows exact), so x is not read; returns how many rows were summed from scratch.
 */
function sumAsPlanned(
  out: Float32Array,
  sums: Float64Array,
  w: Float32Array,
  bias: Float32Array | null,
  plan: RowPlan,
  r: number,
  N: number,
  I: number,
  O: number,
  changedInput: Int32Array,
): number {
  const base = r * I * O;
  let fromScratch = 0;
  for (let k = r * N; k < (r + 1) * N; k++) {
    const at = k * O;
    const [from, to] = [plan.starts[k], plan.starts[k + 1]];
    if (plan.fromPrevious[k]) {
      let appeared = 0;
      let went = 0;
      for (let j = from; j < to; j++) {
        const entry = plan.entries[j];
        if (entry >= 0) changedInput[appeared++] = entry;
        else changedInput[I - ++went] = ~entry;
      }
      rowSum(out, at, sums, w, base, changedInput, 0, appeared, I - went, I, O);
    } else {
      fromScratch++;
      sums.fill(0);
      rowSum(out, at, sums, w, base, plan.entries, from, to, 0, 0, O);
    }
    if (bias) for (let o = 0; o < O; o++) out[at + o] += bias[r * O + o];
  }
  return fromScratch;
}

/**
 * dw[r, i, :] = sum_n x[r, n, i] dy[r, n, :] over the nonzero x[r, n, i]. A run whose forward
 * pass left a complete plan (one-hot rows) takes its chains (rowPlan.ts: a few entries a row),
 * which give the bits of the plain sum in the columns of dy where every sum of distinct rows is
 * exact; the other columns (1.6% in Sokoban training) are summed again in the plain sum's order.
 * Where more than an eighth of the columns are not exact (2048 with two hidden layers: dy of the
 * first spans too many powers of two), or without a plan, the run takes the plain sum.
 */
export function weightGradient(
  x: Float32Array,
  dy: Float32Array,
  R: number,
  N: number,
  I: number,
  O: number,
  plan: RowPlan | null = null,
): Float32Array {
  const dw = new Float32Array(R * I * O);
  const exactColumns = new Uint8Array(O);
  let suffix: Float64Array | null = null;
  let acc: Float64Array | null = null;
  for (let r = 0; r < R; r++) {
    if (plan && plan.oneHotRuns[r]) {
      rowSubsetSumsAreExact(dy, r * N * O, N, O, exactColumns);
      const inexact = [];
      for (let o = 0; o < O; o++) if (!exactColumns[o]) inexact.push(o);
      if (inexact.length * 8 <= O) {
        suffix ??= new Float64Array(N * O);
        acc ??= new Float64Array(I * O);
        chainedWeightGradient(plan, r, dy, N, I, O, dw, r * I * O, suffix, acc);
        if (inexact.length > 0) plannedColumnSums(plan, r, dy, N, I, O, inexact, dw, r * I * O);
        continue;
      }
    }
    plainWeightGradient(x, dy, r, N, I, O, dw);
  }
  return dw;
}

/**
 * Run r's dw[i, :] = sum_n x[n, i] dy[n, :], in row order: x's entries grouped by input (the
 * column layout of sparseObservation.ts, as the webgpu gradient reads them), then summed over the
 * rows of dy they pick.
 */
function plainWeightGradient(
  x: Float32Array,
  dy: Float32Array,
  r: number,
  N: number,
  I: number,
  O: number,
  dw: Float32Array,
): void {
  const run = x.subarray(r * N * I, (r + 1) * N * I);
  const { offsets, entryRows, entryValues } = sparseColumns(sparseRows(run, 1, N, I));
  const ones = allOnes(entryValues, 0, offsets[I]);
  for (let i = 0; i < I; i++) {
    const [from, to, at] = [offsets[i], offsets[i + 1], (r * I + i) * O];
    if (ones) rowSum(dw, at, null, dy, r * N * O, entryRows, from, to, 0, 0, O);
    else weightedRowSum(dw, at, dy, r * N * O, entryRows, entryValues, from, to, O);
  }
}

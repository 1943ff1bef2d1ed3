import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulInto, matMulLayout } from './cpuMatMul';
import { fastestTanhLoop } from './cpuTanh';
import { overrideKernel, reducedShape } from './kernelOverride';

/**
 * Strided replacements for the tfjs cpu-backend kernels that a stacked policy update leans on:
 * broadcasting binary ops, sums over non-innermost axes, and softmax.
 *
 * Why: tfjs-backend-cpu 4.22 computes a broadcasting binary op (the bias add [R, N, H] + [R, 1, H],
 * per-run coefficients [R, S] * [R, 1]) one element at a time through indexToLoc, two
 * `loc.slice` copies and locToIndex, and sums over a non-innermost axis (every bias gradient)
 * by first transposing the whole input through the same per-element index arithmetic. In a
 * profile of the fixed MLP bandit workload on the cpu backend those loops took 41% of the time
 * and garbage collection of their little arrays another 16%.
 *
 * Here both walk the output (or input) once with an odometer over the outer axes and a tight
 * loop over the innermost one, and give the same numbers: each element is the same `op(a, b)`
 * stored in the same typed array, and each sum adds the same values in the same order in a
 * float64 accumulator (as the original's `sum` variable), rounded once at the end.
 * Same-shape binary ops come here too (the original indexes both operands with a modulo per
 * element). Complex and string tensors, and innermost-axis sums (already fast), go to the
 * original kernels.
 */

type Values = Float32Array | Int32Array | Uint8Array;

/** The binary kernels replaced, with their element op and whether their result is bool. */
const BINARY_OPS = {
  Add: { op: (a: number, b: number) => a + b, bool: false },
  Sub: { op: (a: number, b: number) => a - b, bool: false },
  Multiply: { op: (a: number, b: number) => a * b, bool: false },
  RealDiv: { op: (a: number, b: number) => a / b, bool: false },
  Maximum: { op: (a: number, b: number) => Math.max(a, b), bool: false },
  Minimum: { op: (a: number, b: number) => Math.min(a, b), bool: false },
  SquaredDifference: { op: (a: number, b: number) => (a - b) * (a - b), bool: false },
  Greater: { op: (a: number, b: number) => (a > b ? 1 : 0), bool: true },
  GreaterEqual: { op: (a: number, b: number) => (a >= b ? 1 : 0), bool: true },
  Less: { op: (a: number, b: number) => (a < b ? 1 : 0), bool: true },
  LessEqual: { op: (a: number, b: number) => (a <= b ? 1 : 0), bool: true },
  Equal: { op: (a: number, b: number) => (a === b ? 1 : 0), bool: true },
  NotEqual: { op: (a: number, b: number) => (a !== b ? 1 : 0), bool: true },
} as const;
export type BinaryOpName = keyof typeof BINARY_OPS;
export const BINARY_OP_NAMES = Object.keys(BINARY_OPS) as BinaryOpName[];

/**
 * Float32 unary kernels, each its own loop with the same element formula as tfjs-backend-cpu
 * 4.22 (its `unaryKernelFunc` ops; Neg is its multiply by -1). tfjs builds them all from one
 * template, so V8 sees one shared loop calling one of many `op`s on arrays of any type: in
 * Chromium, that loop and its Tanh took a quarter of a bandit update.
 */
const UNARY_LOOPS: Record<string, (x: Float32Array, out: Float32Array) => void> = {
  // Math.tanh or an exactly equal form from Math.exp, whichever is faster here (cpuTanh.ts).
  Tanh: (x, out) => fastestTanhLoop()(x, out),
  Exp: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
  },
  Log: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
  },
  Neg: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = -1 * x[i];
  },
  Sqrt: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]);
  },
  Sigmoid: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
  },
  Relu: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = Math.max(0, x[i]);
  },
  Reciprocal: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = 1 / x[i];
  },
};
export const UNARY_OP_NAMES = Object.keys(UNARY_LOOPS);

/** Strides of `shape` (right-aligned into `rank` axes) with 0 on the axes it is broadcast along. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const axis = rank - shape.length + k;
    strides[axis] = shape[k] === 1 && outShape[axis] !== 1 ? 0 : stride;
    stride *= shape[k];
  }
  return strides;
}

/**
 * out = op(a, b) with numpy broadcasting, walking the output in order: an odometer over the
 * outer axes keeps the offsets into a and b, the innermost axis is a plain loop.
 */
export function broadcastBinary(
  name: BinaryOpName,
  aShape: readonly number[],
  aVals: ArrayLike<number>,
  bShape: readonly number[],
  bVals: ArrayLike<number>,
  out: { [i: number]: number; length: number },
): number[] {
  const outShape = tf.backend_util.assertAndGetBroadcastShape(
    aShape as number[],
    bShape as number[],
  );
  const rank = outShape.length;
  const size = tf.util.sizeFromShape(outShape);
  if (size === 0) return outShape;
  if (rank === 0) {
    out[0] = BINARY_OPS[name].op(aVals[0], bVals[0]);
    return outShape;
  }
  const { shape, aStrides, bStrides } = mergeAxes(
    outShape,
    broadcastStrides(aShape, outShape),
    broadcastStrides(bShape, outShape),
  );
  walk(name, shape, aStrides, bStrides, aVals, bVals, out, size);
  return outShape;
}

/**
 * Merge neighbouring axes that both operands walk the same way (contiguously, or both not at
 * all), so the innermost loop is as long as possible: [R, N, H] + [R, 1, H] stays 3 axes, but
 * [R, N, H] * [R, N, 1] over a trailing [H] broadcast becomes [R*N, H].
 */
function mergeAxes(shape: readonly number[], aStrides: number[], bStrides: number[]) {
  const merged = {
    shape: [shape.at(-1) as number],
    aStrides: [aStrides.at(-1) as number],
    bStrides: [bStrides.at(-1) as number],
  };
  for (let axis = shape.length - 2; axis >= 0; axis--) {
    const size = merged.shape[0];
    if (
      aStrides[axis] === merged.aStrides[0] * size &&
      bStrides[axis] === merged.bStrides[0] * size
    )
      merged.shape[0] = size * shape[axis];
    else {
      merged.shape.unshift(shape[axis]);
      merged.aStrides.unshift(aStrides[axis]);
      merged.bStrides.unshift(bStrides[axis]);
    }
  }
  return merged;
}

function walk(
  name: BinaryOpName,
  outShape: readonly number[],
  aStrides: readonly number[],
  bStrides: readonly number[],
  aVals: ArrayLike<number>,
  bVals: ArrayLike<number>,
  out: { [i: number]: number; length: number },
  size: number,
): void {
  // The last two axes are one block of rows (a call each); an odometer walks the axes before.
  const rank = outShape.length;
  const inner = outShape[rank - 1];
  const rows = rank > 1 ? outShape[rank - 2] : 1;
  const block: Block = {
    rows,
    cols: inner,
    aRow: rank > 1 ? aStrides[rank - 2] : 0,
    aCol: aStrides[rank - 1],
    bRow: rank > 1 ? bStrides[rank - 2] : 0,
    bCol: bStrides[rank - 1],
  };
  const outer = rank - 2;
  const counter = new Array<number>(Math.max(outer, 0)).fill(0);
  const op = BINARY_OPS[name].op;
  const float32 =
    isFloat32Op(name) &&
    aVals instanceof Float32Array &&
    bVals instanceof Float32Array &&
    out instanceof Float32Array;
  let aBase = 0;
  let bBase = 0;
  for (let k = 0; k < size; k += rows * inner) {
    if (float32) float32Block(name as Float32OpName, aVals, aBase, bVals, bBase, out, k, block);
    else anyBlock(op, aVals, aBase, bVals, bBase, out, k, block);
    // Advance the odometer over the outer axes.
    for (let axis = outer - 1; axis >= 0; axis--) {
      aBase += aStrides[axis];
      bBase += bStrides[axis];
      if (++counter[axis] < outShape[axis]) break;
      aBase -= aStrides[axis] * outShape[axis];
      bBase -= bStrides[axis] * outShape[axis];
      counter[axis] = 0;
    }
  }
}

/** The last two output axes: rows x cols, and a's and b's strides along them. */
interface Block {
  readonly rows: number;
  readonly cols: number;
  readonly aRow: number;
  readonly aCol: number;
  readonly bRow: number;
  readonly bCol: number;
}

/** The arithmetic ops that get their own float32 loops. */
const FLOAT32_OPS = ['Add', 'Sub', 'Multiply', 'RealDiv', 'SquaredDifference'] as const;
type Float32OpName = (typeof FLOAT32_OPS)[number];
const isFloat32Op = (name: BinaryOpName): name is Float32OpName =>
  (FLOAT32_OPS as readonly string[]).includes(name);

/**
 * One block of float32 operands and output, for the common arithmetic ops (nearly every call),
 * each its own loop with the op inlined. Kept apart from `anyBlock` so that V8 sees only
 * Float32Array loads and stores here: mixing in the Int32Array and Uint8Array of other calls,
 * and a call per short row (10 logits), made this loop a fifth of a bandit update in Chromium.
 */
function float32Block(
  name: Float32OpName,
  a: Float32Array,
  aBase: number,
  b: Float32Array,
  bBase: number,
  out: Float32Array,
  o: number,
  { rows, cols: n, aRow, aCol, bRow, bCol }: Block,
): void {
  for (let r = 0; r < rows; r++) {
    const ai = aBase + r * aRow;
    const bi = bBase + r * bRow;
    const oi = o + r * n;
    switch (name) {
      case 'Add':
        for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * aCol] + b[bi + j * bCol];
        break;
      case 'Sub':
        for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * aCol] - b[bi + j * bCol];
        break;
      case 'Multiply':
        for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * aCol] * b[bi + j * bCol];
        break;
      case 'RealDiv':
        for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * aCol] / b[bi + j * bCol];
        break;
      case 'SquaredDifference':
        for (let j = 0; j < n; j++) {
          const diff = a[ai + j * aCol] - b[bi + j * bCol];
          out[oi + j] = diff * diff;
        }
    }
  }
}

/** One block of any numeric arrays, or any op: `op` per element. */
function anyBlock(
  op: (a: number, b: number) => number,
  a: ArrayLike<number>,
  aBase: number,
  b: ArrayLike<number>,
  bBase: number,
  out: { [i: number]: number },
  o: number,
  { rows, cols: n, aRow, aCol, bRow, bCol }: Block,
): void {
  for (let r = 0; r < rows; r++) {
    const ai = aBase + r * aRow;
    const bi = bBase + r * bRow;
    const oi = o + r * n;
    for (let j = 0; j < n; j++) out[oi + j] = op(a[ai + j * aCol], b[bi + j * bCol]);
  }
}

/**
 * Sum of `vals` (shape `shape`) over `axes`, into a float64 array of the kept axes' size.
 * Walks the input in memory order, so every output element adds its inputs in the order of
 * the reduced axes, as the original (which transposes them innermost, then sums in order).
 */
export function sumOverAxes(
  shape: readonly number[],
  vals: ArrayLike<number>,
  axes: readonly number[],
): Float64Array {
  const rank = shape.length;
  const reduced = new Array<boolean>(rank).fill(false);
  for (const axis of axes) reduced[axis] = true;
  // Output strides over the kept axes, 0 on the reduced ones.
  const outStrides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let axis = rank - 1; axis >= 0; axis--)
    if (!reduced[axis]) {
      outStrides[axis] = stride;
      stride *= shape[axis];
    }
  const acc = new Float64Array(stride);
  const size = tf.util.sizeFromShape(shape as number[]);
  if (size === 0) return acc;
  const inner = rank === 0 ? 1 : shape[rank - 1];
  const innerReduced = rank > 0 && reduced[rank - 1];
  const counter = new Array<number>(rank).fill(0);
  let outBase = 0;
  for (let k = 0; k < size; k += inner) {
    if (innerReduced) {
      let s = acc[outBase];
      for (let j = 0; j < inner; j++) s += vals[k + j];
      acc[outBase] = s;
    } else for (let j = 0; j < inner; j++) acc[outBase + j] += vals[k + j];
    for (let axis = rank - 2; axis >= 0; axis--) {
      outBase += outStrides[axis];
      if (++counter[axis] < shape[axis]) break;
      outBase -= outStrides[axis] * shape[axis];
      counter[axis] = 0;
    }
  }
  return acc;
}

/**
 * Softmax over the last axis of `vals` (rows of `width`), with the original kernel's float32
 * roundings: it computes max, x - max, exp, sum and the division as separate float32 tensors.
 * (Its x - max is a broadcasting Sub called directly, not through the kernel registry, so
 * replacing Sub alone does not reach it.)
 */
export function softmaxRows(vals: ArrayLike<number>, width: number, out: Float32Array): void {
  const f = Math.fround;
  for (let o = 0; o < out.length; o += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) if (vals[o + j] > max) max = vals[o + j];
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = f(Math.exp(f(vals[o + j] - max)));
      out[o + j] = e;
      sum += e;
    }
    const total = f(sum);
    for (let j = 0; j < width; j++) out[o + j] = out[o + j] / total;
  }
}

/**
 * GatherV2 when the gathered axis comes right after the batch axes (axis = batchDims):
 * out[b, k, :] = x[b, indices[b, k], :], a copy of whole contiguous rows. tfjs's kernel finds every
 * element's source through index arithmetic on small arrays, 13% of a 2048 update on cpu when
 * the gradient-variance metric gathered its [R, E * Tu, H] rows. Returns null (the original then
 * decides, with its error message) for other layouts and out-of-range indices.
 */
export function gatherRows(
  x: Values,
  xShape: number[],
  indices: Values,
  indicesShape: number[],
  axis: number,
  batchDims: number,
): { shape: number[]; values: Values } | null {
  if (axis !== batchDims || indicesShape.length < batchDims) return null;
  for (let d = 0; d < batchDims; d++) if (indicesShape[d] !== xShape[d]) return null;
  const batches = tf.util.sizeFromShape(xShape.slice(0, batchDims));
  const rows = xShape[axis];
  const width = tf.util.sizeFromShape(xShape.slice(axis + 1));
  const picks = tf.util.sizeFromShape(indicesShape.slice(batchDims));
  const out = new (x.constructor as new (n: number) => Values)(batches * picks * width);
  for (let b = 0; b < batches; b++)
    for (let k = 0; k < picks; k++) {
      const row = indices[b * picks + k];
      if (!(row >= 0 && row < rows)) return null;
      const from = (b * rows + row) * width;
      out.set(x.subarray(from, from + width), (b * picks + k) * width);
    }
  const shape = [
    ...xShape.slice(0, axis),
    ...indicesShape.slice(batchDims),
    ...xShape.slice(axis + 1),
  ];
  return { shape, values: out };
}

/** What this file needs of tfjs-backend-cpu's MathBackendCPU. */
interface CpuBackend {
  data: { get(dataId: object): { values: Values } };
  /** Shared-axis block of its BatchMatMul (48 in 4.22). */
  blockSize: number;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Values): tf.TensorInfo;
}

const numeric = (t: tf.TensorInfo) =>
  t.dtype === 'float32' || t.dtype === 'int32' || t.dtype === 'bool';

function outputArray(dtype: tf.DataType, size: number): Values {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  return new Uint8Array(size);
}

let installed = false;

/** Put the strided kernels in front of tfjs's own on the cpu backend (once per process). */
export function installFastCpuKernels(): void {
  if (installed) return;
  if (!tf.getKernel('Add', 'cpu')) return; // cpu backend not registered in this bundle
  installed = true;
  for (const name of BINARY_OP_NAMES)
    overrideKernel(name, 'cpu', (args, original) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      if (!numeric(a) || !numeric(b)) return original(args);
      const backend = args.backend as unknown as CpuBackend;
      const dtype: tf.DataType = BINARY_OPS[name].bool ? 'bool' : a.dtype;
      const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const out = outputArray(dtype, tf.util.sizeFromShape(outShape));
      const aVals = backend.data.get(a.dataId).values;
      const bVals = backend.data.get(b.dataId).values;
      broadcastBinary(name, a.shape, aVals, b.shape, bVals, out);
      return backend.makeTensorInfo(outShape, dtype, out);
    });
  for (const [name, loop] of Object.entries(UNARY_LOOPS))
    overrideKernel(name, 'cpu', (args, original) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      if (x.dtype !== 'float32') return original(args);
      const backend = args.backend as unknown as CpuBackend;
      const values = backend.data.get(x.dataId).values as Float32Array;
      const out = new Float32Array(values.length);
      loop(values, out);
      return backend.makeTensorInfo(x.shape.slice(), 'float32', out);
    });
  overrideKernel('Sum', 'cpu', (args, original) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as {
      axis: number | number[];
      keepDims: boolean;
    };
    if (x.dtype !== 'float32' && x.dtype !== 'int32') return original(args);
    const axes = tf.util.parseAxisParam(axis, x.shape);
    // Innermost axes in order: the original sums contiguous runs without a transpose.
    if (tf.backend_util.getAxesPermutation(axes, x.shape.length) === null) return original(args);
    const backend = args.backend as unknown as CpuBackend;
    const sums = sumOverAxes(x.shape, backend.data.get(x.dataId).values, axes);
    const out = outputArray(x.dtype, sums.length);
    out.set(sums);
    return backend.makeTensorInfo(reducedShape(x.shape, axes, keepDims), x.dtype, out);
  });
  overrideKernel('BatchMatMul', 'cpu', (args, original) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as {
      transposeA: boolean;
      transposeB: boolean;
    };
    const layout = matMulLayout(a.shape, b.shape, transposeA, transposeB);
    const innerB = transposeB ? b.shape.at(-1) : b.shape.at(-2);
    const backend = args.backend as unknown as CpuBackend;
    // Mismatched shapes go to the original for its error message.
    if (
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      layout.shared !== innerB ||
      !(backend.blockSize > 0)
    )
      return original(args);
    let outShape: number[];
    try {
      outShape = tf.backend_util.assertAndGetBroadcastShape(
        a.shape.slice(0, -2),
        b.shape.slice(0, -2),
      );
    } catch {
      return original(args);
    }
    // tfjs's own batches are max(batchA, batchB); other broadcasts stay with it.
    if (tf.util.sizeFromShape(outShape) !== layout.batch) return original(args);
    const out = new Float32Array(layout.batch * layout.left * layout.right);
    const aVals = backend.data.get(a.dataId).values;
    const bVals = backend.data.get(b.dataId).values;
    batchMatMulInto(aVals, bVals, layout, backend.blockSize, out);
    return backend.makeTensorInfo([...outShape, layout.left, layout.right], 'float32', out);
  });
  overrideKernel('GatherV2', 'cpu', (args, original) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    if (!numeric(x) || indices.dtype !== 'int32' || x.shape.length === 0) return original(args);
    const backend = args.backend as unknown as CpuBackend;
    const rank = x.shape.length;
    const gathered = gatherRows(
      backend.data.get(x.dataId).values,
      x.shape,
      backend.data.get(indices.dataId).values,
      indices.shape,
      axis < 0 ? axis + rank : axis,
      batchDims < 0 ? batchDims + indices.shape.length : batchDims,
    );
    if (!gathered) return original(args);
    return backend.makeTensorInfo(gathered.shape, x.dtype, gathered.values);
  });
  overrideKernel('Softmax', 'cpu', (args, original) => {
    const { logits } = args.inputs as { logits: tf.TensorInfo };
    const { dim } = args.attrs as unknown as { dim: number };
    const rank = logits.shape.length;
    const width = logits.shape[rank - 1];
    // Only the last axis exists in tfjs 4.22 (the original throws on any other).
    if (logits.dtype !== 'float32' || rank === 0 || (dim !== -1 && dim !== rank - 1) || !width)
      return original(args);
    const backend = args.backend as unknown as CpuBackend;
    const out = new Float32Array(tf.util.sizeFromShape(logits.shape));
    softmaxRows(backend.data.get(logits.dataId).values, width, out);
    return backend.makeTensorInfo(logits.shape.slice(), 'float32', out);
  });
}

import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { SparseObservation } from './sparseObservation';
import { flatProgram, runProgram } from './webgpuProgram';

/**
 * The observation layer x [R, N, I] times w [R, I, O] on WebGPU from x's nonzero entries
 * (sparseObservation.ts), as two compute shaders in tfjs's program format:
 *
 *   forward   out[r, n, o] = sum_k values[r, n, k] w[r, indices[r, n, k], o]   (K terms, not I)
 *   gradient  dw[r, i, o]  = sum over input i's entries j of entryValues[r, j] dy[r, entryRows[r, j], o]
 *
 * One invocation per output element and no atomics: the gradient reads the entries grouped by
 * input index (the column layout the host sorted), so each dw element is one thread's sum.
 * Why: a one-hot-per-cell batch has 1 in 16 entries set (2048), and uploading and multiplying
 * the dense batch is 16x the work. On the software adapter headless Chromium offers without a
 * GPU (SwiftShader), the dense observation layer of a 2048 update (8 runs x 4096 steps x 256
 * inputs x 64) took 1.8 s forward and 1.0 s for its weight gradient.
 * There is no gradient to x (observations are constants).
 */
const FORWARD = `
          let K = uniforms.indicesShape[2];
          var acc = 0.0;
          for (var k = 0; k < K; k++) {
            let i = i32(getIndices(coords[0], coords[1], k));
            if (i >= 0) {
              acc = acc + getValues(coords[0], coords[1], k) * getW(coords[0], i, coords[2]);
            }
          }
          setOutputAtIndex(index, acc);`;

const WEIGHT_GRADIENT = `
          let start = i32(getOffsets(coords[0], coords[1]));
          let end = i32(getOffsets(coords[0], coords[1] + 1));
          var acc = 0.0;
          for (var j = start; j < end; j++) {
            let n = i32(getEntryRows(coords[0], j));
            acc = acc + getEntryValues(coords[0], j) * getDy(coords[0], n, coords[2]);
          }
          setOutputAtIndex(index, acc);`;

const run = (program: WebGPUProgram, inputs: tf.Tensor[]) =>
  tf.engine().makeTensorFromTensorInfo(runProgram(program, inputs));

export function webgpuSparseInputMatMul(x: SparseObservation, wAny: tf.Tensor): tf.Tensor3D {
  const w = wAny as tf.Tensor3D;
  const [R, N, I] = x.shape;
  const [Rw, Iw, O] = w.shape;
  if (Rw !== R || Iw !== I)
    throw new Error(
      `webgpuSparseInputMatMul: expects [R, N, I] x [R, I, O], got ${x.shape} x ${w.shape}`,
    );
  const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [wIn] = args as [tf.Tensor3D];
    const value = run(
      flatProgram('sparseInputForward', ['indices', 'values', 'w'], [R, N, O], FORWARD),
      [x.indices, x.values, wIn],
    ) as tf.Tensor3D;
    return {
      value,
      gradFunc: (dy: tf.Tensor) => {
        const columns = x.columns;
        if (!columns)
          throw new Error('webgpuSparseInputMatMul: a gradient needs the column layout of x');
        return run(
          flatProgram(
            'sparseInputWeightGradient',
            ['offsets', 'entryRows', 'entryValues', 'dy'],
            [R, I, O],
            WEIGHT_GRADIENT,
          ),
          [columns.offsets, columns.entryRows, columns.entryValues, dy],
        );
      },
    };
  });
  return product(w) as tf.Tensor3D;
}

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
/**
 * Each invocation writes P consecutive outputs of a row (P/4 vec4 accumulators when O divides
 * by P, else one scalar), so an entry's index and value are read once for P products. Buffers
 * are read directly (flat, row-major) with the sizes as uniforms.
 */
export function outputsPerInvocation(O: number): number {
  for (const P of [16, 8, 4]) if (O % P === 0) return P;
  return 1;
}

function lanes(P: number) {
  const vectors = Array.from({ length: P / 4 }, (_, v) => v);
  if (P === 1)
    return {
      zero: 'var acc = 0.0;',
      add: (scale: string, buffer: string, at: string) =>
        `acc = acc + ${scale} * ${buffer}[${at}];`,
      store: 'result[first] = acc;',
    };
  const load = (buffer: string, at: string, v: number) =>
    `vec4<f32>(${[0, 1, 2, 3].map((c) => `${buffer}[${at} + ${4 * v + c}]`).join(', ')})`;
  return {
    zero: vectors.map((v) => `var acc${v} = vec4<f32>(0.0);`).join(' '),
    add: (scale: string, buffer: string, at: string) =>
      `let base = ${at}; ` +
      vectors.map((v) => `acc${v} = acc${v} + ${scale} * ${load(buffer, 'base', v)};`).join(' '),
    store: vectors
      .map((v) =>
        ['x', 'y', 'z', 'w']
          .map((c, k) => `result[first + ${4 * v + k}] = acc${v}.${c};`)
          .join(' '),
      )
      .join(' '),
  };
}

const UNIFORMS = 'N : i32, K : i32, I : i32, O : i32, M : i32,';

function forward(P: number): string {
  const l = lanes(P);
  return `
          let first = index * ${P};
          let row = first / uniforms.O;
          let o = first - row * uniforms.O;
          let r = row / uniforms.N;
          ${l.zero}
          for (var k = row * uniforms.K; k < (row + 1) * uniforms.K; k++) {
            let i = indices[k];
            if (i >= 0) {
              ${l.add('values[k]', 'w', '(r * uniforms.I + i) * uniforms.O + o')}
            }
          }
          ${l.store}`;
}

function weightGradient(P: number): string {
  const l = lanes(P);
  return `
          let first = index * ${P};
          let ri = first / uniforms.O;
          let o = first - ri * uniforms.O;
          let r = ri / uniforms.I;
          let column = r * (uniforms.I + 1) + ri - r * uniforms.I;
          ${l.zero}
          for (var j = r * uniforms.M + offsets[column]; j < r * uniforms.M + offsets[column + 1]; j++) {
            ${l.add('entryValues[j]', 'dy', '(r * uniforms.N + entryRows[j]) * uniforms.O + o')}
          }
          ${l.store}`;
}

const run = (program: WebGPUProgram, inputs: tf.Tensor[], sizes: number[]) =>
  tf.engine().makeTensorFromTensorInfo(runProgram(program, inputs, sizes));

export function webgpuSparseInputMatMul(x: SparseObservation, wAny: tf.Tensor): tf.Tensor3D {
  const w = wAny as tf.Tensor3D;
  const [R, N, I] = x.shape;
  const [Rw, Iw, O] = w.shape;
  if (Rw !== R || Iw !== I)
    throw new Error(
      `webgpuSparseInputMatMul: expects [R, N, I] x [R, I, O], got ${x.shape} x ${w.shape}`,
    );
  const P = outputsPerInvocation(O);
  const K = x.indices.shape[2];
  const M = x.columns?.entryRows.shape[1] ?? 0;
  const sizes = [N, K, I, O, M];
  const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [wIn] = args as [tf.Tensor3D];
    const value = run(
      flatProgram(
        'sparseInputForward',
        ['indices', 'values', 'w'],
        [R, N, O],
        forward(P),
        UNIFORMS,
        P,
      ),
      [x.indices, x.values, wIn],
      sizes,
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
            weightGradient(P),
            UNIFORMS,
            P,
          ),
          [columns.offsets, columns.entryRows, columns.entryValues, dy],
          sizes,
        );
      },
    };
  });
  return product(w) as tf.Tensor3D;
}

import * as tf from '@tensorflow/tfjs-core';
import { overrideKernel, reducedShape } from './kernelOverride';
import { flatProgram, runProgram } from './webgpuProgram';

/**
 * Thread-per-output replacements for three tfjs-backend-webgpu 4.22 kernels, for the skinny
 * shapes a policy update is full of: reductions over a few entries (a softmax over 4 actions),
 * reductions over an outer axis (bias gradients), and products with a dimension of a few
 * (logits = h W with 4 actions; its gradient dh = dlogits W^T).
 *
 * Why: tfjs runs a reduction as one 64-invocation workgroup per output value with a shared-
 * memory tree (an outer-axis sum transposes the input first), and a product as 32 x 32 tiles;
 * with 4 actions most of those invocations idle at barriers. On SwiftShader, the adapter headless
 * Chromium has without a GPU, for 8 runs x 4096 steps: logSoftmax over 4 actions 2.5 s, h W 0.7 s,
 * dlogits W^T 1.2 s, the bias-gradient sum 0.4 s. Here every output value is one invocation's loop.
 * Larger reductions and products (where tfjs's parallel versions pay off) go to tfjs's kernels.
 */

/** Reductions up to this many values per output, and products with a dimension this small. */
export const SMALL = 16;

interface Block {
  outer: number;
  reduce: number;
  inner: number;
}

/** x viewed as [outer, reduce, inner] when `axes` are consecutive, else null. */
export function reductionBlock(shape: readonly number[], axes: readonly number[]): Block | null {
  const sorted = [...axes].sort((a, b) => a - b);
  for (let k = 1; k < sorted.length; k++) if (sorted[k] !== sorted[k - 1] + 1) return null;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const size = (from: number, to: number) => shape.slice(from, to).reduce((a, b) => a * b, 1);
  return {
    outer: size(0, first),
    reduce: size(first, last + 1),
    inner: size(last + 1, shape.length),
  };
}

/** Whether the thread-per-output reduction is used: small, or over an outer axis. */
export const smallReduction = (b: Block) => b.reduce <= SMALL || (b.inner > 1 && b.reduce > 0);

/** Whether the thread-per-output product is used: one of its three dimensions is small. */
export const skinnyProduct = (m: number, n: number, k: number) => Math.min(m, n, k) <= SMALL;

const REDUCE = {
  Sum: { init: '0.0', step: 'acc = acc + v;' },
  // NaN wins, as in tfjs's own max.
  Max: {
    init: 'f32(x[offset])',
    step: 'if (isnan(v)) { acc = uniforms.NAN; } else if (!isnan(acc) && v > acc) { acc = v; }',
  },
} as const;

function reduceBody(kind: keyof typeof REDUCE): string {
  return `
          let outerIndex = index / uniforms.innerSize;
          let innerIndex = index - outerIndex * uniforms.innerSize;
          var offset = outerIndex * uniforms.reduceSize * uniforms.innerSize + innerIndex;
          var acc = ${REDUCE[kind].init};
          for (var k = 0; k < uniforms.reduceSize; k++) {
            let v = f32(x[offset]);
            ${REDUCE[kind].step}
            offset = offset + uniforms.innerSize;
          }
          setOutputAtIndex(index, acc);`;
}

function productBody(transposeA: boolean, transposeB: boolean): string {
  const a = transposeA ? 'getA(coords[0], k, coords[1])' : 'getA(coords[0], coords[1], k)';
  const b = transposeB ? 'getB(coords[0], coords[2], k)' : 'getB(coords[0], k, coords[2])';
  return `
          var acc = 0.0;
          for (var k = 0; k < uniforms.innerSize; k++) {
            acc = acc + ${a} * ${b};
          }
          setOutputAtIndex(index, acc);`;
}

const SOFTMAX = `
          let width = uniforms.width;
          let row = index / width;
          var best = f32(logits[row * width]);
          for (var k = 1; k < width; k++) { best = max(best, f32(logits[row * width + k])); }
          var total = 0.0;
          for (var k = 0; k < width; k++) { total = total + exp(f32(logits[row * width + k]) - best); }
          setOutputAtIndex(index, exp(f32(logits[index]) - best) / total);`;

let installed = false;

/** Put the thread-per-output kernels in front of tfjs's own on webgpu (once per process). */
export function installWebgpuKernels(): void {
  if (installed) return;
  if (!tf.getKernel('Sum', 'webgpu')) return; // webgpu backend not registered in this bundle
  installed = true;
  for (const kind of ['Sum', 'Max'] as const)
    overrideKernel(kind, 'webgpu', (args, original) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const attrs = args.attrs as unknown as Record<string, number | number[] | boolean>;
      const axis = (kind === 'Sum' ? attrs.axis : attrs.reductionIndices) as number | number[];
      const axes = tf.util.parseAxisParam(axis, x.shape);
      const block = x.dtype === 'float32' ? reductionBlock(x.shape, axes) : null;
      if (!block || !smallReduction(block)) return original(args);
      const program = flatProgram(
        `pgReduce${kind}`,
        ['x'],
        [Math.max(1, block.outer * block.inner)],
        reduceBody(kind),
        'reduceSize : i32, innerSize : i32,',
      );
      const out = runProgram(program, [x], [block.reduce, block.inner], args.backend);
      return { ...out, shape: reducedShape(x.shape, axes, attrs.keepDims as boolean) };
    });
  overrideKernel('BatchMatMul', 'webgpu', (args, original) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as {
      transposeA: boolean;
      transposeB: boolean;
    };
    if (a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== b.shape[0])
      return original(args);
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    const m = transposeA ? a.shape[2] : a.shape[1];
    const k = transposeA ? a.shape[1] : a.shape[2];
    const n = transposeB ? b.shape[1] : b.shape[2];
    if (!skinnyProduct(m, n, k)) return original(args);
    const program = flatProgram(
      `pgSkinnyMatMul${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}`,
      ['a', 'b'],
      [a.shape[0], m, n],
      productBody(transposeA, transposeB),
      'innerSize : i32,',
    );
    return runProgram(program, [a, b], [k], args.backend);
  });
  overrideKernel('Softmax', 'webgpu', (args, original) => {
    const { logits } = args.inputs as { logits: tf.TensorInfo };
    const rank = logits.shape.length;
    if (logits.dtype !== 'float32' || rank === 0 || logits.shape[rank - 1] > SMALL)
      return original(args);
    const program = flatProgram(
      'pgSmallSoftmax',
      ['logits'],
      logits.shape.slice(),
      SOFTMAX,
      'width : i32,',
    );
    return runProgram(program, [logits], [logits.shape[rank - 1]], args.backend);
  });
}

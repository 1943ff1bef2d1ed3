import * as tf from '@tensorflow/tfjs-core';
import { installFastCpuKernels } from './cpuKernels';
import { sparseInputAffine, sparseInputMatMul } from './sparseInputMatMul';
import { installContiguousWasmSlice } from './wasmSlice';
import { installWebgpuKernels } from './webgpuKernels';

/**
 * x [R, N, I] times w [R, I, O] -> [R, N, O]: one product per run, the layer of a stacked policy.
 *
 * Why not just tf.matMul: on the wasm backend, tfjs 4.22 sends a product to XNNPACK only when
 * it is a single 2-D product without transposes; a batched product (R > 1), or one with
 * transposeA / transposeB, falls back to a plain loop kernel that is 10-20x slower (measured in
 * Node, 8 runs x 4096 rows x 256 -> 64: 600-850 ms batched vs 40-50 ms as 8 plain 2-D products;
 * the transposed forms 550-770 ms). So on wasm the product is split into R 2-D products, and
 * the gradient is written with explicit transposes of the smaller operand instead of the
 * transpose flags:
 *   dx_r = dy_r w_r^T                     (w_r^T is small: I x O)
 *   dw_r = x_r^T dy_r = (dy_r^T x_r)^T     (transpose dy_r [N, O] when O <= I, else x_r)
 * On cpu, the observation layer skips the observation's zeros (sparseInputMatMul.ts), and the
 * strided broadcast and sum kernels of cpuKernels.ts are installed. On webgpu, the
 * thread-per-output kernels of webgpuKernels.ts are installed. Other backends (webgl) run the
 * batched matMul, which is already their fast path.
 *
 * `inputNeedsGradient: false` (the observation layer) skips dx: the observation is a constant,
 * and dx would be the largest product of the backward pass.
 */
export function stackedMatMul(
  xAny: tf.Tensor,
  w: tf.Tensor,
  inputNeedsGradient = true,
): tf.Tensor3D {
  const x = xAny as tf.Tensor3D;
  if (x.rank !== 3 || w.rank !== 3)
    throw new Error(`stackedMatMul: expects [R, N, I] x [R, I, O], got ${x.shape} x ${w.shape}`);
  const backend = tf.getBackend();
  if (backend === 'cpu') {
    installFastCpuKernels();
    if (!inputNeedsGradient) return sparseInputMatMul(x, w as tf.Tensor3D);
  }
  if (backend === 'webgpu') installWebgpuKernels();
  if (backend !== 'wasm') return tf.matMul(x, w as tf.Tensor3D);
  installContiguousWasmSlice();
  if (!inputNeedsGradient) {
    // x is captured, not an input: the gradient only flows to w.
    const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [wIn, save] = args as [tf.Tensor, tf.GradSaveFunc];
      // Saved (kept alive) for the backward pass: x may be an intermediate of the forward scope.
      save([x]);
      return {
        value: perRunProduct(x, wIn as tf.Tensor3D),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          weightGradient(saved[0] as tf.Tensor3D, dy as tf.Tensor3D),
      };
    });
    return product(w) as tf.Tensor3D;
  }
  const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, wIn, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([xIn, wIn]);
    return {
      value: perRunProduct(xIn as tf.Tensor3D, wIn as tf.Tensor3D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor3D, tf.Tensor3D];
        const dy3 = dy as tf.Tensor3D;
        return [perRunProduct(dy3, tf.transpose(ws, [0, 2, 1])), weightGradient(xs, dy3)];
      },
    };
  });
  return product(x, w) as tf.Tensor3D;
}

/**
 * x w + b per run, b [R, 1, O]: a stacked layer before its activation. On cpu the observation
 * layer adds b inside its sparse product (sparseInputAffine, same numbers); elsewhere it is
 * tf.add(stackedMatMul(x, w), b).
 */
export function stackedAffine(
  x: tf.Tensor,
  w: tf.Tensor,
  b: tf.Tensor,
  inputNeedsGradient = true,
): tf.Tensor3D {
  if (tf.getBackend() === 'cpu' && !inputNeedsGradient && x.rank === 3 && w.rank === 3) {
    installFastCpuKernels();
    return sparseInputAffine(x as tf.Tensor3D, w as tf.Tensor3D, b as tf.Tensor3D);
  }
  return tf.add(stackedMatMul(x, w, inputNeedsGradient), b);
}

/**
 * R plain 2-D products a_r b_r, stacked. Runs are taken out with tf.slice, which on wasm is
 * the contiguous heap-to-heap copy of wasmSlice.ts (tf.unstack would bypass it).
 */
function perRunProduct(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const R = a.shape[0];
  const products: tf.Tensor2D[] = [];
  for (let r = 0; r < R; r++) products.push(tf.matMul(run(a, r), run(b, r)));
  return (R === 1 ? tf.expandDims(products[0], 0) : tf.stack(products)) as tf.Tensor3D;
}

/** Slice r of a [R, m, n] tensor, as [m, n]. */
function run(t: tf.Tensor3D, r: number): tf.Tensor2D {
  const [R, m, n] = t.shape;
  const slice = R === 1 ? t : tf.slice(t, [r, 0, 0], [1, m, n]);
  return tf.reshape(slice, [m, n]);
}

/** dw = x^T dy per run, [R, I, O], transposing whichever of x [N, I] and dy [N, O] is smaller. */
function weightGradient(x: tf.Tensor3D, dy: tf.Tensor3D): tf.Tensor3D {
  const I = x.shape[2];
  const O = dy.shape[2];
  if (O <= I)
    return tf.transpose(perRunProduct(tf.transpose(dy, [0, 2, 1]), x), [0, 2, 1]) as tf.Tensor3D;
  return perRunProduct(tf.transpose(x, [0, 2, 1]), dy);
}

import * as tf from '@tensorflow/tfjs-core';

/**
 * tanh for the stacked policies' hidden layers, with its gradient dy (1 - y^2) written directly.
 *
 * - wasm: tfjs 4.22's Tanh is a scalar loop (36.6 ms for 8 x 4096 x 64 floats in Node) while its
 *   Sigmoid, Mul and Sub go through XNNPACK, so tanh(x) = 2 sigmoid(2x) - 1 takes 5.6 ms, equal
 *   to float32 rounding (max difference 1.8e-7).
 * - cpu: tf.tanh, and the gradient in one loop (`tanhGradient`) instead of tfjs's Square, Sub and
 *   Mul, each a fresh batch-sized array (in Chromium a fresh array costs about as much as the
 *   loop that fills it), with the same float32 roundings.
 * - Other backends: tf.tanh.
 */
export function fastTanh<T extends tf.Tensor>(x: T): T {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') return tf.tanh(x);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const y =
      backend === 'wasm' ? tf.sub(tf.mul(tf.sigmoid(tf.mul(input, 2)), 2), 1) : tf.tanh(input);
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        backend === 'wasm'
          ? tf.mul(dy, tf.sub(1, tf.square(saved[0])))
          : tf.tensor(
              tanhGradient(saved[0].dataSync() as Float32Array, dy.dataSync() as Float32Array),
              dy.shape,
            ),
    };
  });
  return op(x) as T;
}

/** (1 - y^2) dy, rounded to float32 after each step as tfjs's Square, Sub and Mul do. */
export function tanhGradient(y: Float32Array, dy: Float32Array): Float32Array {
  const out = new Float32Array(y.length);
  const f = Math.fround;
  for (let i = 0; i < y.length; i++) out[i] = f(1 - f(y[i] * y[i])) * dy[i];
  return out;
}

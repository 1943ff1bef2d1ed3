import * as tf from '@tensorflow/tfjs-core';

/**
 * Critic loss per run [R] (CleanRL ppo.py): with V the new values, V_old the values at collection
 * and targets the returns (plan.criticTargets),
 *   unclipped = (V - target)^2,  clipped = (V_old + clip(V - V_old, -c, c) - target)^2,
 *   loss = valueCoef * 0.5 * mean_t max(unclipped, clipped)   (c = 0: unclipped only).
 * Tensors are [R, S]; valueCoef and valueClip are [R, 1].
 */
export function valueLossTf(
  values: tf.Tensor2D,
  oldValues: tf.Tensor2D,
  targets: tf.Tensor2D,
  mask: tf.Tensor2D,
  valueCoef: tf.Tensor2D,
  valueClip: tf.Tensor2D,
): tf.Tensor1D {
  return tf.tidy(() => {
    const unclipped = tf.square(tf.sub(values, targets));
    const delta = tf.minimum(tf.maximum(tf.sub(values, oldValues), tf.neg(valueClip)), valueClip);
    const clipped = tf.square(tf.sub(tf.add(oldValues, delta), targets));
    const on = tf.cast(tf.greater(valueClip, 0), 'float32');
    const perStep = tf.add(
      tf.mul(on, tf.maximum(unclipped, clipped)),
      tf.mul(tf.sub(1, on), unclipped),
    );
    const mean = tf.div(tf.sum(tf.mul(perStep, mask), 1), tf.maximum(tf.sum(mask, 1), 1));
    return tf.mul(tf.mul(0.5, tf.squeeze(valueCoef, [1])), mean) as tf.Tensor1D;
  });
}

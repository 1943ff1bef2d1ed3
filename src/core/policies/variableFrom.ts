import * as tf from '@tensorflow/tfjs-core';

/**
 * A variable holding `initial`'s values, with `initial` disposed. tf.variable(t) shares t's
 * data and leaves t alive, so a policy built as tf.variable(tf.zeros(..)) keeps one orphan tensor
 * per parameter after the variables are disposed (they never free the shared data): a leak on
 * every new experiment.
 */
export function variableFrom(initial: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

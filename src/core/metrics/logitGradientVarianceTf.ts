import * as tf from '@tensorflow/tfjs-core';

/**
 * Gradient variance of neural policies, on the device: the batched twin of
 * `logitPerSampleGradients` + `GradientMoments` (gradientVariance.ts) for R stacked runs, so
 * only two numbers per run are read back instead of the [E x P] matrix of per-episode rows.
 *
 * Per episode e, the gradient of the vanilla surrogate loss with respect to the output (logits)
 * layer logits_t = h_t W + b, W [H x A], b [A]:
 *   c_e = ( sum_{t in e} h_t (x) d_t ,  sum_{t in e} d_t ),   d_t = g_t (onehot(a_t) - pi_t),
 * with g_t = dL/dlogp_t = -w_t A_t (see `vanillaStepCoefficients`). The rows sum to the batch
 * gradient of those parameters ('sum' row form). Returns [2, R]: per run
 *   row 0: sum_e |c_e - mean c|^2,   row 1: |mean c|^2,
 * which `varianceFromSums(.., E, H * A + A, 'sum')` turns into tr Cov / N and the SNR.
 *
 * Inputs in episode-major step layout [R, E * Tu] (Tu steps per episode, padding steps with
 * g_t = 0 contribute nothing): `features` [R, E*Tu, H] the activation the output layer reads,
 * `probs` and `onehot` [R, E*Tu, A], `stepCoefficients` [R, E*Tu]. `episodesPerRun[r]` (default E)
 * is how many of the E episode slots run r filled: runs with fewer episodes are padded to E, and
 * their padding slots are not samples.
 */
export function outputLayerGradientSums(
  features: tf.Tensor3D,
  probs: tf.Tensor3D,
  onehot: tf.Tensor3D,
  stepCoefficients: tf.Tensor2D,
  numEpisodes: number,
  episodesPerRun?: readonly number[],
): tf.Tensor2D {
  return tf.tidy(() => {
    const [R, S, H] = features.shape;
    const A = probs.shape[2];
    const E = numEpisodes;
    if (S % E !== 0)
      throw new Error(`outputLayerGradientSums: ${S} steps do not split into ${E} episodes`);
    const Tu = S / E;
    const d = tf.reshape(tf.mul(tf.expandDims(stepCoefficients, 2), tf.sub(onehot, probs)), [
      R * E,
      Tu,
      A,
    ]);
    const h = tf.reshape(features, [R * E, Tu, H]);
    // sum_t h_t (x) d_t for every episode at once: [R*E, H, Tu] x [R*E, Tu, A]. One-step
    // episodes (bandits) make that R*E products of a column by a row, which tfjs's cpu backend
    // runs one small product at a time (a fifth of a bandit update); there it is one
    // broadcasting outer product [R*E, H, 1] * [R*E, 1, A] instead.
    const outer =
      Tu === 1
        ? tf.mul(tf.reshape(h, [R * E, H, 1]), tf.reshape(d, [R * E, 1, A]))
        : tf.matMul(h, d, true, false);
    const dW = tf.reshape(outer, [R, E, H * A]);
    const db = tf.reshape(tf.sum(d, 1), [R, E, A]);
    const counts = episodesPerRun ?? Array.from({ length: R }, () => E);
    const countsT = tf.tensor3d(Float32Array.from(counts), [R, 1, 1]);
    const allFilled = counts.every((c) => c === E);
    const filled = allFilled
      ? null
      : tf.tensor3d(
          Float32Array.from({ length: R * E }, (_, k) =>
            k % E < counts[Math.floor(k / E)] ? 1 : 0,
          ),
          [R, E, 1],
        );
    // The squared norms split over the parameter blocks (W, then b), so each block is reduced
    // on its own instead of concatenating the rows (one pass fewer over [R, E, H*A]).
    const block = (rows: tf.Tensor3D) => {
      const mean = tf.div(tf.sum(rows, 1, true), countsT);
      const squared = tf.squaredDifference(rows, mean);
      return {
        deviations: tf.sum(filled ? tf.mul(filled, squared) : squared, [1, 2]),
        meanSq: tf.sum(tf.square(mean), [1, 2]),
      };
    };
    const w = block(dW as tf.Tensor3D);
    const b = block(db as tf.Tensor3D);
    const sumSqDeviations = tf.add(w.deviations, b.deviations);
    const meanSqNorm = tf.add(w.meanSq, b.meanSq);
    return tf.stack([sumSqDeviations, meanSqNorm]) as tf.Tensor2D;
  });
}

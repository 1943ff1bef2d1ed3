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
 * their padding slots are not samples. `rankOneForOneStep` picks the form for one-step episodes
 * (`rankOneBlock` or the rows; the same sums).
 */
export function outputLayerGradientSums(
  features: tf.Tensor3D,
  probs: tf.Tensor3D,
  onehot: tf.Tensor3D,
  stepCoefficients: tf.Tensor2D,
  numEpisodes: number,
  episodesPerRun?: readonly number[],
  // On webgpu the rank-one form made the fixed MLP bandit slower (15.5-16.8k against
  // 17.2-21.9k env steps/s on SwiftShader, three benches each): there the rows stay.
  rankOneForOneStep = tf.getBackend() !== 'webgpu',
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
    const db = tf.reshape(tf.sum(d, 1), [R, E, A]) as tf.Tensor3D;
    const w =
      Tu === 1 && rankOneForOneStep
        ? rankOneBlock(h, d, R, E, countsT)
        : block(episodeRows(h, d, R, E, H, A, Tu));
    const b = block(db);
    const sumSqDeviations = tf.add(w.deviations, b.deviations);
    const meanSqNorm = tf.add(w.meanSq, b.meanSq);
    return tf.stack([sumSqDeviations, meanSqNorm]) as tf.Tensor2D;
  });
}

/**
 * [R, E, H*A]: per episode, sum_t h_t (x) d_t. One-step episodes are one broadcast outer product
 * [R*E, H, 1] * [R*E, 1, A] (as R*E products of a column by a row, tfjs runs them one small
 * product at a time); longer ones a batched product over their steps.
 */
function episodeRows(
  h: tf.Tensor,
  d: tf.Tensor,
  R: number,
  E: number,
  H: number,
  A: number,
  Tu: number,
): tf.Tensor3D {
  const outer =
    Tu === 1
      ? tf.mul(tf.reshape(h, [R * E, H, 1]), tf.reshape(d, [R * E, 1, A]))
      : tf.matMul(h, d, true, false);
  return tf.reshape(outer, [R, E, H * A]) as tf.Tensor3D;
}

/**
 * The W block for one-step episodes (bandits), where each episode's row is one outer product
 * c_e = h_e (x) d_e. Instead of building the [R, E, H*A] rows (four passes over them: a fifth of
 * a bandit update on the cpu backend), it uses
 *   sum_e |c_e - mean c|^2 = sum_e |h_e|^2 |d_e|^2 - n |mean c|^2,   mean c = H^T D / n,
 * since |h (x) d|^2 = |h|^2 |d|^2 and sum_e <c_e, mean c> = n |mean c|^2. Padding episode slots
 * have d_e = 0 (their step coefficient is 0), so they add nothing to either sum.
 * The subtraction loses float32 digits only when the rows are nearly equal: a per-sample SNR
 * far above 1 (a converged bandit in the app reaches about 12, some 1e-5 relative). It is
 * clamped at 0.
 */
function rankOneBlock(
  h: tf.Tensor,
  d: tf.Tensor,
  R: number,
  E: number,
  countsT: tf.Tensor3D,
): { deviations: tf.Tensor; meanSq: tf.Tensor } {
  const hRuns = tf.reshape(h, [R, E, -1]) as tf.Tensor3D;
  const dRuns = tf.reshape(d, [R, E, -1]) as tf.Tensor3D;
  const sumRows = tf.matMul(hRuns, dRuns, true, false); // [R, H, A] = sum_e h_e (x) d_e
  const normProducts = tf.mul(tf.sum(tf.square(hRuns), 2), tf.sum(tf.square(dRuns), 2)); // [R, E]
  const n = tf.reshape(countsT, [R]);
  const sumSqOfSum = tf.sum(tf.square(sumRows), [1, 2]); // n^2 |mean c|^2
  return {
    deviations: tf.relu(tf.sub(tf.sum(normProducts, 1), tf.div(sumSqOfSum, n))),
    meanSq: tf.div(sumSqOfSum, tf.square(n)),
  };
}

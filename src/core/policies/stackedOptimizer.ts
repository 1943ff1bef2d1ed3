import * as tf from '@tensorflow/tfjs-core';

/**
 * SGD and Adam over parameters stacked on a run axis, with per-run learning rates and a per-run
 * choice between the two, so runs with different optimiser settings still share one program.
 * tfjs's own optimisers take one scalar learning rate for all runs, hence this small rewrite.
 *
 * Adam (Kingma & Ba 2015, Algorithm 1) with bias correction; epsilon is passed explicitly
 * because tfjs's default depends on the backend (architecture.md).
 */
export interface StackedOptimizerSettings {
  /** [R] learning rate of each run. */
  readonly learningRates: Float32Array;
  /** [R] 1 where the run uses Adam, 0 for plain SGD. */
  readonly useAdam: Float32Array;
  /** [R] Adam epsilon of each run. */
  readonly adamEpsilons: Float32Array;
  readonly beta1?: number;
  readonly beta2?: number;
}

export class StackedOptimizer {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private step = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private lr: tf.Tensor;
  private adamMask: tf.Tensor;
  private eps: tf.Tensor;

  constructor(
    private readonly params: readonly tf.Variable[],
    settings: StackedOptimizerSettings,
  ) {
    this.m = params.map((p) => tf.variable(tf.zerosLike(p), false));
    this.v = params.map((p) => tf.variable(tf.zerosLike(p), false));
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    const R = settings.learningRates.length;
    this.lr = tf.tensor3d(settings.learningRates, [R, 1, 1]);
    this.adamMask = tf.tensor3d(settings.useAdam, [R, 1, 1]);
    this.eps = tf.tensor3d(settings.adamEpsilons, [R, 1, 1]);
  }

  /** Per-run multiplier of the update (0 freezes a run, e.g. once it diverged). */
  setRunScale(scale: Float32Array, learningRates: Float32Array): void {
    const lr = new Float32Array(learningRates.length);
    for (let r = 0; r < lr.length; r++) lr[r] = learningRates[r] * scale[r];
    this.lr.dispose();
    this.lr = tf.tensor3d(lr, [lr.length, 1, 1]);
  }

  /** params <- params - lr * direction, direction = Adam's m_hat/(sqrt(v_hat)+eps) or the gradient. */
  apply(grads: readonly tf.Tensor[]): void {
    this.step += 1;
    const bc1 = 1 - this.beta1 ** this.step;
    const bc2 = 1 - this.beta2 ** this.step;
    tf.tidy(() => {
      grads.forEach((g, i) => {
        const m = tf.add(tf.mul(this.m[i], this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const adamDir = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), this.eps));
        const dir = tf.add(tf.mul(this.adamMask, adamDir), tf.mul(tf.sub(1, this.adamMask), g));
        this.params[i].assign(tf.sub(this.params[i], tf.mul(this.lr, dir)));
      });
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
    this.lr.dispose();
    this.adamMask.dispose();
    this.eps.dispose();
  }
}

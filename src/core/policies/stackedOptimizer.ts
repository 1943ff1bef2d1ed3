import * as tf from '@tensorflow/tfjs-core';
import { clippedGradientAndMoment, momentStep, type RunStepConstants } from './cpuOptimiserStep';
import { variableFrom } from './variableFrom';

/**
 * SGD, Adam and normalised momentum over parameters stacked on a run axis, with every
 * hyperparameter per run, so runs with different optimiser settings share one program.
 * tfjs's own optimisers take one scalar learning rate for all runs, hence this small rewrite.
 *
 * - sgd: theta -= lr g
 * - adam (Kingma & Ba 2015, Algorithm 1, bias-corrected; epsilon passed explicitly because tfjs's
 *   default depends on the backend): theta -= lr m_hat / (sqrt(v_hat) + eps)
 * - normalized-momentum (N-PG-IGT's update without the IGT point): d = beta d + (1 - beta) g,
 *   theta -= lr d / |d| with |d| the run's global norm.
 * Before the step, each run's gradient is clipped to its global norm maxGradNorm (0 = off).
 * A run whose `active` flag is 0 is left exactly as it was (parameters and moments).
 */
export type StackedOptimizerKind = 'sgd' | 'adam' | 'normalized-momentum';

export interface StackedRunOptimizer {
  readonly kind: StackedOptimizerKind;
  readonly learningRate: number;
  readonly adamEpsilon: number;
  readonly adamBeta1: number;
  readonly adamBeta2: number;
  readonly momentumBeta: number;
  readonly maxGradNorm: number;
}

/**
 * The sum of same-shape tensors as a chain of two-input adds. Not tf.addN: tfjs-backend-webgpu
 * 4.22 binds every addend as a storage buffer of one shader, and an adapter allows 8 per stage
 * (SwiftShader does; so does the WebGPU default limit), so 8 or more addends (a CNN's 8
 * variables; an MLP and its critic) make an invalid pipeline whose output is stale memory: the
 * norms came out wrong and the optimiser wrote NaN into every parameter.
 */
export function sumOf(tensors: readonly tf.Tensor[]): tf.Tensor {
  return tensors.reduce((total, t) => tf.add(total, t));
}

const col = (values: ArrayLike<number>, rank: number) =>
  tf.tensor(Array.from(values), [values.length, ...new Array(rank - 1).fill(1)]);

export class StackedOptimizer {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private readonly steps: Float64Array;

  /**
   * `fusedOnCpu`: on the cpu backend, the element-wise part of a step runs as two loops per
   * variable (cpuOptimiserStep.ts) instead of about 25 tensor ops, each a pass over every run's
   * parameters and a fresh array: the same numbers bit for bit (tests compare both ways).
   */
  constructor(
    private readonly params: readonly tf.Variable[],
    private readonly runs: readonly StackedRunOptimizer[],
    private readonly fusedOnCpu = true,
  ) {
    this.m = params.map((p) => variableFrom(tf.zerosLike(p), false));
    this.v = params.map((p) => variableFrom(tf.zerosLike(p), false));
    this.steps = new Float64Array(runs.length);
  }

  /**
   * One step for the runs with active[r] = 1. Returns each run's gradient norm before clipping
   * ([R], the caller disposes it).
   */
  apply(grads: readonly tf.Tensor[], active: ArrayLike<number>): tf.Tensor1D {
    const R = this.runs.length;
    for (let r = 0; r < R; r++) if (active[r]) this.steps[r] += 1;
    if (this.fusedOnCpu && tf.getBackend() === 'cpu') return this.applyOnCpu(grads, active);
    return tf.tidy(() => {
      const { norms, factor } = this.clipFactors(grads);
      const constants = this.stepConstants(active);
      const b1 = constants.map((c) => c.beta1);
      const b2 = constants.map((c) => c.beta2);
      const bc1 = constants.map((c) => c.biasCorrection1);
      const bc2 = constants.map((c) => c.biasCorrection2);
      const isAdam = constants.map((c) => (c.kind === 'adam' ? 1 : 0));
      const isMomentum = constants.map((c) => (c.kind === 'normalized-momentum' ? 1 : 0));
      const lr = constants.map((c) => c.learningRate);
      const eps = constants.map((c) => c.epsilon);

      // [R] -> [R, 1, ..., 1] so a per-run number broadcasts over that run's slice.
      const perRun = (t: tf.Tensor, rank: number) =>
        tf.reshape(t, [R, ...new Array(rank - 1).fill(1)]);
      const newM: tf.Tensor[] = [];
      const clipped = grads.map((g) => tf.mul(g, perRun(factor, g.rank)));
      clipped.forEach((g, i) => {
        const rank = g.rank;
        const beta1 = col(b1, rank);
        newM.push(tf.add(tf.mul(this.m[i], beta1), tf.mul(g, tf.sub(1, beta1))));
      });
      const safeNorm = this.momentumNorms(newM);
      clipped.forEach((g, i) => {
        const rank = g.rank;
        const act = col(active, rank);
        const m = newM[i];
        const beta2 = col(b2, rank);
        const v = tf.add(tf.mul(this.v[i], beta2), tf.mul(tf.square(g), tf.sub(1, beta2)));
        const adamDir = tf.div(
          tf.div(m, col(bc1, rank)),
          tf.add(tf.sqrt(tf.div(v, col(bc2, rank))), col(eps, rank)),
        );
        const momDir = tf.div(m, perRun(safeNorm, rank));
        const adam = col(isAdam, rank);
        const mom = col(isMomentum, rank);
        const sgd = tf.sub(1, tf.add(adam, mom));
        const dir = tf.addN([tf.mul(adam, adamDir), tf.mul(mom, momDir), tf.mul(sgd, g)]);
        const step = tf.mul(tf.mul(col(lr, rank), act), dir);
        this.params[i].assign(tf.sub(this.params[i], step));
        // Inactive runs keep their moments exactly.
        this.m[i].assign(tf.add(tf.mul(act, m), tf.mul(tf.sub(1, act), this.m[i])));
        this.v[i].assign(tf.add(tf.mul(act, v), tf.mul(tf.sub(1, act), this.v[i])));
      });
      return norms;
    });
  }

  /** Each run's global norm over all of `tensors` ([R, ...] each), [R]. Call inside tidy. */
  private runNorms(tensors: readonly tf.Tensor[]): tf.Tensor1D {
    const R = this.runs.length;
    return tf.sqrt(
      sumOf(tensors.map((t) => tf.sum(tf.reshape(tf.square(t), [R, -1]), 1))),
    ) as tf.Tensor1D;
  }

  /**
   * What normalised momentum divides by: each run's global norm of the new momentum m', 1 where
   * it is 0. Call inside tidy.
   */
  private momentumNorms(newM: readonly tf.Tensor[]): tf.Tensor1D {
    const norms = this.runNorms(newM);
    return tf.where(tf.greater(norms, 0), norms, tf.onesLike(norms));
  }

  /** Each run's optimiser numbers for this step, rounded to float32 as its tensors hold them. */
  private stepConstants(active: ArrayLike<number>): RunStepConstants[] {
    const f = Math.fround;
    return this.runs.map((o, r) => ({
      kind: o.kind,
      beta1: f(o.kind === 'normalized-momentum' ? o.momentumBeta : o.adamBeta1),
      beta2: f(o.adamBeta2),
      biasCorrection1: f(1 - o.adamBeta1 ** Math.max(1, this.steps[r])),
      biasCorrection2: f(1 - o.adamBeta2 ** Math.max(1, this.steps[r])),
      epsilon: f(o.adamEpsilon),
      learningRate: f(o.learningRate),
      active: active[r] === 1,
    }));
  }

  /** Each run's gradient norm |g| over all variables, and its clip factor. Call inside tidy. */
  private clipFactors(grads: readonly tf.Tensor[]): { norms: tf.Tensor1D; factor: tf.Tensor1D } {
    const norms = this.runNorms(grads);
    const maxNorm = tf.tensor1d(this.runs.map((o) => o.maxGradNorm));
    // clip factor min(1, max/|g|) where max > 0; 1 where clipping is off.
    const factor = tf.where(
      tf.greater(maxNorm, 0),
      tf.minimum(1, tf.div(maxNorm, tf.add(norms, 1e-12))),
      tf.onesLike(norms),
    ) as tf.Tensor1D;
    return { norms, factor };
  }

  /** `apply` on the cpu backend, its element-wise part in loops (cpuOptimiserStep.ts). */
  private applyOnCpu(grads: readonly tf.Tensor[], active: ArrayLike<number>): tf.Tensor1D {
    const { norms, factor } = tf.tidy(() => this.clipFactors(grads));
    const clipFactors = factor.dataSync();
    factor.dispose();
    const runs = this.stepConstants(active);
    const clipped = grads.map((g) => new Float32Array(g.size));
    const newM = grads.map((g) => new Float32Array(g.size));
    grads.forEach((g, i) =>
      clippedGradientAndMoment(
        g.dataSync() as Float32Array,
        this.m[i].dataSync() as Float32Array,
        runs,
        clipFactors,
        clipped[i],
        newM[i],
      ),
    );
    const momentumNorm = runs.some((run) => run.kind === 'normalized-momentum')
      ? tf.tidy(() => this.momentumNorms(newM.map((m) => tf.tensor(m))))
      : null;
    const norm = momentumNorm?.dataSync() ?? null;
    momentumNorm?.dispose();
    this.params.forEach((p, i) => {
      const param = Float32Array.from(p.dataSync() as Float32Array);
      const m = Float32Array.from(this.m[i].dataSync() as Float32Array);
      const v = Float32Array.from(this.v[i].dataSync() as Float32Array);
      momentStep(param, m, v, clipped[i], newM[i], runs, norm);
      tf.tidy(() => {
        p.assign(tf.tensor(param, p.shape));
        this.m[i].assign(tf.tensor(m, p.shape));
        this.v[i].assign(tf.tensor(v, p.shape));
      });
    });
    return norms;
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { variableFrom } from './variableFrom';
// Gradients: tfjs-core registers none by itself; entry points import '@tensorflow/tfjs' (worker,
// bench) or the vitest setup file registers them, so the core stays free of bundle choices.
import type { Rng } from '../rng';
import { fastTanh } from './fastTanh';
import { isSparse, type Observation } from './sparseObservation';
import { stackedAffine } from './stackedMatMul';
import { webgpuSparseInputMatMul } from './webgpuSparseInput';

/**
 * R independent MLP policies stacked on a leading run axis, so R runs train as one tensor
 * program: every weight is [R, in, out] and a forward pass is one stacked product per layer
 * (stackedMatMul.ts)
 * (architecture.md, "Batching across runs"). Runs never mix: slice r of every tensor only ever
 * meets slice r of the others, so R runs trained together equal R runs trained alone.
 *
 * Hidden layers use tanh (as CleanRL's ppo.py); the output layer gives action logits.
 */
export interface MlpShape {
  readonly inputSize: number;
  readonly hidden: readonly number[];
  readonly numActions: number;
  /** Scale of the output layer's init (default 0.01: a near-uniform initial policy). */
  readonly outputScale?: number;
}

export class StackedMlp {
  readonly numRuns: number;
  readonly weights: tf.Variable[] = [];
  readonly biases: tf.Variable[] = [];

  /**
   * `initRngs[r]` initialises run r, so run r's weights do not depend on which other runs share
   * the stack. Init: uniform(+-sqrt(6/(fanIn+fanOut))) (Glorot & Bengio 2010) for hidden layers,
   * scaled by 0.01 for the output layer so the initial policy is near uniform (CleanRL uses
   * std 0.01 for the actor head for the same reason); biases 0.
   */
  constructor(
    readonly shape: MlpShape,
    initRngs: readonly Rng[],
    trainable = true,
  ) {
    this.numRuns = initRngs.length;
    const sizes = [shape.inputSize, ...shape.hidden, shape.numActions];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const isOutput = l + 2 === sizes.length;
      const limit = Math.sqrt(6 / (fanIn + fanOut)) * (isOutput ? (shape.outputScale ?? 0.01) : 1);
      const w = new Float32Array(this.numRuns * fanIn * fanOut);
      for (let r = 0; r < this.numRuns; r++) {
        const rng = initRngs[r].split(`layer${l}`);
        const o = r * fanIn * fanOut;
        for (let k = 0; k < fanIn * fanOut; k++) w[o + k] = (2 * rng.uniform() - 1) * limit;
      }
      this.weights.push(variableFrom(tf.tensor3d(w, [this.numRuns, fanIn, fanOut]), trainable));
      this.biases.push(variableFrom(tf.zeros([this.numRuns, 1, fanOut]), trainable));
    }
  }

  get variables(): tf.Variable[] {
    return [...this.weights, ...this.biases];
  }

  /**
   * Whether `features` takes the observations as their nonzero entries (SparseObservation):
   * on WebGPU, with a hidden layer to read them (webgpuSparseInput.ts).
   */
  get acceptsSparseObservation(): boolean {
    return this.weights.length > 1 && tf.getBackend() === 'webgpu';
  }

  /** obs [R, N, inputSize] -> logits [R, N, numActions]. Call inside tf.tidy. */
  logits(obs: Observation): tf.Tensor3D {
    return this.outputLayer(this.features(obs));
  }

  /**
   * obs [R, N, inputSize] -> the last hidden activation h [R, N, hidden.at(-1)] that the output
   * layer reads (the observation itself without hidden layers). Call inside tf.tidy.
   */
  features(obs: Observation): tf.Tensor3D {
    if (isSparse(obs) && !this.acceptsSparseObservation)
      throw new Error('StackedMlp: sparse observations need the webgpu backend and a hidden layer');
    let h = isSparse(obs) ? null : obs;
    for (let l = 0; l + 1 < this.weights.length; l++) {
      const preActivation =
        h === null
          ? tf.add<tf.Tensor3D>(
              webgpuSparseInputMatMul(obs as Exclude<Observation, tf.Tensor3D>, this.weights[l]),
              this.biases[l],
            )
          : stackedAffine(h, this.weights[l], this.biases[l], l > 0);
      h = fastTanh(preActivation);
    }
    return h as tf.Tensor3D;
  }

  /** The output (logits) layer: logits = h W + b with W [R, H, A] and b [R, 1, A]. */
  outputLayer(features: tf.Tensor3D): tf.Tensor3D {
    const last = this.weights.length - 1;
    // Without hidden layers the features are the observation itself: no gradient to it.
    return stackedAffine(features, this.weights[last], this.biases[last], last > 0);
  }

  /** Copy of every parameter as flat float32 arrays, for tests and exports. */
  async readParameters(): Promise<Float32Array[]> {
    return Promise.all(this.variables.map((v) => v.data() as Promise<Float32Array>));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** Logits of illegal actions pushed to -1e9 so softmax gives them probability 0. */
export function maskLogits(logits: tf.Tensor3D, legal: tf.Tensor3D | null): tf.Tensor3D {
  if (!legal) return logits;
  return tf.add(logits, tf.mul(tf.sub(legal, 1), 1e9));
}

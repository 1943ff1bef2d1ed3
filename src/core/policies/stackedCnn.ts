import * as tf from '@tensorflow/tfjs-core';
import { variableFrom } from './variableFrom';
// Gradients: registered by the entry points or the vitest setup file, as for StackedMlp.
import type { Rng } from '../rng';
import { fastTanh } from './fastTanh';
import { stackedMatMul } from './stackedMatMul';

/**
 * R independent small CNN policies for grid observations, stacked on a leading run axis like
 * StackedMlp (architecture.md, "Batching across runs"), with the same interface so the trainer
 * can swap one for the other.
 *
 * Network: `convChannels.length` 3x3 'same' convolutions (stride 1, zero padding), then flatten,
 * `hidden` dense layers, and a dense output layer giving action logits; every hidden layer uses
 * `activation` (ReLU by default, as the Atari/Sokoban CNNs of Mnih et al. 2015 and IMPALA).
 *
 * How a convolution is batched over runs: im2col plus one batched matMul. The 9 shifted copies
 * of the zero-padded input are concatenated on the channel axis, giving for every cell its 3x3
 * patch [9 * Cin], and a run's conv kernel is stored flattened as [9 * Cin, Cout] (tfjs's conv2d
 * filter [3, 3, Cin, Cout] in row-major order), so a layer for all runs is
 * patches [R, N*H*W, 9*Cin] x kernel [R, 9*Cin, Cout]: the same batched matMul as StackedMlp.
 * Runs never mix, by construction: slice r of the patches only meets slice r of the kernel.
 * Cost per layer: 1 pad + 9 slices + 1 concat + 1 batched matMul whatever R is; exactly the
 * multiply-adds of R separate convolutions (R * N * H * W * 9 * Cin * Cout); memory: the patch
 * tensor is 9x the layer's input.
 * Rejected: (a) one conv2d with a block-diagonal kernel [3, 3, R*Cin, R*Cout] does R times the
 * needed multiply-adds (the zero blocks) and needs the off-diagonal blocks kept at zero;
 * (b) looping over runs costs R conv2d calls (and R gradient kernels) per layer, the per-run
 * launch overhead that batching is meant to remove.
 */
export interface CnnShape {
  readonly height: number;
  readonly width: number;
  /** Input channels per cell (Sokoban 7, 2048 16). */
  readonly channels: number;
  /** Output channels of each 3x3 convolution, e.g. [16, 16]. */
  readonly convChannels: readonly number[];
  /** Dense layers after flattening the last convolution's [height * width * channels]. */
  readonly hidden: readonly number[];
  readonly numActions: number;
  /** Scale of the output layer's init (default 0.01: a near-uniform initial policy). */
  readonly outputScale?: number;
  /** Nonlinearity of every hidden layer, conv and dense (default 'relu'). */
  readonly activation?: 'relu' | 'tanh';
}

/** 3x3 kernels: the patch of a cell is its 9 neighbours (itself included). */
const KERNEL_SIZE = 3;
const PATCH = KERNEL_SIZE * KERNEL_SIZE;

export class StackedCnn {
  readonly numRuns: number;
  /** Conv kernels [R, 9 * Cin, Cout] (row = (dy * 3 + dx) * Cin + c, dy/dx the patch offset). */
  readonly convKernels: tf.Variable[] = [];
  /** Conv biases [R, 1, Cout]. */
  readonly convBiases: tf.Variable[] = [];
  /** Dense weights [R, in, out], the first with in = height * width * last conv channels. */
  readonly weights: tf.Variable[] = [];
  /** Dense biases [R, 1, out]. */
  readonly biases: tf.Variable[] = [];
  private readonly activation: 'relu' | 'tanh';

  /**
   * `initRngs[r]` initialises run r, so run r's weights do not depend on which other runs share
   * the stack. Init, with fanIn / fanOut counting the 3x3 receptive field for convolutions (as
   * Keras does): hidden layers uniform(+-sqrt(6/fanIn)) for ReLU (He et al. 2015) or
   * uniform(+-sqrt(6/(fanIn+fanOut))) for tanh (Glorot & Bengio 2010); the output layer Glorot
   * scaled by outputScale so the initial policy is near uniform (as StackedMlp, CleanRL's actor
   * head); biases 0.
   */
  constructor(
    readonly shape: CnnShape,
    initRngs: readonly Rng[],
    trainable = true,
  ) {
    const { height, width, channels, convChannels, hidden, numActions } = shape;
    for (const [name, v] of [
      ['height', height],
      ['width', width],
      ['channels', channels],
      ['numActions', numActions],
      ...convChannels.map((c, l) => [`convChannels[${l}]`, c] as const),
      ...hidden.map((h, l) => [`hidden[${l}]`, h] as const),
    ] as const)
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`StackedCnn: ${name} must be a positive integer, got ${v}`);
    this.numRuns = initRngs.length;
    this.activation = shape.activation ?? 'relu';
    const R = this.numRuns;

    // Uniform(+-limit) from each run's own stream, stacked into one [R, fanIn, fanOut] tensor.
    const uniformStack = (label: string, rows: number, cols: number, limit: number) => {
      const w = new Float32Array(R * rows * cols);
      for (let r = 0; r < R; r++) {
        const rng = initRngs[r].split(label);
        const o = r * rows * cols;
        for (let k = 0; k < rows * cols; k++) w[o + k] = (2 * rng.uniform() - 1) * limit;
      }
      return variableFrom(tf.tensor3d(w, [R, rows, cols]), trainable);
    };
    const hiddenLimit = (fanIn: number, fanOut: number) =>
      this.activation === 'relu' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));

    let cin = channels;
    convChannels.forEach((cout, l) => {
      const limit = hiddenLimit(PATCH * cin, PATCH * cout);
      this.convKernels.push(uniformStack(`conv${l}`, PATCH * cin, cout, limit));
      this.convBiases.push(variableFrom(tf.zeros([R, 1, cout]), trainable));
      cin = cout;
    });

    const sizes = [height * width * cin, ...hidden, numActions];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const isOutput = l + 2 === sizes.length;
      const limit = isOutput
        ? Math.sqrt(6 / (fanIn + fanOut)) * (shape.outputScale ?? 0.01)
        : hiddenLimit(fanIn, fanOut);
      this.weights.push(uniformStack(`dense${l}`, fanIn, fanOut, limit));
      this.biases.push(variableFrom(tf.zeros([R, 1, fanOut]), trainable));
    }
  }

  get variables(): tf.Variable[] {
    return [...this.convKernels, ...this.convBiases, ...this.weights, ...this.biases];
  }

  private act<T extends tf.Tensor>(x: T): T {
    return this.activation === 'relu' ? tf.relu(x) : fastTanh(x);
  }

  /**
   * obs [R, N, height * width * channels] (cell-major, channel fastest, as the envs write it)
   * -> logits [R, N, numActions]. Call inside tf.tidy.
   */
  logits(obs: tf.Tensor3D): tf.Tensor3D {
    return this.outputLayer(this.features(obs));
  }

  /** The output (logits) layer: logits = h W + b with W [R, H, A] and b [R, 1, A]. */
  outputLayer(features: tf.Tensor3D): tf.Tensor3D {
    const last = this.weights.length - 1;
    return tf.add(stackedMatMul(features, this.weights[last]), this.biases[last]);
  }

  /**
   * obs [R, N, height * width * channels] -> the activation h [R, N, H] the output layer reads
   * (after the convolutions and every hidden dense layer). Call inside tf.tidy.
   */
  features(obs: tf.Tensor3D): tf.Tensor3D {
    const { height: H, width: W } = this.shape;
    const R = this.numRuns;
    const N = obs.shape[1];
    // Cell-major with the channel fastest is exactly NHWC, so a reshape is the whole conversion;
    // runs and envs share the batch axis for the padding and shifts, which never mix images.
    let x: tf.Tensor4D = tf.reshape(obs, [R * N, H, W, this.shape.channels]);
    for (let l = 0; l < this.convKernels.length; l++) {
      const cin = x.shape[3];
      const padded = tf.pad(x, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]);
      const shifts: tf.Tensor4D[] = [];
      for (let dy = 0; dy < KERNEL_SIZE; dy++)
        for (let dx = 0; dx < KERNEL_SIZE; dx++)
          shifts.push(tf.slice(padded, [0, dy, dx, 0], [R * N, H, W, cin]));
      const patches = tf.reshape(tf.concat(shifts, 3), [R, N * H * W, PATCH * cin]);
      const out = this.act(
        tf.add(stackedMatMul(patches, this.convKernels[l], l > 0), this.convBiases[l]),
      );
      x = tf.reshape(out, [R * N, H, W, this.shape.convChannels[l]]);
    }
    let h: tf.Tensor3D = tf.reshape(x, [R, N, H * W * x.shape[3]]);
    for (let l = 0; l + 1 < this.weights.length; l++)
      h = this.act(tf.add(stackedMatMul(h, this.weights[l]), this.biases[l]));
    return h;
  }

  /** Copy of every parameter as flat float32 arrays, for tests and exports. */
  async readParameters(): Promise<Float32Array[]> {
    return Promise.all(this.variables.map((v) => v.data() as Promise<Float32Array>));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

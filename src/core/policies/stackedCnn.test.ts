import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Game2048Env } from '../envs/game2048';
import { parseSokobanLevelOrThrow, SOKOBAN_CHANNELS, SokobanEnv } from '../envs/sokoban';
import { SOKOBAN_TEACHING_LEVELS } from '../envs/sokobanLevels';
import { Rng } from '../rng';
import { type CnnShape, StackedCnn } from './stackedCnn';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A small non-square grid so a mix-up of height and width would change the result.
const SHAPE: CnnShape = {
  height: 4,
  width: 5,
  channels: 3,
  convChannels: [4, 6],
  hidden: [8],
  numActions: 4,
  outputScale: 1,
};
const OBS_SIZE = SHAPE.height * SHAPE.width * SHAPE.channels;

const seeds = (...s: number[]) => s.map((x) => Rng.fromSeed(x));

/** [R, N, OBS_SIZE] of uniform(-1, 1) numbers, different for every run. */
function randomObs(runs: number, n: number, seed: number): Float32Array {
  const rng = Rng.fromSeed(seed);
  return Float32Array.from({ length: runs * n * OBS_SIZE }, () => 2 * rng.uniform() - 1);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A fixed loss per run: its logits pulled towards a fixed target by squared error. */
function loss(net: StackedCnn, obs: tf.Tensor3D, target: tf.Tensor3D): tf.Scalar {
  return tf.sum(tf.square(tf.sub(net.logits(obs), target)));
}

function sgdStep(net: StackedCnn, obs: tf.Tensor3D, target: tf.Tensor3D, lr: number): void {
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => loss(net, obs, target), net.variables);
    for (const v of net.variables) v.assign(tf.sub(v, tf.mul(grads[v.name], lr)));
  });
}

describe('StackedCnn', () => {
  const nets: StackedCnn[] = [];
  const make = (shape: CnnShape, rngs: readonly Rng[]) => {
    const net = new StackedCnn(shape, rngs);
    nets.push(net);
    return net;
  };
  afterAll(() => nets.forEach((n) => n.dispose()));

  it('maps [R, N, H*W*C] to logits [R, N, numActions]', () => {
    const net = make(SHAPE, seeds(1, 2, 3));
    const shape = tf.tidy(
      () => net.logits(tf.tensor3d(randomObs(3, 5, 0), [3, 5, OBS_SIZE])).shape,
    );
    expect(shape).toEqual([3, 5, SHAPE.numActions]);
    // Parameters of every layer carry the run axis first, as StackedOptimizer needs.
    for (const v of net.variables) expect(v.shape[0]).toBe(3);
  });

  it('computes the same network as tfjs conv2d (3x3, same padding) + dense layers', () => {
    for (const activation of ['relu', 'tanh'] as const) {
      const net = make({ ...SHAPE, activation }, seeds(7));
      // Nonzero biases so their broadcast is checked too.
      tf.tidy(() => net.variables.forEach((v, i) => v.assign(tf.add(v, 0.01 * (i + 1)))));
      const obs = randomObs(1, 3, 11);
      const act = (x: tf.Tensor) => (activation === 'relu' ? tf.relu(x) : tf.tanh(x));
      const [mine, reference] = tf.tidy(() => {
        const { height: H, width: W, channels: C } = SHAPE;
        let x: tf.Tensor4D = tf.tensor4d(obs, [3, H, W, C]);
        net.convKernels.forEach((k, l) => {
          const cout = SHAPE.convChannels[l];
          const filter = tf.reshape(k, [3, 3, x.shape[3], cout]) as tf.Tensor4D;
          const bias = tf.reshape(net.convBiases[l], [cout]);
          x = act(tf.add(tf.conv2d(x, filter, 1, 'same'), bias)) as tf.Tensor4D;
        });
        let h: tf.Tensor = tf.reshape(x, [3, -1]);
        net.weights.forEach((w, l) => {
          h = tf.add(tf.matMul(h as tf.Tensor2D, tf.squeeze(w, [0]) as tf.Tensor2D), net.biases[l]);
          if (l < net.weights.length - 1) h = act(h);
        });
        return [
          net.logits(tf.tensor3d(obs, [1, 3, OBS_SIZE])).dataSync(),
          tf.reshape(h, [-1]).dataSync(),
        ];
      });
      expect(maxAbsDiff(mine, reference)).toBeLessThan(1e-5);
    }
  });

  it('R runs stacked equal each run alone, at init and after SGD steps', async () => {
    const R = 3;
    const N = 4;
    const stacked = make(SHAPE, seeds(10, 20, 30));
    const alone = [10, 20, 30].map((s) => make(SHAPE, seeds(s)));
    const obsAll = randomObs(R, N, 5);
    const targetAll = Float32Array.from(randomObs(R, N, 6).subarray(0, R * N * 4));
    const per = N * OBS_SIZE;
    const obsT = tf.tensor3d(obsAll, [R, N, OBS_SIZE]);
    const targetT = tf.tensor3d(targetAll, [R, N, 4]);
    const obsR = alone.map((_, r) =>
      tf.tensor3d(obsAll.subarray(r * per, (r + 1) * per), [1, N, OBS_SIZE]),
    );
    const targetR = alone.map((_, r) =>
      tf.tensor3d(targetAll.subarray(r * N * 4, (r + 1) * N * 4), [1, N, 4]),
    );

    const forward = () => {
      const all = tf.tidy(() => stacked.logits(obsT).dataSync());
      alone.forEach((net, r) => {
        const one = tf.tidy(() => net.logits(obsR[r]).dataSync());
        expect(maxAbsDiff(all.subarray(r * N * 4, (r + 1) * N * 4), one)).toBeLessThan(1e-6);
      });
    };
    forward();

    // The stacked loss is the sum of the runs' losses, so each run's gradient is its own.
    for (let step = 0; step < 5; step++) {
      sgdStep(stacked, obsT, targetT, 0.01);
      alone.forEach((net, r) => sgdStep(net, obsR[r], targetR[r], 0.01));
    }
    const params = await stacked.readParameters();
    for (let r = 0; r < R; r++) {
      const own = await alone[r].readParameters();
      params.forEach((p, i) => {
        const n = own[i].length;
        expect(maxAbsDiff(p.subarray(r * n, (r + 1) * n), own[i])).toBeLessThan(1e-5);
      });
    }
    // Training moved the parameters (the comparison above is not of untouched inits).
    const init = make(SHAPE, seeds(10, 20, 30));
    const initParams = await init.readParameters();
    expect(maxAbsDiff(params[0], initParams[0])).toBeGreaterThan(1e-4);
    forward();
    tf.dispose([obsT, targetT, ...obsR, ...targetR]);
  });

  it('run r is unaffected by the other runs inputs and weights', () => {
    const net = make(SHAPE, seeds(1, 2));
    const obs = randomObs(2, 3, 8);
    const changed = obs.slice();
    for (let k = 3 * OBS_SIZE; k < changed.length; k++) changed[k] += 1; // run 1 only
    const [a, b] = tf.tidy(() => [
      net.logits(tf.tensor3d(obs, [2, 3, OBS_SIZE])).dataSync(),
      net.logits(tf.tensor3d(changed, [2, 3, OBS_SIZE])).dataSync(),
    ]);
    expect(maxAbsDiff(a.subarray(0, 12), b.subarray(0, 12))).toBe(0);
    expect(maxAbsDiff(a.subarray(12), b.subarray(12))).toBeGreaterThan(0);
  });

  it('sends a gradient to every variable, for every run', () => {
    for (const activation of ['relu', 'tanh'] as const) {
      const net = make({ ...SHAPE, activation, outputScale: 0.01 }, seeds(3, 4));
      const target = tf.tensor3d(randomObs(2, 6, 9).subarray(0, 2 * 6 * 4), [2, 6, 4]);
      const obs = tf.tensor3d(randomObs(2, 6, 12), [2, 6, OBS_SIZE]);
      const perRunMax = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => loss(net, obs, target), net.variables);
        return net.variables.map((v) =>
          Array.from(tf.max(tf.abs(tf.reshape(grads[v.name], [2, -1])), 1).dataSync()),
        );
      });
      for (const m of perRunMax) for (const x of m) expect(x).toBeGreaterThan(0);
      tf.dispose([obs, target]);
    }
  });

  it('reads real Sokoban observations: finite, near-uniform logits at init', () => {
    const level = parseSokobanLevelOrThrow(SOKOBAN_TEACHING_LEVELS[1].text);
    const N = 3;
    const env = new SokobanEnv({ levels: [level] }, N);
    const shape: CnnShape = {
      height: env.gridHeight,
      width: env.gridWidth,
      channels: SOKOBAN_CHANNELS.length,
      convChannels: [16, 16],
      hidden: [64],
      numActions: env.numActions,
    };
    expect(shape.height * shape.width * shape.channels).toBe(env.obsSize);
    const R = 2;
    const net = make(shape, seeds(1, 2));
    const obs = new Float32Array(R * env.obs.length);
    for (let r = 0; r < R; r++) obs.set(env.obs, r * env.obs.length);
    const probs = tf.tidy(() =>
      tf.softmax(net.logits(tf.tensor3d(obs, [R, N, env.obsSize]))).dataSync(),
    );
    expect(probs.length).toBe(R * N * env.numActions);
    for (const p of probs) {
      expect(Number.isFinite(p)).toBe(true);
      expect(Math.abs(p - 1 / env.numActions)).toBeLessThan(0.01);
    }
  });

  it('reads 2048 observations (4 x 4 cells, 16 exponent channels)', () => {
    const env = new Game2048Env({}, 2, Rng.fromSeed(4));
    const net = make(
      { height: 4, width: 4, channels: 16, convChannels: [8], hidden: [], numActions: 4 },
      seeds(5),
    );
    const probs = tf.tidy(() =>
      tf.softmax(net.logits(tf.tensor3d(env.obs, [1, 2, env.obsSize]))).dataSync(),
    );
    for (const p of probs) expect(Math.abs(p - 0.25)).toBeLessThan(0.01);
  });

  it('leaks no tensors across repeated logits and gradients', () => {
    const net = make(SHAPE, seeds(1, 2));
    const obs = tf.tensor3d(randomObs(2, 3, 1), [2, 3, OBS_SIZE]);
    const target = tf.zeros([2, 3, 4]) as tf.Tensor3D;
    const round = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => loss(net, obs, target), net.variables);
        return [value, ...Object.values(grads)].length;
      });
    round();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      round();
      // A block body: tidy keeps (does not dispose) whatever its function returns.
      tf.tidy(() => {
        net.logits(obs);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([obs, target]);
  });

  it('rejects a shape that is not positive integers', () => {
    expect(() => new StackedCnn({ ...SHAPE, convChannels: [0] }, seeds(1))).toThrow(
      /convChannels\[0\]/,
    );
  });
});

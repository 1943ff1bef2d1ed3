import { uploadTensor3d } from './uploadTensor';
import * as tf from '@tensorflow/tfjs-core';
import type { AdvantagePlan } from '../estimators/advantages';
import { covarianceSelection } from '../estimators/regularisers/covariance';
import { disposeCoefs, policyLossCoefsTf } from '../estimators/tfjs/coefs';
import {
  policyDiagnosticsTf,
  policyLossTf,
  type PolicyLossInputs,
} from '../estimators/tfjs/policy-loss';
import { valueLossTf } from '../estimators/tfjs/value-loss';
import type { VecEnv } from '../envs/types';
import { estimatorNeeds } from '../estimators/needs';
import { varianceFromSums, type GradientVariance } from '../metrics/gradientVariance';
import { outputLayerGradientSums } from '../metrics/logitGradientVarianceTf';
import { StackedCnn } from '../policies/stackedCnn';
import { SparseObservation, type Observation } from '../policies/sparseObservation';
import { maskLogits, StackedMlp } from '../policies/stackedMlp';
import { StackedOptimizer, type StackedOptimizerKind } from '../policies/stackedOptimizer';
import type { Rng } from '../rng';
import {
  episodeMinibatches,
  gatherRows,
  type GatheredRows,
  minibatchGathering,
  minibatchRows,
  minibatchWeights,
} from './minibatches';
import {
  emptyStats,
  type PolicyBackend,
  type PolicyEvaluation,
  type RunState,
  type RunUpdateStats,
} from './runState';

/**
 * Neural policies of all runs stacked on a run axis (architecture.md, "Batching across runs"):
 * one forward pass per env step for every env of every run, one read-back per step, and one
 * batched loss + gradient + optimiser step per minibatch for all runs, with per-run
 * hyperparameters as [R, 1] tensors. A critic (separate MLP, as CleanRL's ppo.py) and a frozen
 * reference policy (the initial one) exist only when some run needs them.
 */
/** What the backend needs of a stacked network (StackedMlp, StackedCnn). */
export interface StackedNet {
  readonly variables: tf.Variable[];
  /** Whether logits/features take a SparseObservation (else only the dense batch). */
  readonly acceptsSparseObservation?: boolean;
  logits(obs: Observation): tf.Tensor3D;
  /** The activation the output layer reads, and that layer: logits = outputLayer(features). */
  features(obs: Observation): tf.Tensor3D;
  outputLayer(features: tf.Tensor3D): tf.Tensor3D;
  readParameters(): Promise<Float32Array[]>;
  dispose(): void;
}

/** Network architecture: an MLP, or 3x3 convolutions on the observation grid then dense layers. */
export type NetSpec =
  | { readonly kind: 'mlp'; readonly hidden: readonly number[] }
  | {
      readonly kind: 'cnn';
      readonly conv: readonly number[];
      readonly hidden: readonly number[];
      readonly grid: readonly [number, number, number];
    };

/** The stacked network of `net`'s architecture (also timed by the backend calibration). */
export function buildNet(
  net: NetSpec,
  obsSize: number,
  numActions: number,
  rngs: readonly Rng[],
  outputScale?: number,
  trainable = true,
): StackedNet {
  if (net.kind === 'mlp')
    return new StackedMlp(
      { inputSize: obsSize, hidden: net.hidden, numActions, outputScale },
      rngs,
      trainable,
    );
  const [height, width, channels] = net.grid;
  return new StackedCnn(
    {
      height,
      width,
      channels,
      convChannels: net.conv,
      hidden: net.hidden,
      numActions,
      outputScale,
    },
    rngs,
    trainable,
  );
}

/**
 * n rounded up to a multiple of an eighth of its power of two (n <= 8 stays): at most 8
 * distinct batch heights per doubling, so that GPU backends, which compile programs per shape,
 * do not compile anew for every update's step count. The extra rows are padding (at most an
 * eighth).
 */
export function roundedRows(n: number): number {
  const step = 1 << Math.max(0, Math.floor(Math.log2(n)) - 3);
  // | 0: a small-integer result. Shapes computed from a float-typed number (2 ** k, Math.ceil)
  // reach the kernels' index arithmetic as floats, which made V8 recompile them slower (the
  // observation layer's loop ran 1.75x longer).
  return (Math.ceil(n / step) * step) | 0;
}

/** An update's rows on the host, [R, S] blocks (obs and legal: I and A numbers a row). */
interface UpdateRows {
  readonly obs: Float32Array;
  readonly actions: Int32Array;
  readonly oldLogp: Float32Array;
  readonly adv: Float32Array;
  readonly refLogp: Float32Array;
  readonly oldValues: Float32Array;
  readonly targets: Float32Array;
  readonly legal: Float32Array | null;
}

/** The rows one loss pass reads, on the device: the whole batch or a minibatch's. */
interface UpdateBatch {
  readonly obs: Observation;
  readonly onehot: tf.Tensor3D;
  readonly oldLogp: tf.Tensor2D;
  readonly adv: tf.Tensor2D;
  readonly refLogp: tf.Tensor2D;
  readonly oldValues: tf.Tensor2D;
  readonly targets: tf.Tensor2D;
  readonly legal: tf.Tensor3D | null;
}

/**
 * The episode-major layout [R, E * Tu] that the gradient-variance metric reads (episode e of
 * run r at rows e Tu ... e Tu + Tu - 1, Tu the longest episode), from the training layout where
 * episodes lie back to back (starts[r][e]: episode e's first row in run r's block of S).
 * `rows` [R, E * Tu] gives, for each row of the metric's layout, its row in the training
 * layout (padding rows point at row 0 and get a zero coefficient, so they add nothing); it is
 * null when the metric's layout is the first E * Tu rows of each run's block (every episode as
 * long as the longest; the block may end in padding rows from roundedRows).
 * `stepCoefficients` [R * E * Tu] are the training layout's in the metric's.
 */
export interface EpisodeMajorLayout {
  readonly Tu: number;
  readonly rows: Int32Array | null;
  readonly stepCoefficients: Float32Array;
}

export function episodeMajorLayout(
  starts: readonly Int32Array[],
  E: number,
  S: number,
  stepCoefficients: Float32Array,
): EpisodeMajorLayout {
  let Tu = 1;
  for (const start of starts)
    for (let e = 0; e + 1 < start.length; e++) Tu = Math.max(Tu, start[e + 1] - start[e]);
  // A run without steps (not training) has only padding rows, which fit either layout.
  const leading = starts.every(
    (start) =>
      start[start.length - 1] === 0 ||
      (start.length === E + 1 && start.every((row, e) => row === e * Tu)),
  );
  if (leading && S === E * Tu) return { Tu, rows: null, stepCoefficients };
  const R = starts.length;
  const rows = leading ? null : new Int32Array(R * E * Tu);
  const coefficients = new Float32Array(R * E * Tu);
  starts.forEach((start, r) => {
    for (let e = 0; e + 1 < start.length; e++)
      for (let t = 0; t < start[e + 1] - start[e]; t++) {
        const k = (r * E + e) * Tu + t;
        if (rows) rows[k] = start[e] + t;
        coefficients[k] = stepCoefficients[r * S + start[e] + t];
      }
  });
  return { Tu, rows, stepCoefficients: coefficients };
}

/** An evaluation, plus which copies were evaluated this step (copies[0..count), in row order). */
interface NeuralEvaluation {
  readonly probs: Float32Array;
  readonly values: Float32Array | null;
  readonly refProbs: Float32Array | null;
  readonly rowOf: Int32Array;
  readonly copies: Int32Array;
  count: number;
}

export class NeuralBackend implements PolicyBackend {
  private readonly policy: StackedNet;
  private readonly critic: StackedNet | null;
  private readonly reference: StackedNet | null;
  private readonly optimizer: StackedOptimizer;

  constructor(
    private readonly runs: readonly RunState[],
    private readonly obsSize: number,
    private readonly numActions: number,
    net: NetSpec,
    initRngs: readonly Rng[],
  ) {
    this.policy = buildNet(
      net,
      obsSize,
      numActions,
      initRngs.map((r) => r.split('policy')),
    );
    const needs = runs.map((r) => estimatorNeeds(r.spec));
    this.critic = needs.some((n) => n.critic.length > 0)
      ? buildNet(
          net,
          obsSize,
          1,
          initRngs.map((r) => r.split('critic')),
          1,
        )
      : null;
    // Same init streams as the policy: the reference is exactly the initial policy.
    this.reference = needs.some((n) => n.referencePolicy.length > 0)
      ? buildNet(
          net,
          obsSize,
          numActions,
          initRngs.map((r) => r.split('policy')),
          undefined,
          false,
        )
      : null;
    this.optimizer = new StackedOptimizer(
      [...this.policy.variables, ...(this.critic?.variables ?? [])],
      runs.map((r) => ({
        kind: r.spec.optimizer as StackedOptimizerKind,
        learningRate: r.spec.learningRate,
        adamEpsilon: r.spec.adamEpsilon,
        adamBeta1: r.spec.adamBeta1,
        adamBeta2: r.spec.adamBeta2,
        momentumBeta: r.spec.momentumBeta,
        maxGradNorm: r.spec.maxGradNorm,
      })),
    );
  }

  /** One minibatch step's rows (minibatchRows) of the update's batch, on the device. */
  private gatherBatch(host: UpdateRows, gathered: GatheredRows, R: number, S: number): UpdateBatch {
    const N = gathered.rows;
    const A = this.numActions;
    const rows = <X extends Float32Array | Int32Array>(src: X, width = 1): X =>
      gatherRows(
        src,
        width,
        gathered,
        S,
        new (src.constructor as new (n: number) => X)(R * N * width),
      );
    const column = (src: Float32Array) => tf.tensor2d(rows(src), [R, N]);
    return {
      obs: this.observation(rows(host.obs, this.obsSize), R, N, true),
      onehot: tf.tidy(() =>
        tf.oneHot(tf.tensor2d(rows(host.actions), [R, N], 'int32'), A),
      ) as tf.Tensor3D,
      oldLogp: column(host.oldLogp),
      adv: column(host.adv),
      refLogp: column(host.refLogp),
      oldValues: column(host.oldValues),
      targets: column(host.targets),
      legal: host.legal ? uploadTensor3d(rows(host.legal, A), [R, N, A]) : null,
    };
  }

  /**
   * Observations go to the device as their nonzero entries when every network takes them that
   * way (MLPs on webgpu) and the batch is sparse (one-hot cells: 2048, Sokoban, gridworlds).
   */
  private observation(obs: Float32Array, R: number, N: number, withGradient: boolean): Observation {
    const I = this.obsSize;
    const nets = [this.policy, this.critic, this.reference].filter((n) => n !== null);
    const sparse = nets.every((n) => n.acceptsSparseObservation)
      ? SparseObservation.ifWorthIt(obs, R, N, I, withGradient)
      : null;
    return sparse ?? uploadTensor3d(obs, [R, N, I]);
  }

  /** Per env, the evaluation handed to the trainer, refilled every step (no allocation per step). */
  private readonly evaluations = new WeakMap<VecEnv, NeuralEvaluation>();
  private readonly stepBuffers = new Map<string, Float32Array>();

  private stepBuffer(name: string, length: number): Float32Array {
    let buffer = this.stepBuffers.get(name);
    if (!buffer || buffer.length !== length) {
      buffer = new Float32Array(length);
      this.stepBuffers.set(name, buffer);
    }
    return buffer;
  }

  private evaluationOf(env: VecEnv): NeuralEvaluation {
    let ev = this.evaluations.get(env);
    if (!ev) {
      const n = env.numEnvs;
      const A = this.numActions;
      ev = {
        probs: new Float32Array(n * A),
        values: this.critic ? new Float32Array(n) : null,
        refProbs: this.reference ? new Float32Array(n * A) : null,
        rowOf: new Int32Array(n),
        copies: new Int32Array(n),
        count: 0,
      };
      this.evaluations.set(env, ev);
    }
    return ev;
  }

  /**
   * With `active`, only the copies e with active[r][e] = 1 are evaluated: they are packed into
   * the first rows of their run's block, and each evaluation's rowOf says where. Episodes end at
   * different times (random 2048 games: 140 steps on median, 300 at most), so most of a long
   * rollout's rows would be finished copies. The block height is rounded up to a power of two
   * (at most the copies' count) so that GPU backends see few distinct shapes. A row's numbers
   * do not depend on the rows around it (on cpu bit for bit: every kernel there is row-wise).
   */
  async evaluate(
    envs: readonly (VecEnv | null)[],
    active?: readonly (ArrayLike<number> | null)[],
  ): Promise<(PolicyEvaluation | null)[]> {
    const R = this.runs.length;
    const I = this.obsSize;
    const A = this.numActions;
    let most = 1;
    let largest = 1;
    const evs = envs.map((env, r) => {
      if (!env) return null;
      const ev = this.evaluationOf(env);
      const live = active?.[r];
      ev.count = 0;
      ev.rowOf.fill(0); // copies left out read row 0; the trainer does not use them
      for (let e = 0; e < env.numEnvs; e++)
        if (!live || live[e]) {
          ev.rowOf[e] = ev.count;
          ev.copies[ev.count++] = e;
        }
      most = Math.max(most, ev.count);
      largest = Math.max(largest, env.numEnvs);
      return ev;
    });
    const N = Math.min(1 << Math.ceil(Math.log2(most)), largest) | 0; // | 0: see roundedRows
    // Input buffers reused from step to step (the tensors made from them die in the tidy below).
    const obs = this.stepBuffer('obs', R * N * I);
    const anyMask = envs.some((e) => e?.legalMask);
    const legal = anyMask ? this.stepBuffer('legal', R * N * A).fill(1) : null;
    envs.forEach((env, r) => {
      const ev = evs[r];
      const from = r * N * I;
      if (!env || !ev) return obs.fill(0, from, from + N * I);
      // Runs of consecutive running copies are one copy each (most copies run to the end).
      for (let j = 0, end = 0; j < ev.count; j = end) {
        for (end = j + 1; end < ev.count && ev.copies[end] === ev.copies[j] + end - j; end++);
        const src = ev.copies[j] * I;
        obs.set(env.obs.subarray(src, src + (end - j) * I), from + j * I);
      }
      obs.fill(0, from + ev.count * I, from + N * I);
      const mask = env.legalMask;
      if (legal && mask)
        for (let j = 0; j < ev.count; j++)
          for (let a = 0, src = ev.copies[j] * A; a < A; a++)
            legal[(r * N + j) * A + a] = mask[src + a];
    });
    const width = A + (this.critic ? 1 : 0) + (this.reference ? A : 0);
    const out = tf.tidy(() => {
      const obsT = this.observation(obs, R, N, false);
      const legalT = legal ? uploadTensor3d(legal, [R, N, A]) : null;
      const parts: tf.Tensor3D[] = [tf.softmax(maskLogits(this.policy.logits(obsT), legalT))];
      if (this.critic) parts.push(this.critic.logits(obsT));
      if (this.reference) parts.push(tf.softmax(maskLogits(this.reference.logits(obsT), legalT)));
      return parts.length === 1 ? parts[0] : tf.concat(parts, 2);
    });
    const data = (await out.data()) as Float32Array; // the one read-back of this env step
    out.dispose();
    return evs.map((ev, r) => {
      if (!ev) return null;
      const { probs, values, refProbs } = ev;
      for (let i = 0; i < ev.count; i++) {
        const o = (r * N + i) * width;
        for (let a = 0; a < A; a++) probs[i * A + a] = data[o + a];
        if (values) values[i] = data[o + A];
        if (refProbs)
          for (let a = 0; a < A; a++) refProbs[i * A + a] = data[o + A + (values ? 1 : 0) + a];
      }
      return ev;
    });
  }

  async optimise(
    runs: readonly RunState[],
    plans: readonly (AdvantagePlan | null)[],
  ): Promise<RunUpdateStats[]> {
    const R = runs.length;
    const A = this.numActions;
    const I = this.obsSize;
    // Rows: each run's episodes back to back, only the steps each took; a run's rows past its
    // own steps are padding (mask 0, weight 0), which the loss and the diagnostics ignore
    // (PolicyLossInputs). Episodes end at different times (random 2048 games: 140 steps on
    // median, 300 at most), so a layout of [E, longest] rows per run was half padding.
    const E = Math.max(...runs.map((run) => run.buffer.numEpisodes));
    const T = runs[0].buffer.maxSteps;
    const training = runs.map((run) => run.status === 'training' && plans[run.index] !== null);
    // starts[r][e]: episode e's first row within run r's block (starts[r][E_r]: its steps).
    const starts = runs.map((run, r) => {
      const start = new Int32Array(run.buffer.numEpisodes + 1);
      for (let e = 0; e < run.buffer.numEpisodes; e++)
        start[e + 1] = start[e] + (training[r] ? run.buffer.lengths[e] : 0);
      return start;
    });
    const S = roundedRows(Math.max(1, ...starts.map((start) => start[start.length - 1])));
    const compact = <X extends Float32Array | Uint8Array | Int32Array>(
      src: ArrayLike<number>,
      dst: X,
      r: number,
      width = 1,
    ) => {
      const Er = runs[r].buffer.numEpisodes;
      const start = starts[r];
      // Episodes as long as the buffer's rows (all one-step bandit episodes) are one block.
      if (start[Er] === Er * T && ArrayBuffer.isView(src)) {
        dst.set((src as Float32Array).subarray(0, Er * T * width), r * S * width);
        return;
      }
      for (let e = 0; e < Er; e++) {
        const from = e * T * width; // an episode's steps are contiguous on both sides
        const to = (r * S + start[e]) * width;
        const length = (start[e + 1] - start[e]) * width;
        if (ArrayBuffer.isView(src))
          dst.set((src as Float32Array).subarray(from, from + length), to);
        else for (let k = 0; k < length; k++) dst[to + k] = src[from + k];
      }
    };
    const obs = new Float32Array(R * S * I);
    const actions = new Int32Array(R * S);
    const oldLogp = new Float32Array(R * S);
    const adv = new Float32Array(R * S);
    const mask = new Float32Array(R * S);
    const refLogp = new Float32Array(R * S);
    const oldValues = new Float32Array(R * S);
    const targets = new Float32Array(R * S);
    const hasLegal = runs[0].buffer.legal !== null;
    const legal = hasLegal ? new Float32Array(R * S * A).fill(1) : null;
    const valueCoef = new Float32Array(R);
    const valueClip = new Float32Array(R);
    runs.forEach((run, r) => {
      const plan = plans[run.index];
      if (!training[r] || !plan) return;
      const b = run.buffer;
      compact(b.obs as Float32Array, obs, r, I);
      compact(b.actions, actions, r);
      compact(b.logp, oldLogp, r);
      compact(plan.advantages, adv, r);
      compact(b.mask, mask, r);
      compact(b.refLogp, refLogp, r);
      compact(b.values, oldValues, r);
      if (plan.criticTargets) {
        compact(plan.criticTargets, targets, r);
        valueCoef[r] = run.spec.valueCoef;
        valueClip[r] = run.spec.valueClip;
      }
      if (legal && b.legal) compact(b.legal, legal, r, A);
    });

    const stats = runs.map(() => emptyStats());
    const coefs = policyLossCoefsTf(runs.map((r) => r.spec));
    const fixed = {
      obs: this.observation(obs, R, S, true),
      onehot: tf.tidy(() => tf.oneHot(tf.tensor2d(actions, [R, S], 'int32'), A)) as tf.Tensor3D,
      oldLogp: tf.tensor2d(oldLogp, [R, S]),
      adv: tf.tensor2d(adv, [R, S]),
      mask: tf.tensor2d(mask, [R, S]),
      refLogp: tf.tensor2d(refLogp, [R, S]),
      oldValues: tf.tensor2d(oldValues, [R, S]),
      targets: tf.tensor2d(targets, [R, S]),
      legal: legal ? uploadTensor3d(legal, [R, S, A]) : null,
      valueCoef: tf.tensor2d(valueCoef, [R, 1]),
      valueClip: tf.tensor2d(valueClip, [R, 1]),
    };
    const host: UpdateRows = { obs, actions, oldLogp, adv, refLogp, oldValues, targets, legal };
    const usesRef = runs.some((r) => r.spec.klCoef > 0 && r.spec.klPlacement === 'loss');
    const usesCov = runs.some((r, i) => training[i] && r.spec.covRegulariser !== 'none');
    const currentLogp = (): tf.Tensor2D =>
      tf.sum(
        tf.mul(tf.logSoftmax(maskLogits(this.policy.logits(fixed.obs), fixed.legal)), fixed.onehot),
        -1,
      );

    // Gradient variance under the acting policy, before any step (as the tabular diagnostic).
    const stepCoefficients = new Float32Array(R * S);
    const fullWeights = new Float32Array(R * S);
    runs.forEach((run, r) => {
      const plan = plans[run.index];
      if (training[r] && plan) compact(plan.stepWeights, fullWeights, r);
    });
    for (let k = 0; k < R * S; k++) stepCoefficients[k] = -fullWeights[k] * adv[k];
    const episodes = runs.map((run) => run.buffer.numEpisodes);
    const varianceLayout = episodeMajorLayout(starts, E, S, stepCoefficients);
    const setVariance = (variance: GradientVariance[]) =>
      runs.forEach((_, r) => {
        if (training[r]) stats[r].gradientVariance = variance[r];
      });

    const maxEpochs = Math.max(0, ...runs.map((r, i) => (training[i] ? r.spec.epochs : 0)));
    const maxMinibatches = Math.max(
      1,
      ...runs.map((r, i) => (training[i] ? r.spec.minibatches : 1)),
    );
    // With one minibatch, the first loss pass runs the acting policy on the whole batch: the
    // variance reads its features instead of running the network once more (a third of the
    // forward work of a REINFORCE-style update). Otherwise it gets its own pass.
    let varianceInputs: { features: tf.Tensor3D; probs: tf.Tensor3D } | null = null;
    const fuseVariance = maxMinibatches === 1 && maxEpochs > 0;
    let varianceDone = false;
    if (!fuseVariance) {
      setVariance(await this.outputLayerVariance(fixed, varianceLayout, episodes, E));
      varianceDone = true;
    }
    const stopped = new Uint8Array(R);
    const weights = new Float32Array(R * S);
    const mbWeights = runs.map((run) => new Float32Array(run.buffer.numEpisodes * T));
    let lastNorms: tf.Tensor1D | null = null;
    let lastLosses: tf.Tensor1D | null = null;
    const vars = [...this.policy.variables, ...(this.critic?.variables ?? [])];
    try {
      for (let epoch = 0; epoch < maxEpochs; epoch++) {
        const batches = runs.map((run, r) =>
          training[r] && epoch < run.spec.epochs
            ? episodeMinibatches(run.buffer.numEpisodes, run.spec.minibatches, run.shuffleRng)
            : [],
        );
        for (let j = 0; j < maxMinibatches; j++) {
          const active = Float32Array.from(runs, (_, r) => (batches[r][j] && !stopped[r] ? 1 : 0));
          if (!active.some((a) => a === 1)) continue;
          weights.fill(0);
          runs.forEach((run, r) => {
            if (!active[r]) return;
            const plan = plans[run.index] as AdvantagePlan;
            minibatchWeights(
              plan.stepWeights,
              batches[r][j],
              T,
              run.spec.minibatches,
              mbWeights[r],
            );
            compact(mbWeights[r], weights, r);
          });
          const covMasks = usesCov
            ? await this.covarianceMasks(runs, active, weights, adv, oldLogp, currentLogp, R, S)
            : null;
          // Only the minibatch's rows go through the network (minibatchRows); the covariance
          // regularisers' masks and the fused variance pass keep the whole batch's layout.
          const gathered =
            usesCov || (fuseVariance && !varianceInputs) || !minibatchGathering.enabled
              ? null
              : minibatchRows(
                  starts,
                  runs.map((_, r) => (active[r] ? batches[r][j] : null)),
                  S,
                  roundedRows,
                );
          const batch: UpdateBatch = gathered ? this.gatherBatch(host, gathered, R, S) : fixed;
          const N = gathered ? gathered.rows : S;
          let stepWeights = weights;
          if (gathered) {
            stepWeights = gatherRows(weights, 1, gathered, S, new Float32Array(R * N));
            for (let r = 0; r < R; r++)
              stepWeights.fill(0, r * N + gathered.counts[r], (r + 1) * N);
          }
          const step = tf.tidy(() => {
            const w = tf.tensor2d(stepWeights, [R, N]);
            const mbMask = tf.cast(tf.greater(w, 0), 'float32') as tf.Tensor2D;
            let perRun: tf.Tensor1D | null = null;
            const { grads } = tf.variableGrads(() => {
              const features = this.policy.features(batch.obs);
              const logits = maskLogits(this.policy.outputLayer(features), batch.legal);
              if (fuseVariance && !varianceInputs)
                varianceInputs = {
                  features: tf.keep(features),
                  probs: tf.keep(tf.softmax(logits)) as tf.Tensor3D,
                };
              const logpAll = tf.logSoftmax(logits);
              const inputs: PolicyLossInputs = {
                logp: tf.sum(tf.mul(logpAll, batch.onehot), -1),
                oldLogp: batch.oldLogp,
                advantages: batch.adv,
                stepWeights: w,
                mask: mbMask,
                entropy: tf.neg(tf.sum(tf.mul(tf.exp(logpAll), logpAll), -1)),
                refLogp: usesRef ? batch.refLogp : undefined,
                clipCovMask: covMasks?.clip,
                klCovMask: covMasks?.kl,
              };
              let loss = policyLossTf(inputs, coefs);
              if (this.critic) {
                const v = tf.squeeze(this.critic.logits(batch.obs), [2]) as tf.Tensor2D;
                loss = tf.add(
                  loss,
                  valueLossTf(
                    v,
                    batch.oldValues,
                    batch.targets,
                    mbMask,
                    fixed.valueCoef,
                    fixed.valueClip,
                  ),
                );
              }
              perRun = tf.keep(loss);
              return tf.sum(loss) as tf.Scalar;
            }, vars);
            const norms = this.optimizer.apply(
              vars.map((v) => grads[v.name]),
              active,
            );
            return { norms, losses: perRun as unknown as tf.Tensor1D };
          });
          covMasks?.clip?.dispose();
          covMasks?.kl?.dispose();
          if (batch !== fixed) for (const t of Object.values(batch)) t?.dispose();
          if (varianceInputs && !varianceDone) {
            varianceDone = true;
            const { features, probs } = varianceInputs as {
              features: tf.Tensor3D;
              probs: tf.Tensor3D;
            };
            setVariance(
              await this.varianceFromFeatures(features, probs, fixed, varianceLayout, episodes, E),
            );
          }
          // A run with fewer minibatches (REINFORCE next to PPO) reports its own last step, not
          // the zeros of the steps it sat out.
          const previousNorms: tf.Tensor1D | null = lastNorms;
          const previousLosses: tf.Tensor1D | null = lastLosses;
          if (!previousNorms || !previousLosses || active.every((a) => a === 1)) {
            lastNorms = step.norms;
            lastLosses = step.losses;
          } else {
            [lastNorms, lastLosses] = tf.tidy((): tf.Tensor1D[] => {
              const took = tf.tensor1d(Uint8Array.from(active), 'bool');
              return [
                tf.where(took, step.norms, previousNorms),
                tf.where(took, step.losses, previousLosses),
              ];
            });
            step.norms.dispose();
            step.losses.dispose();
          }
          previousNorms?.dispose();
          previousLosses?.dispose();
        }
        // Spinning Up's early stop: a run stops its epochs once approx KL > 1.5 targetKl.
        if (runs.some((r, i) => training[i] && r.spec.targetKl > 0)) {
          const kl = await this.diagnostics(fixed, coefs, currentLogp).then((d) => d.approxKl);
          runs.forEach((run, r) => {
            if (run.spec.targetKl > 0 && kl[r] > 1.5 * run.spec.targetKl) stopped[r] = 1;
          });
        }
      }
      const diag = await this.diagnostics(fixed, coefs, currentLogp);
      const norms = lastNorms
        ? ((await (lastNorms as tf.Tensor1D).data()) as Float32Array)
        : new Float32Array(R);
      const losses = lastLosses
        ? ((await (lastLosses as tf.Tensor1D).data()) as Float32Array)
        : new Float32Array(R);
      runs.forEach((_, r) => {
        if (!training[r]) return;
        const s = stats[r];
        s.gradNorm = norms[r];
        s.loss = losses[r];
        s.approxKl = diag.approxKl[r];
        s.clipFracLow = diag.clipFracLow[r];
        s.clipFracHigh = diag.clipFracHigh[r];
        if (
          !Number.isFinite(norms[r]) ||
          !Number.isFinite(losses[r]) ||
          !Number.isFinite(diag.approxKl[r])
        )
          s.diverged = 'loss or gradient became NaN or infinite';
      });
    } finally {
      lastNorms?.dispose();
      lastLosses?.dispose();
      disposeCoefs(coefs);
      for (const t of Object.values(fixed)) t?.dispose();
      if (varianceInputs) {
        const kept = varianceInputs as { features: tf.Tensor3D; probs: tf.Tensor3D };
        kept.features.dispose();
        kept.probs.dispose();
      }
    }
    return stats;
  }

  /**
   * Per run, the variance of the batch gradient of the vanilla surrogate with respect to the
   * policy's output layer (LOGIT_GRADIENT_COVERAGE), one episode per sample, on the device.
   */
  private async outputLayerVariance(
    fixed: { obs: Observation; onehot: tf.Tensor3D; legal: tf.Tensor3D | null },
    layout: EpisodeMajorLayout,
    episodes: readonly number[],
    E: number,
  ) {
    const inputs = tf.tidy(() => {
      const features = this.policy.features(fixed.obs);
      const probs = tf.softmax(maskLogits(this.policy.outputLayer(features), fixed.legal));
      return { features, probs: probs as tf.Tensor3D };
    });
    try {
      return await this.varianceFromFeatures(
        inputs.features,
        inputs.probs,
        fixed,
        layout,
        episodes,
        E,
      );
    } finally {
      inputs.features.dispose();
      inputs.probs.dispose();
    }
  }

  /** The output-layer variance from the acting policy's features and probabilities. */
  private async varianceFromFeatures(
    features: tf.Tensor3D,
    probs: tf.Tensor3D,
    fixed: { onehot: tf.Tensor3D },
    layout: EpisodeMajorLayout,
    episodes: readonly number[],
    E: number,
  ): Promise<GradientVariance[]> {
    const R = features.shape[0];
    const H = features.shape[2];
    const sums = tf.tidy(() => {
      // Into the metric's episode-major layout: gathered when the training layout differs from
      // it, else its leading E * Tu rows.
      const height = E * layout.Tu;
      const rows = layout.rows && tf.tensor2d(layout.rows, [R, height], 'int32');
      const episodeMajor = (x: tf.Tensor3D): tf.Tensor3D =>
        rows
          ? tf.gather(x, rows, 1, 1)
          : x.shape[1] === height
            ? x
            : tf.slice(x, [0, 0, 0], [R, height, x.shape[2]]);
      return outputLayerGradientSums(
        episodeMajor(features),
        episodeMajor(probs),
        episodeMajor(fixed.onehot),
        tf.tensor2d(layout.stepCoefficients, [R, height]),
        E,
        episodes,
      );
    });
    const data = (await sums.data()) as Float32Array;
    sums.dispose();
    const P = H * this.numActions + this.numActions;
    return Array.from({ length: R }, (_, r) =>
      varianceFromSums(data[r], data[R + r], episodes[r], P, 'sum'),
    );
  }

  /** approx KL, clip fractions per run on the whole batch under the current parameters. */
  private async diagnostics(
    fixed: { oldLogp: tf.Tensor2D; adv: tf.Tensor2D; mask: tf.Tensor2D },
    coefs: ReturnType<typeof policyLossCoefsTf>,
    currentLogp: () => tf.Tensor2D,
  ) {
    const packed = tf.tidy(() => {
      const d = policyDiagnosticsTf(
        {
          logp: currentLogp(),
          oldLogp: fixed.oldLogp,
          advantages: fixed.adv,
          stepWeights: fixed.mask,
          mask: fixed.mask,
        },
        coefs,
      );
      return tf.stack([d.approxKl, d.clipFracLow, d.clipFracHigh]);
    });
    const data = (await packed.data()) as Float32Array;
    packed.dispose();
    const R = this.runs.length;
    return {
      approxKl: data.subarray(0, R),
      clipFracLow: data.subarray(R, 2 * R),
      clipFracHigh: data.subarray(2 * R, 3 * R),
    };
  }

  /** Clip-Cov / KL-Cov step selections from the current log-probabilities (one read-back). */
  private async covarianceMasks(
    runs: readonly RunState[],
    active: Float32Array,
    weights: Float32Array,
    adv: Float32Array,
    oldLogp: Float32Array,
    currentLogp: () => tf.Tensor2D,
    R: number,
    S: number,
  ): Promise<{ clip: tf.Tensor2D; kl: tf.Tensor2D }> {
    const t = tf.tidy(currentLogp);
    const logp = (await t.data()) as Float32Array;
    t.dispose();
    const clip = new Float32Array(R * S);
    const kl = new Float32Array(R * S);
    runs.forEach((run, r) => {
      const spec = run.spec;
      if (!active[r] || spec.covRegulariser === 'none') return;
      const o = r * S;
      const valid = new Uint8Array(S);
      for (let k = 0; k < S; k++) valid[k] = weights[o + k] > 0 ? 1 : 0;
      const { clipCovMask, klCovMask } = covarianceSelection(
        spec,
        adv.subarray(o, o + S),
        logp.subarray(o, o + S),
        oldLogp.subarray(o, o + S),
        valid,
        run.covarianceRng,
      );
      if (clipCovMask) clip.set(clipCovMask, o);
      if (klCovMask) kl.set(klCovMask, o);
    });
    return { clip: tf.tensor2d(clip, [R, S]), kl: tf.tensor2d(kl, [R, S]) };
  }

  async parameters(): Promise<Float32Array[]> {
    return this.policy.readParameters();
  }

  dispose(): void {
    this.policy.dispose();
    this.critic?.dispose();
    this.reference?.dispose();
    this.optimizer.dispose();
  }
}

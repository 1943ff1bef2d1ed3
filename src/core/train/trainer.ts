import * as tf from '@tensorflow/tfjs-core';
import {
  computeAdvantages,
  createEstimatorState,
  type EstimatorState,
} from '../estimators/advantages';
import { resolveEstimator } from '../estimators/presets';
import type { EstimatorSpec } from '../estimators/spec';
import { createEnv, validateEnvConfig } from '../envs/registry';
import type { VecEnv } from '../envs/types';
import { StackedMlp, maskLogits } from '../policies/stackedMlp';
import { StackedOptimizer } from '../policies/stackedOptimizer';
import { TabularSoftmax, addEntropyGradient, addScoreGradient } from '../policies/tabularSoftmax';
import { Rng } from '../rng';
import { METRIC, NUM_METRICS, type RunConfig, type TrainConfig } from './config';
import { RolloutBuffer } from './rolloutBuffer';

/** Largest state space for which the trainer reports the full policy table pi[s,a]. */
export const MAX_REPORTED_STATES = 256;

export type RunStatus = 'training' | 'diverged';

/** Everything one run owns besides its policy parameters. */
export interface RunState {
  readonly config: RunConfig;
  readonly spec: EstimatorSpec;
  readonly estimatorState: EstimatorState;
  readonly env: VecEnv;
  readonly buffer: RolloutBuffer;
  /** Streams split from the run's seed, one per concern (architecture.md). */
  readonly samplingRng: Rng;
  readonly taskRng: Rng;
  /** Actions of the current env step, [numEnvs]. */
  readonly actions: Int32Array;
  status: RunStatus;
  divergedAt: number;
  envSteps: number;
  /** Latest pi[s,a] seen for each state (NaN until visited), when numStates is small. */
  readonly policyTable: Float32Array | null;
}

export class TrainerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'TrainerConfigError';
  }
}

/** Problems with a config, each naming the field and what is allowed (empty if valid). */
export function validateTrainConfig(config: TrainConfig): string[] {
  const problems = validateEnvConfig(config.env);
  const E = config.episodesPerUpdate;
  if (!Number.isInteger(E) || E < 1 || E > 4096)
    problems.push(`episodesPerUpdate must be an integer in [1, 4096], got ${E}`);
  if (config.runs.length < 1 || config.runs.length > 32)
    problems.push(`runs: between 1 and 32 runs allowed, got ${config.runs.length}`);
  config.runs.forEach((run, r) => {
    if (!Number.isSafeInteger(run.seed))
      problems.push(`runs[${r}].seed must be an integer, got ${run.seed}`);
    try {
      resolveEstimator(run.preset, run.overrides);
    } catch (e) {
      problems.push(`runs[${r}] (${run.label}): ${(e as Error).message}`);
    }
  });
  if (config.policy.kind === 'mlp') {
    const h = config.policy.hidden;
    if (h.length > 4 || h.some((n) => !Number.isInteger(n) || n < 1 || n > 1024))
      problems.push(
        `policy.hidden must be at most 4 layers of 1..1024 units, got [${h.join(', ')}]`,
      );
  }
  return problems;
}

/**
 * The trainer: rollout -> advantages -> loss -> update -> metrics, for all runs of an experiment
 * at once. Tabular policies run in plain TypeScript; neural runs are stacked into one tfjs
 * program (one forward pass per env step for all runs and envs, one read-back per step).
 */
export class Trainer {
  readonly runs: RunState[];
  readonly numActions: number;
  readonly numStates: number;
  private readonly maxSteps: number;
  private readonly tabular: TabularSoftmax[] | null = null;
  private readonly tabularAdam: { m: Float64Array; v: Float64Array }[] = [];
  private readonly mlp: StackedMlp | null = null;
  private readonly optimizer: StackedOptimizer | null = null;
  private readonly learningRates: Float32Array;
  private updates = 0;
  /** [R * NUM_METRICS] metrics of the latest update (NaN for diverged runs). */
  readonly latest: Float64Array;

  constructor(readonly config: TrainConfig) {
    const problems = validateTrainConfig(config);
    if (problems.length) throw new TrainerConfigError(problems);
    const E = config.episodesPerUpdate;
    this.runs = config.runs.map((run) => {
      const root = Rng.fromSeed(run.seed);
      const spec = resolveEstimator(run.preset, run.overrides);
      const env = createEnv(config.env, E, root.split('env'));
      return {
        config: run,
        spec,
        estimatorState: createEstimatorState(env.numTasks),
        env,
        buffer: new RolloutBuffer(
          E,
          1,
          env.maxEpisodeSteps ?? 1000,
          env.numActions,
          env.numRewardComponents,
          config.policy.kind === 'mlp' ? env.obsSize : 0,
        ),
        samplingRng: root.split('sampling'),
        taskRng: root.split('tasks'),
        actions: new Int32Array(E),
        status: 'training' as RunStatus,
        divergedAt: -1,
        envSteps: 0,
        policyTable:
          env.numStates > 0 && env.numStates <= MAX_REPORTED_STATES
            ? new Float32Array(env.numStates * env.numActions).fill(NaN)
            : null,
      };
    });
    const env0 = this.runs[0].env;
    this.numActions = env0.numActions;
    this.numStates = env0.numStates;
    this.maxSteps = env0.maxEpisodeSteps ?? 1000;
    this.latest = new Float64Array(this.runs.length * NUM_METRICS).fill(NaN);
    this.learningRates = Float32Array.from(this.runs, (r) => r.spec.learningRate);

    if (config.policy.kind === 'tabular') {
      if (env0.numStates <= 0)
        throw new TrainerConfigError([
          `policy.kind tabular needs an environment with a small state space; use mlp`,
        ]);
      this.tabular = this.runs.map(() => new TabularSoftmax(env0.numStates, env0.numActions));
      this.tabularAdam = this.runs.map(() => ({
        m: new Float64Array(env0.numStates * env0.numActions),
        v: new Float64Array(env0.numStates * env0.numActions),
      }));
    } else {
      const initRngs = this.runs.map((r) => Rng.fromSeed(r.config.seed).split('init'));
      this.mlp = new StackedMlp(
        { inputSize: env0.obsSize, hidden: config.policy.hidden, numActions: env0.numActions },
        initRngs,
      );
      this.optimizer = new StackedOptimizer(this.mlp.variables, {
        learningRates: this.learningRates,
        useAdam: Float32Array.from(this.runs, (r) => (r.spec.optimizer === 'adam' ? 1 : 0)),
        adamEpsilons: Float32Array.from(this.runs, (r) => r.spec.adamEpsilon),
      });
    }
  }

  get updateCount(): number {
    return this.updates;
  }

  /** One update of every run still training. Returns metrics [R * NUM_METRICS]. */
  async update(): Promise<Float64Array> {
    await this.rollout();
    if (this.tabular) this.updateTabular();
    else await this.updateNeural();
    this.updates += 1;
    return this.latest;
  }

  /** Collect one episode per env copy for every run. */
  private async rollout(): Promise<void> {
    for (const run of this.runs) {
      if (run.status !== 'training') continue;
      const b = run.buffer;
      b.clear();
      for (let e = 0; e < b.numEpisodes; e++) {
        // One task per group; all G copies of a group start on the same task.
        if (e % b.groupSize === 0) b.taskIds[e] = run.taskRng.int(run.env.numTasks);
        else b.taskIds[e] = b.taskIds[e - 1];
        run.env.reset(e, b.taskIds[e]);
      }
    }
    for (let t = 0; t < this.maxSteps; t++) {
      if (!this.runs.some((r) => r.status === 'training' && r.buffer.active.some((a) => a === 1)))
        break;
      if (this.tabular) this.actTabular(t);
      else await this.actNeural(t);
      for (const run of this.runs) if (run.status === 'training') this.stepEnv(run, t);
    }
  }

  private actTabular(t: number): void {
    const T = this.maxSteps;
    const A = this.numActions;
    const pi = new Float64Array(A);
    this.runs.forEach((run, r) => {
      if (run.status !== 'training') return;
      const policy = (this.tabular as TabularSoftmax[])[r];
      const b = run.buffer;
      for (let e = 0; e < b.numEpisodes; e++) {
        if (!b.active[e]) continue;
        const s = run.env.stateIndex[e];
        policy.probs(s, pi, run.env.legalMask ?? undefined, e * A);
        const a = run.samplingRng.categorical(pi);
        run.actions[e] = a;
        this.recordStep(run, e * T + t, s, a, pi, 0);
      }
    });
  }

  private async actNeural(t: number): Promise<void> {
    const mlp = this.mlp as StackedMlp;
    const R = this.runs.length;
    const E = this.config.episodesPerUpdate;
    const I = this.runs[0].env.obsSize;
    const A = this.numActions;
    const obs = new Float32Array(R * E * I);
    const hasMask = this.runs[0].env.legalMask !== null;
    const legal = hasMask ? new Float32Array(R * E * A) : null;
    this.runs.forEach((run, r) => {
      obs.set(run.env.obs, r * E * I);
      if (legal && run.env.legalMask)
        for (let k = 0; k < E * A; k++) legal[r * E * A + k] = run.env.legalMask[k];
    });
    const probsT = tf.tidy(() => {
      const logits = mlp.logits(tf.tensor3d(obs, [R, E, I]));
      return tf.softmax(maskLogits(logits, legal ? tf.tensor3d(legal, [R, E, A]) : null));
    });
    const probs = (await probsT.data()) as Float32Array; // the one read-back of this env step
    probsT.dispose();
    const T = this.maxSteps;
    this.runs.forEach((run, r) => {
      if (run.status !== 'training') return;
      const b = run.buffer;
      for (let e = 0; e < E; e++) {
        if (!b.active[e]) continue;
        const o = (r * E + e) * A;
        const a = run.samplingRng.categorical(probs, o, A);
        run.actions[e] = a;
        this.recordStep(
          run,
          e * T + t,
          run.env.numStates > 0 ? run.env.stateIndex[e] : -1,
          a,
          probs,
          o,
        );
        (run.buffer.obs as Float32Array).set(
          run.env.obs.subarray(e * I, (e + 1) * I),
          (e * T + t) * I,
        );
      }
    });
  }

  private recordStep(
    run: RunState,
    k: number,
    s: number,
    a: number,
    pi: ArrayLike<number>,
    o: number,
  ): void {
    const b = run.buffer;
    const A = this.numActions;
    b.states[k] = s;
    b.actions[k] = a;
    b.logp[k] = Math.log(pi[o + a]);
    let h = 0;
    for (let j = 0; j < A; j++) {
      const p = pi[o + j];
      if (p > 0) h -= p * Math.log(p);
    }
    b.entropy[k] = h;
    if (run.policyTable && s >= 0)
      for (let j = 0; j < A; j++) run.policyTable[s * A + j] = pi[o + j];
  }

  private stepEnv(run: RunState, t: number): void {
    const b = run.buffer;
    const env = run.env;
    const T = this.maxSteps;
    const C = b.numRewardComponents;
    env.step(run.actions, b.active);
    for (let e = 0; e < b.numEpisodes; e++) {
      if (!b.active[e]) continue;
      const k = e * T + t;
      b.mask[k] = 1;
      b.rewards[k] = env.rewards[e];
      for (let c = 0; c < C; c++) b.rewardComponents[k * C + c] = env.rewardComponents[e * C + c];
      run.envSteps += 1;
      if (env.terminated[e] || env.truncated[e] || t === T - 1) {
        b.active[e] = 0;
        b.lengths[e] = t + 1;
        b.terminated[e] = env.terminated[e];
        b.success[e] = env.success[e];
      }
    }
  }

  /** Exact gradient ascent on the surrogate for tabular policies (plain TypeScript). */
  private updateTabular(): void {
    const A = this.numActions;
    const T = this.maxSteps;
    const pi = new Float64Array(A);
    this.runs.forEach((run, r) => {
      if (run.status !== 'training') return;
      const policy = (this.tabular as TabularSoftmax[])[r];
      const b = run.buffer;
      const plan = computeAdvantages(b, run.spec, run.estimatorState);
      // g = -grad(loss) = sum_t w_t A_t grad log pi(a_t|s_t) + c_H grad mean_t H(s_t).
      const grad = new Float64Array(policy.logits.length);
      const entropyWeight = run.spec.entropyCoef / Math.max(1, b.totalSteps());
      for (let e = 0; e < b.numEpisodes; e++)
        for (let t = 0; t < b.lengths[e]; t++) {
          const k = e * T + t;
          const s = b.states[k];
          policy.probs(s, pi);
          addScoreGradient(grad, pi, s, b.actions[k], plan.stepWeights[k] * plan.advantages[k], A);
          if (entropyWeight > 0) addEntropyGradient(grad, pi, s, entropyWeight, A);
        }
      let sq = 0;
      for (let j = 0; j < grad.length; j++) sq += grad[j] * grad[j];
      const gradNorm = Math.sqrt(sq);
      if (!Number.isFinite(gradNorm)) return this.markDiverged(run);
      this.applyTabularStep(r, policy, grad);
      if (policy.logits.some((z) => !Number.isFinite(z))) return this.markDiverged(run);
      this.writeMetrics(r, gradNorm);
    });
  }

  private applyTabularStep(r: number, policy: TabularSoftmax, grad: Float64Array): void {
    const spec = this.runs[r].spec;
    const lr = spec.learningRate;
    if (spec.optimizer === 'sgd') {
      for (let j = 0; j < grad.length; j++) policy.logits[j] += lr * grad[j];
      return;
    }
    // Adam (Kingma & Ba 2015) on the ascent direction.
    const { m, v } = this.tabularAdam[r];
    const step = this.updates + 1;
    const b1 = 0.9;
    const b2 = 0.999;
    for (let j = 0; j < grad.length; j++) {
      m[j] = b1 * m[j] + (1 - b1) * grad[j];
      v[j] = b2 * v[j] + (1 - b2) * grad[j] * grad[j];
      const mh = m[j] / (1 - b1 ** step);
      const vh = v[j] / (1 - b2 ** step);
      policy.logits[j] += (lr * mh) / (Math.sqrt(vh) + spec.adamEpsilon);
    }
  }

  /** One batched loss + gradient + optimiser step for all neural runs. */
  private async updateNeural(): Promise<void> {
    const mlp = this.mlp as StackedMlp;
    const R = this.runs.length;
    const E = this.config.episodesPerUpdate;
    const T = this.maxSteps;
    const S = E * T;
    const I = this.runs[0].env.obsSize;
    const A = this.numActions;
    const obs = this.collectStepObservations(S, I);
    const actions = new Int32Array(R * S);
    const weightedAdv = new Float32Array(R * S);
    const entropyWeights = new Float32Array(R * S);
    const entCoef = new Float32Array(R);
    this.runs.forEach((run, r) => {
      if (run.status !== 'training') return;
      const b = run.buffer;
      const plan = computeAdvantages(b, run.spec, run.estimatorState);
      const n = Math.max(1, b.totalSteps());
      for (let k = 0; k < S; k++) {
        actions[r * S + k] = b.actions[k];
        weightedAdv[r * S + k] = plan.stepWeights[k] * plan.advantages[k];
        entropyWeights[r * S + k] = b.mask[k] / n;
      }
      entCoef[r] = run.spec.entropyCoef;
    });
    const scale = Float32Array.from(this.runs, (run) => (run.status === 'training' ? 1 : 0));
    const { gradNorms } = tf.tidy(() => {
      const obsT = tf.tensor3d(obs, [R, S, I]);
      const onehot = tf.oneHot(tf.tensor2d(actions, [R, S], 'int32'), A);
      const advT = tf.tensor2d(weightedAdv, [R, S]);
      const entW = tf.tensor2d(entropyWeights, [R, S]);
      const entC = tf.tensor1d(entCoef);
      const { grads } = tf.variableGrads(() => {
        const logp = tf.logSoftmax(mlp.logits(obsT));
        const logpTaken = tf.sum(tf.mul(logp, onehot), -1);
        const pgLoss = tf.neg(tf.sum(tf.mul(advT, logpTaken), -1));
        const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), -1));
        const entBonus = tf.mul(entC, tf.sum(tf.mul(entW, entropy), -1));
        return tf.sum(tf.sub(pgLoss, entBonus)) as tf.Scalar;
      }, mlp.variables);
      const list = mlp.variables.map((v) => grads[v.name]);
      // Per-run global gradient norm: sum of squares over every axis but the run axis.
      const sq = list.map((g) => tf.sum(tf.reshape(tf.square(g), [R, -1]), 1));
      const norms = tf.sqrt(tf.addN(sq));
      (this.optimizer as StackedOptimizer).setRunScale(scale, this.learningRates);
      (this.optimizer as StackedOptimizer).apply(list);
      return { gradNorms: tf.keep(norms) };
    });
    const norms = (await gradNorms.data()) as Float32Array;
    gradNorms.dispose();
    this.runs.forEach((run, r) => {
      if (run.status !== 'training') return;
      if (!Number.isFinite(norms[r])) return this.markDiverged(run);
      this.writeMetrics(r, norms[r]);
    });
  }

  /** [R * S * I] observation of every step of every run, from the rollout buffers. */
  private collectStepObservations(S: number, I: number): Float32Array {
    const obs = new Float32Array(this.runs.length * S * I);
    this.runs.forEach((run, r) => obs.set(run.buffer.obs as Float32Array, r * S * I));
    return obs;
  }

  /** Stops one run whose loss or gradient became NaN/Inf; its earlier metrics stay as they were. */
  private markDiverged(run: RunState): void {
    run.status = 'diverged';
    run.divergedAt = this.updates;
    const r = this.runs.indexOf(run);
    this.latest.fill(NaN, r * NUM_METRICS, (r + 1) * NUM_METRICS);
  }

  private writeMetrics(r: number, gradNorm: number): void {
    const run = this.runs[r];
    const b = run.buffer;
    const T = this.maxSteps;
    const E = b.numEpisodes;
    let ret = 0;
    let succ = 0;
    let len = 0;
    let ent = 0;
    let steps = 0;
    for (let e = 0; e < E; e++) {
      succ += b.success[e];
      len += b.lengths[e];
      for (let t = 0; t < b.lengths[e]; t++) {
        ret += b.rewards[e * T + t];
        ent += b.entropy[e * T + t];
        steps += 1;
      }
    }
    const o = r * NUM_METRICS;
    const m = this.latest;
    m[o + METRIC.update] = this.updates + 1;
    m[o + METRIC.envSteps] = run.envSteps;
    m[o + METRIC.meanReturn] = ret / E;
    m[o + METRIC.successRate] = succ / E;
    m[o + METRIC.episodeLength] = len / E;
    m[o + METRIC.entropy] = ent / Math.max(1, steps);
    m[o + METRIC.gradNorm] = gradNorm;
  }

  /** Current pi[s,a] of run r: exact for tabular policies, else the latest seen per state. */
  policyTable(r: number): Float32Array | null {
    if (this.tabular) return this.tabular[r].table();
    return this.runs[r].policyTable;
  }

  /** Neural parameters (each stacked over runs, flattened), or the tabular logits per run. */
  async parameters(): Promise<Float32Array[]> {
    if (this.mlp) return this.mlp.readParameters();
    return (this.tabular as TabularSoftmax[]).map((p) => Float32Array.from(p.logits));
  }

  dispose(): void {
    this.mlp?.dispose();
    this.optimizer?.dispose();
  }
}

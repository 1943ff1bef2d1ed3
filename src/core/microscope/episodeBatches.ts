import { createEnv, type EnvConfig } from '../envs/registry';
import type { VecEnv } from '../envs/types';
import { RolloutBuffer } from '../train/rolloutBuffer';
import type { Rng } from '../rng';
import type { DrawnBatch } from './banditBatches';
import { problemShape, type MicroscopeProblem } from './problem';

/** The environment the trainer would build for a problem (bandit suites and gridworlds). */
export function problemEnvConfig(p: MicroscopeProblem): EnvConfig {
  switch (p.family) {
    case 'bandit':
      return {
        family: 'bandit',
        params: { kind: p.bandit.kind, means: [p.bandit.means], sd: p.bandit.sd },
      };
    case 'bandit-suite':
      return { family: 'bandit', params: p.params };
    case 'gridworld':
      return { family: 'gridworld', map: p.map };
  }
}

/**
 * Independent batches of whole episodes of a frozen tabular policy pi [S * A] on any tabular
 * environment, drawn as the trainer draws them (trainer.ts, resetForRollout / rollout): each
 * group of G episodes starts from one task drawn uniformly, every copy acts with pi on its
 * current state until the episode terminates or reaches the time limit. The environment is the
 * playground's own (createEnv), so the reward process is exactly what training sees.
 *
 * Greedy rollouts (ReMax) replay each group's first episode's environment random numbers with the
 * argmax action of every state, as the trainer does; their discounted return depends on the
 * estimator's gamma, so the per-step rewards are kept and summed on request.
 */
export class EpisodeBatchSampler {
  private readonly env: VecEnv;
  private readonly greedyEnv: VecEnv | null;
  private readonly buffer: RolloutBuffer;
  private readonly actions: Int32Array;
  private readonly greedyBest: Int32Array;
  /** [numGroups * T] rewards of the greedy rollouts. */
  private readonly greedyRewards: Float64Array;
  private readonly T: number;
  private readonly A: number;
  private readonly taskRng: Rng;

  constructor(
    problem: MicroscopeProblem,
    private readonly pi: Float64Array,
    batchSize: number,
    groupSize: number,
    private readonly rng: Rng,
    withGreedy = true,
  ) {
    const shape = problemShape(problem);
    const A = shape.numActions;
    if (pi.length !== shape.numStates * A)
      throw new Error(
        `EpisodeBatchSampler: the policy has ${pi.length} entries, the problem needs ${shape.numStates} x ${A}`,
      );
    if (batchSize % groupSize !== 0)
      throw new Error(
        `EpisodeBatchSampler: ${batchSize} episodes do not split into groups of ${groupSize}`,
      );
    const config = problemEnvConfig(problem);
    const K = batchSize / groupSize;
    this.env = createEnv(config, batchSize, rng.split('env'));
    this.greedyEnv = withGreedy ? createEnv(config, K, rng.split('greedy-env')) : null;
    this.taskRng = rng.split('tasks');
    this.T = shape.maxSteps;
    this.A = A;
    this.buffer = new RolloutBuffer(K, groupSize, this.T, A, 1);
    this.actions = new Int32Array(batchSize);
    this.greedyBest = new Int32Array(shape.numStates);
    for (let s = 0; s < shape.numStates; s++)
      for (let a = 1; a < A; a++)
        if (pi[s * A + a] > pi[s * A + this.greedyBest[s]]) this.greedyBest[s] = a;
    this.greedyRewards = new Float64Array(K * this.T);
  }

  /** The next independent batch. */
  next(): DrawnBatch {
    const { env, buffer: b, pi, A, T } = this;
    b.clear();
    const E = b.numEpisodes;
    const G = b.groupSize;
    for (let e = 0; e < E; e++) {
      b.taskIds[e] = e % G === 0 ? this.taskRng.int(env.numTasks) : b.taskIds[e - 1];
      env.reset(e, b.taskIds[e]);
    }
    if (this.greedyEnv) {
      for (let k = 0; k < b.numGroups; k++) this.greedyEnv.restore(k, env.snapshot(k * G));
      this.rollGreedy(this.greedyEnv);
    }
    for (let t = 0; t < T; t++) {
      let running = false;
      for (let e = 0; e < E; e++) {
        if (!b.active[e]) continue;
        running = true;
        const s = env.stateIndex[e];
        const a = this.rng.categorical(pi, s * A, A);
        this.actions[e] = a;
        const k = e * T + t;
        b.states[k] = s;
        b.actions[k] = a;
        b.logp[k] = Math.log(pi[s * A + a]);
      }
      if (!running) break;
      env.step(this.actions, b.active);
      for (let e = 0; e < E; e++) {
        if (!b.active[e]) continue;
        const k = e * T + t;
        b.mask[k] = 1;
        b.rewards[k] = env.rewards[e];
        b.rewardComponents[k] = env.rewards[e];
        if (env.terminated[e] || env.truncated[e] || t === T - 1) {
          b.active[e] = 0;
          b.lengths[e] = t + 1;
          b.terminated[e] = env.terminated[e];
          b.truncated[e] = env.terminated[e] ? 0 : 1;
          b.success[e] = env.success[e];
        }
      }
    }
    return { batch: b, greedyReturns: (gamma) => this.greedyReturns(gamma) };
  }

  private rollGreedy(env: VecEnv): void {
    const K = env.numEnvs;
    const T = this.T;
    const active = new Uint8Array(K).fill(1);
    const actions = new Int32Array(K);
    this.greedyRewards.fill(0);
    for (let t = 0; t < T && active.includes(1); t++) {
      for (let k = 0; k < K; k++) actions[k] = this.greedyBest[env.stateIndex[k]];
      env.step(actions, active);
      for (let k = 0; k < K; k++) {
        if (!active[k]) continue;
        this.greedyRewards[k * T + t] = env.rewards[k];
        if (env.terminated[k] || env.truncated[k]) active[k] = 0;
      }
    }
  }

  /** [numGroups] discounted return of each group's greedy rollout. */
  private greedyReturns(gamma: number): Float64Array {
    const T = this.T;
    const out = new Float64Array(this.buffer.numGroups);
    if (!this.greedyEnv) return out.fill(NaN);
    for (let k = 0; k < out.length; k++) {
      let g = 0;
      for (let t = T - 1; t >= 0; t--) g = this.greedyRewards[k * T + t] + gamma * g;
      out[k] = g;
    }
    return out;
  }
}

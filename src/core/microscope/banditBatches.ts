import { BanditEnv, validateBanditParams } from '../envs/bandit';
import type { RolloutBatch } from '../estimators/batch';
import type { Rng } from '../rng';

/** The one-task bandit the microscope looks at (Bernoulli or Gaussian arms). */
export interface MicroscopeBandit {
  readonly kind: 'bernoulli' | 'gaussian';
  /** Expected reward of each arm. */
  readonly means: readonly number[];
  /** Reward standard deviation (Gaussian arms only). */
  readonly sd?: number;
}

/** The env's own checks, worded for one task with arms counted from 1 as the UI shows them. */
export function validateMicroscopeBandit(bandit: MicroscopeBandit): string[] {
  return validateBanditParams({ kind: bandit.kind, means: [bandit.means], sd: bandit.sd }).map(
    (m) => m.replace(/task 0 arm (\d+)/g, (_, a: string) => `arm ${Number(a) + 1}`),
  );
}

/** E[R | a] and E[R^2 | a] of each arm (Bernoulli: R^2 = R; Gaussian: mu^2 + sd^2). */
export function armRewardMoments(bandit: MicroscopeBandit): {
  readonly mean: Float64Array;
  readonly secondMoment: Float64Array;
} {
  const mean = Float64Array.from(bandit.means);
  const sd = bandit.kind === 'gaussian' ? (bandit.sd ?? 1) : 0;
  const secondMoment = mean.map((m) => (bandit.kind === 'bernoulli' ? m : m * m + sd * sd));
  return { mean, secondMoment };
}

/** One drawn batch, valid until the next draw (its arrays are reused). */
export interface DrawnBatch {
  readonly batch: RolloutBatch;
  /**
   * Return of the greedy (argmax pi) rollout of each episode's group ([E] or [numGroups]), with
   * the group's first episode's random numbers (ReMax's common random numbers; as the trainer
   * does), discounted by the estimator's gamma. NaN when the sampler was built without them.
   */
  readonly greedyReturns: (gamma: number) => Float64Array;
}

/**
 * Independent batches of N = numGroups * G pulls of a frozen policy pi on a one-task bandit.
 * Rewards come from the playground's own BanditEnv (the same reward process the trainer sees);
 * actions are drawn from pi with `rng`. The batch layout is the estimators' RolloutBatch with
 * T = 1 step per episode and one state (index 0), so every estimator runs unchanged on it.
 */
export class BanditBatchSampler {
  private readonly env: BanditEnv;
  /** Only when some estimator needs greedy returns (ReMax): it doubles the sampling work. */
  private readonly greedyEnv: BanditEnv | null;
  private readonly actions: Int32Array;
  private readonly greedyActions: Int32Array;
  private readonly buffer: {
    -readonly [K in keyof RolloutBatch]: RolloutBatch[K];
  };
  private readonly greedyReturns: Float64Array;

  constructor(
    bandit: MicroscopeBandit,
    private readonly pi: Float64Array,
    batchSize: number,
    groupSize: number,
    private readonly rng: Rng,
    withGreedy = true,
  ) {
    const K = bandit.means.length;
    if (pi.length !== K)
      throw new Error(`BanditBatchSampler: policy has ${pi.length} arms, the bandit ${K}`);
    if (batchSize % groupSize !== 0)
      throw new Error(
        `BanditBatchSampler: ${batchSize} pulls do not split into groups of ${groupSize}`,
      );
    const params = { kind: bandit.kind, means: [bandit.means], sd: bandit.sd };
    const E = batchSize;
    this.env = new BanditEnv(params, E, rng.split('env'));
    this.greedyEnv = withGreedy
      ? new BanditEnv(params, E / groupSize, rng.split('greedy-env'))
      : null;
    this.actions = new Int32Array(E);
    let best = 0;
    for (let a = 1; a < K; a++) if (pi[a] > pi[best]) best = a;
    this.greedyActions = new Int32Array(E / groupSize).fill(best);
    this.greedyReturns = new Float64Array(E);
    this.buffer = {
      numGroups: E / groupSize,
      groupSize,
      numEpisodes: E,
      maxSteps: 1,
      numActions: K,
      taskIds: new Int32Array(E),
      lengths: new Int32Array(E).fill(1),
      terminated: new Uint8Array(E).fill(1),
      success: new Uint8Array(E),
      mask: new Uint8Array(E).fill(1),
      rewards: new Float32Array(E),
      numRewardComponents: 1,
      rewardComponents: new Float32Array(E),
      actions: this.actions,
      states: new Int32Array(E),
      logp: new Float32Array(E),
    };
  }

  /** The next independent batch. */
  next(): DrawnBatch {
    const { env, greedyEnv, buffer: b, pi } = this;
    const E = b.numEpisodes;
    const G = b.groupSize;
    for (let e = 0; e < E; e++) env.reset(e, 0);
    if (greedyEnv) for (let k = 0; k < b.numGroups; k++) greedyEnv.restore(k, env.snapshot(k * G));
    for (let e = 0; e < E; e++) {
      const a = this.rng.categorical(pi);
      this.actions[e] = a;
      b.logp[e] = Math.log(pi[a]);
    }
    env.step(this.actions);
    greedyEnv?.step(this.greedyActions);
    for (let e = 0; e < E; e++) {
      b.rewards[e] = env.rewards[e];
      b.rewardComponents[e] = env.rewards[e];
      b.success[e] = env.success[e];
      this.greedyReturns[e] = greedyEnv ? greedyEnv.rewards[Math.floor(e / G)] : NaN;
    }
    return { batch: b, greedyReturns: () => this.greedyReturns };
  }
}

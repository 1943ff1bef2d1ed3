import { Rng, RngBank } from '../rng';
import type { BanditParams } from './bandit';
import type { EnvSnapshot, VecEnv } from './types';

/**
 * Bandit suites for comparing group estimators, and a two-component reward bandit for GDPO.
 *
 * A suite is many Bernoulli bandit instances whose best-arm success rates are spread over (0, 1):
 * hard tasks (best rate near 0) mostly give all-zero groups, easy ones (near 1) all-one groups,
 * which is where group size, zero-variance groups and difficulty reweighting show
 * (GRPO vs RLOO vs BNPO; see shared/design/environments.md).
 */

export interface BanditSuiteParams {
  /** Number of tasks (bandit instances). */
  readonly tasks: number;
  /** Arms per task. */
  readonly arms: number;
  /**
   * Width of the interval the best-arm rates cover, in (0, 1]: task k's best rate is
   * 0.5 + spread * ((k + 0.5) / tasks - 0.5), so spread 1 covers (0, 1) evenly, endpoints excluded.
   */
  readonly spread: number;
  /**
   * Relative gap to the other arms, in [0, 1): each other arm's rate is drawn uniformly in
   * [0, best * (1 - gap)]. Default 0.2.
   */
  readonly gap?: number;
}

export function validateBanditSuiteParams(p: BanditSuiteParams): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(p.tasks) || p.tasks < 1 || p.tasks > 4096)
    errors.push(`bandit suite: tasks must be an integer from 1 to 4096, got ${p.tasks}`);
  if (!Number.isInteger(p.arms) || p.arms < 2 || p.arms > 64)
    errors.push(`bandit suite: arms must be an integer from 2 to 64, got ${p.arms}`);
  if (!(p.spread > 0 && p.spread <= 1))
    errors.push(`bandit suite: spread must be in (0, 1], got ${p.spread}`);
  const gap = p.gap ?? 0.2;
  if (!(gap >= 0 && gap < 1)) errors.push(`bandit suite: gap must be in [0, 1), got ${gap}`);
  return errors;
}

/** Best-arm success rate of task k (tasks are ordered from hardest to easiest). */
export function suiteBestRate(p: BanditSuiteParams, k: number): number {
  return 0.5 + p.spread * ((k + 0.5) / p.tasks - 0.5);
}

/**
 * A seeded multi-task Bernoulli suite for BanditEnv. The best arm's position is random per task
 * (so a policy shared across tasks cannot learn one arm index); the other arms are drawn below it.
 */
export function banditSuite(p: BanditSuiteParams, rng: Rng): BanditParams {
  const errors = validateBanditSuiteParams(p);
  if (errors.length) throw new Error(errors.join('; '));
  const gap = p.gap ?? 0.2;
  const means: number[][] = [];
  for (let k = 0; k < p.tasks; k++) {
    const best = suiteBestRate(p, k);
    const bestArm = rng.int(p.arms);
    means.push(
      Array.from({ length: p.arms }, (_, a) =>
        a === bestArm ? best : best * (1 - gap) * rng.uniform(),
      ),
    );
  }
  return { kind: 'bernoulli', means };
}

/**
 * Two-component Bernoulli bandit: pulling arm a of task k pays r1 ~ Bernoulli(p1[k][a]) and,
 * independently, r2 ~ Bernoulli(p2[k][a]); reward = w1 r1 + w2 r2. GDPO (group reward-decoupled
 * normalisation) normalises each component within the group before combining, so (1, 0) and
 * (0, 1) stay distinguishable where a summed reward would merge them.
 */
export interface TwoRewardBanditParams {
  /** p1[task][arm]: probability that component 1 pays 1. */
  readonly p1: readonly (readonly number[])[];
  /** p2[task][arm]: probability that component 2 pays 1. */
  readonly p2: readonly (readonly number[])[];
  /** Weights (w1, w2) of the summed reward; default (1, 1). */
  readonly weights?: readonly [number, number];
}

/**
 * One task whose arms trade the components off: arm 0 is good at r1 only, arm 1 at r2 only, arm 2
 * at both moderately (the best sum, 1.2), arm 3 at neither.
 */
export const TWO_REWARD_EXAMPLE: TwoRewardBanditParams = {
  p1: [[0.9, 0.1, 0.6, 0.3]],
  p2: [[0.1, 0.9, 0.6, 0.3]],
};

export function validateTwoRewardBanditParams(p: TwoRewardBanditParams): string[] {
  const errors: string[] = [];
  if (p.p1.length === 0) errors.push('two-reward bandit: needs at least one task (p1 is empty)');
  if (p.p2.length !== p.p1.length)
    errors.push(`two-reward bandit: p1 has ${p.p1.length} tasks, p2 has ${p.p2.length}`);
  const k = p.p1[0]?.length ?? 0;
  if (k < 2 || k > 64)
    errors.push(`two-reward bandit: number of arms must be between 2 and 64, got ${k}`);
  for (const [name, table] of [
    ['p1', p.p1],
    ['p2', p.p2],
  ] as const)
    table.forEach((row, t) => {
      if (row.length !== k)
        errors.push(`two-reward bandit: ${name} task ${t} has ${row.length} arms, expected ${k}`);
      row.forEach((v, a) => {
        if (!(v >= 0 && v <= 1))
          errors.push(
            `two-reward bandit: ${name} of task ${t} arm ${a} must be in [0, 1], got ${v}`,
          );
      });
    });
  const w = p.weights ?? [1, 1];
  if (w.length !== 2 || !w.every(Number.isFinite))
    errors.push(`two-reward bandit: weights must be two finite numbers`);
  return errors;
}

/** A seeded two-component suite: every p1, p2 uniform in [0, 1]. */
export function twoRewardSuite(tasks: number, arms: number, rng: Rng): TwoRewardBanditParams {
  const table = () =>
    Array.from({ length: tasks }, () => Array.from({ length: arms }, () => rng.uniform()));
  return { p1: table(), p2: table() };
}

export class TwoRewardBanditEnv implements VecEnv {
  /** Same family as BanditEnv: same observation (task one-hot), same snapshot layout. */
  readonly family = 'bandit';
  readonly numEnvs: number;
  readonly numActions: number;
  readonly obsSize: number;
  readonly numStates: number;
  readonly numTasks: number;
  readonly numRewardComponents = 2;
  /** One pull per episode. */
  readonly maxEpisodeSteps = 1;
  readonly obs: Float32Array;
  readonly stateIndex: Int32Array;
  readonly legalMask = null;
  /** [numEnvs] w1 r1 + w2 r2. */
  readonly rewards: Float32Array;
  /** [numEnvs * 2] (r1, r2) of each copy, unweighted. */
  readonly rewardComponents: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** [numEnvs] 1 when both components paid. */
  readonly success: Uint8Array;

  private readonly p1: Float64Array;
  private readonly p2: Float64Array;
  private readonly w1: number;
  private readonly w2: number;
  private readonly rng: RngBank;

  /** @param firstCopyIndex copy i draws from `rng.split(firstCopyIndex + i)` (as GridWorldEnv). */
  constructor(
    readonly params: TwoRewardBanditParams,
    numEnvs: number,
    rng: Rng,
    firstCopyIndex = 0,
  ) {
    const errors = validateTwoRewardBanditParams(params);
    if (errors.length) throw new Error(errors.join('; '));
    this.numEnvs = numEnvs;
    this.numTasks = params.p1.length;
    this.numActions = params.p1[0].length;
    this.numStates = this.numTasks;
    this.obsSize = this.numTasks;
    this.p1 = Float64Array.from(params.p1.flat());
    this.p2 = Float64Array.from(params.p2.flat());
    [this.w1, this.w2] = params.weights ?? [1, 1];
    this.obs = new Float32Array(numEnvs * this.obsSize);
    this.stateIndex = new Int32Array(numEnvs);
    this.rewards = new Float32Array(numEnvs);
    this.rewardComponents = new Float32Array(numEnvs * 2);
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
    this.success = new Uint8Array(numEnvs);
    this.rng = new RngBank(rng, numEnvs);
    if (firstCopyIndex !== 0)
      for (let i = 0; i < numEnvs; i++)
        this.rng.setState(i, rng.split(firstCopyIndex + i).getState());
    for (let i = 0; i < numEnvs; i++) this.reset(i, 0);
  }

  reset(i: number, task: number): void {
    this.obs.fill(0, i * this.obsSize, (i + 1) * this.obsSize);
    this.obs[i * this.obsSize + task] = 1;
    this.stateIndex[i] = task;
    this.rewards[i] = 0;
    this.rewardComponents[2 * i] = 0;
    this.rewardComponents[2 * i + 1] = 0;
    this.terminated[i] = 0;
    this.truncated[i] = 0;
    this.success[i] = 0;
  }

  step(actions: Int32Array, active?: Uint8Array): void {
    const K = this.numActions;
    for (let i = 0; i < this.numEnvs; i++) {
      if (active && !active[i]) {
        this.rewards[i] = 0;
        this.rewardComponents[2 * i] = 0;
        this.rewardComponents[2 * i + 1] = 0;
        continue;
      }
      const k = this.stateIndex[i] * K + actions[i];
      // Two uniforms per pull, r1 first: the components are independent given the arm.
      const r1 = this.rng.uniform(i) < this.p1[k] ? 1 : 0;
      const r2 = this.rng.uniform(i) < this.p2[k] ? 1 : 0;
      this.rewardComponents[2 * i] = r1;
      this.rewardComponents[2 * i + 1] = r2;
      this.rewards[i] = this.w1 * r1 + this.w2 * r2;
      this.success[i] = r1 & r2;
      this.terminated[i] = 1;
    }
  }

  snapshot(i: number): EnvSnapshot {
    return {
      family: this.family,
      data: Float64Array.from([this.stateIndex[i], ...this.rng.getState(i)]),
    };
  }

  restore(i: number, snap: EnvSnapshot): void {
    if (snap.family !== this.family)
      throw new Error(`cannot restore a ${snap.family} snapshot into a bandit`);
    this.reset(i, snap.data[0]);
    this.rng.setState(i, Array.from(snap.data.subarray(1, 5)));
  }

  /** Exact expected reward w1 p1 + w2 p2 of each arm, per task (input to banditExact). */
  expectedRewards(): number[][] {
    return twoRewardExpected(this.params);
  }
}

/** Expected summed reward w1 p1[k][a] + w2 p2[k][a] of each arm of each task. */
export function twoRewardExpected(p: TwoRewardBanditParams): number[][] {
  const [w1, w2] = p.weights ?? [1, 1];
  return p.p1.map((row, k) => row.map((v, a) => w1 * v + w2 * p.p2[k][a]));
}

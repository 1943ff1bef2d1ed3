import { Rng, RngBank } from '../rng';
import type { EnvSnapshot, VecEnv } from './types';

/**
 * Multi-armed bandits, vectorized: N copies, each pulling one arm per episode.
 *
 * A bandit has one or more tasks (instances); task k has arm means `means[k][a]`. An episode is
 * one pull: reset(i, k) puts copy i in front of task k, step pays the chosen arm and terminates.
 * - bernoulli: reward 1 with probability means[k][a], else 0 (success = reward 1).
 * - gaussian: reward ~ Normal(means[k][a], sd) (success = reward above the task's mean arm mean).
 * Observation: one-hot of the task (length numTasks); state index: the task.
 * Exact objective for a softmax policy pi over arms: J = sum_a pi(a) mu(a).
 */
export interface BanditParams {
  readonly kind: 'bernoulli' | 'gaussian';
  /** means[task][arm]; Bernoulli means must lie in [0, 1]. */
  readonly means: readonly (readonly number[])[];
  /** Reward standard deviation for Gaussian bandits. */
  readonly sd?: number;
}

export function validateBanditParams(p: BanditParams): string[] {
  const errors: string[] = [];
  if (p.means.length === 0) errors.push('bandit: needs at least one task (means is empty)');
  const k = p.means[0]?.length ?? 0;
  if (k < 2 || k > 64) errors.push(`bandit: number of arms must be between 2 and 64, got ${k}`);
  p.means.forEach((row, t) => {
    if (row.length !== k) errors.push(`bandit: task ${t} has ${row.length} arms, task 0 has ${k}`);
    row.forEach((m, a) => {
      if (!Number.isFinite(m))
        errors.push(`bandit: mean of task ${t} arm ${a} is not a finite number`);
      else if (p.kind === 'bernoulli' && (m < 0 || m > 1))
        errors.push(
          `bandit: success probability of task ${t} arm ${a} must be in [0, 1], got ${m}`,
        );
    });
  });
  if (p.kind === 'gaussian' && !(p.sd !== undefined && p.sd > 0))
    errors.push(`bandit: Gaussian reward sd must be > 0, got ${p.sd}`);
  return errors;
}

export class BanditEnv implements VecEnv {
  readonly family = 'bandit';
  readonly numEnvs: number;
  readonly numActions: number;
  readonly obsSize: number;
  readonly numStates: number;
  readonly numTasks: number;
  readonly numRewardComponents = 1;
  readonly maxEpisodeSteps = 1;
  readonly obs: Float32Array;
  readonly stateIndex: Int32Array;
  readonly legalMask = null;
  readonly rewards: Float32Array;
  readonly rewardComponents: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly success: Uint8Array;

  private readonly meansFlat: Float64Array;
  private readonly taskMean: Float64Array;
  private readonly rng: RngBank;

  constructor(
    readonly params: BanditParams,
    numEnvs: number,
    rng: Rng,
  ) {
    const errors = validateBanditParams(params);
    if (errors.length) throw new Error(errors.join('; '));
    this.numEnvs = numEnvs;
    this.numTasks = params.means.length;
    this.numActions = params.means[0].length;
    this.numStates = this.numTasks;
    this.obsSize = this.numTasks;
    this.meansFlat = Float64Array.from(params.means.flat());
    this.taskMean = Float64Array.from(
      params.means,
      (row) => row.reduce((s, m) => s + m, 0) / row.length,
    );
    this.obs = new Float32Array(numEnvs * this.obsSize);
    this.stateIndex = new Int32Array(numEnvs);
    this.rewards = new Float32Array(numEnvs);
    this.rewardComponents = this.rewards;
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
    this.success = new Uint8Array(numEnvs);
    this.rng = new RngBank(rng, numEnvs);
    for (let i = 0; i < numEnvs; i++) this.reset(i, 0);
  }

  reset(i: number, task: number): void {
    // Plain loops, not fill(): for the usual 1-task bandit this runs once per pull and must cost
    // a few writes, not a library call.
    const o = i * this.obsSize;
    for (let k = 0; k < this.obsSize; k++) this.obs[o + k] = 0;
    this.obs[o + task] = 1;
    this.stateIndex[i] = task;
    this.rewards[i] = 0;
    this.terminated[i] = 0;
    this.truncated[i] = 0;
    this.success[i] = 0;
  }

  step(actions: Int32Array, active?: Uint8Array): void {
    const K = this.numActions;
    const { meansFlat, rewards, success, terminated, stateIndex, rng } = this;
    const bernoulli = this.params.kind === 'bernoulli';
    const sd = this.params.sd ?? 1;
    for (let i = 0; i < this.numEnvs; i++) {
      if (active && !active[i]) {
        rewards[i] = 0;
        continue;
      }
      const task = stateIndex[i];
      const mean = meansFlat[task * K + actions[i]];
      if (bernoulli) {
        const r = rng.uniform(i) < mean ? 1 : 0;
        rewards[i] = r;
        success[i] = r;
      } else {
        const r = mean + sd * rng.normal(i);
        rewards[i] = r;
        success[i] = r > this.taskMean[task] ? 1 : 0;
      }
      terminated[i] = 1;
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

  /** Exact expected reward of each arm of a task. */
  armMeans(task: number): Float64Array {
    return this.meansFlat.slice(task * this.numActions, (task + 1) * this.numActions);
  }
}

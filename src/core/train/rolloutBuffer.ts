import type { RolloutBatch } from '../estimators/batch';

/**
 * A RolloutBatch whose arrays are allocated once and refilled every update, so the hot loop
 * allocates nothing.
 */
export class RolloutBuffer implements RolloutBatch {
  readonly numEpisodes: number;
  readonly taskIds: Int32Array;
  readonly lengths: Int32Array;
  readonly terminated: Uint8Array;
  readonly success: Uint8Array;
  readonly mask: Uint8Array;
  readonly rewards: Float32Array;
  readonly rewardComponents: Float32Array;
  readonly actions: Int32Array;
  readonly states: Int32Array;
  readonly logp: Float32Array;
  /** [E * T] entropy of pi_old(.|s_t), for the entropy metric. */
  readonly entropy: Float32Array;
  /** [E * T * obsSize] observation of each step, kept only for neural policies (null otherwise). */
  readonly obs: Float32Array | null;
  /** [E * T] critic value V(s_t) at collection (0 without a critic). */
  readonly values: Float32Array;
  /** [E * T] log pi_ref(a_t | s_t) under the reference policy (0 without one). */
  readonly refLogp: Float32Array;
  /** [E * T * A] legal-action mask of each step (only for envs with masks and neural policies). */
  readonly legal: Uint8Array | null;
  /** [E] V of the state after the last step (bootstraps time-limit cuts). */
  readonly bootstrapValues: Float32Array;
  /** [E] 1 if the episode was cut by the time limit (or the trainer's length cap). */
  readonly truncated: Uint8Array;
  /** [E] 1 while the episode is still running during a rollout. */
  readonly active: Uint8Array;

  constructor(
    readonly numGroups: number,
    readonly groupSize: number,
    readonly maxSteps: number,
    readonly numActions: number,
    readonly numRewardComponents: number,
    obsSize = 0,
    keepLegal = false,
  ) {
    const E = numGroups * groupSize;
    const S = E * maxSteps;
    this.numEpisodes = E;
    this.taskIds = new Int32Array(E);
    this.lengths = new Int32Array(E);
    this.terminated = new Uint8Array(E);
    this.success = new Uint8Array(E);
    this.active = new Uint8Array(E);
    this.mask = new Uint8Array(S);
    this.rewards = new Float32Array(S);
    this.rewardComponents = new Float32Array(S * numRewardComponents);
    this.actions = new Int32Array(S);
    this.states = new Int32Array(S);
    this.logp = new Float32Array(S);
    this.entropy = new Float32Array(S);
    this.obs = obsSize > 0 ? new Float32Array(S * obsSize) : null;
    this.values = new Float32Array(S);
    this.refLogp = new Float32Array(S);
    this.legal = keepLegal ? new Uint8Array(S * numActions) : null;
    this.bootstrapValues = new Float32Array(E);
    this.truncated = new Uint8Array(E);
  }

  clear(): void {
    this.lengths.fill(0);
    this.terminated.fill(0);
    this.success.fill(0);
    this.active.fill(1);
    this.mask.fill(0);
    this.rewards.fill(0);
    this.rewardComponents.fill(0);
    this.actions.fill(0);
    this.states.fill(-1);
    this.logp.fill(0);
    this.entropy.fill(0);
    this.obs?.fill(0);
    this.values.fill(0);
    this.refLogp.fill(0);
    this.legal?.fill(1);
    this.bootstrapValues.fill(0);
    this.truncated.fill(0);
  }
}

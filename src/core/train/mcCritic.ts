import type { EnvConfig } from '../envs/registry';
import { createEnv } from '../envs/registry';
import type { EnvSnapshot, VecEnv } from '../envs/types';
import type { Rng } from '../rng';

/**
 * The Monte Carlo critic of ProAct (Yu et al. 2026, "ProAct: Agentic Lookahead in Interactive
 * Environments"), baseline `mc-rollouts(K, H)`: V(s_t) = the mean discounted return of K rollouts
 * of at most H steps, each from a clone of the environment at s_t. No value network is learned.
 *
 * The rollouts act uniformly at random among the legal actions, as ProAct's released code does
 * (GreatX3/ProAct, envs/sokobanEnv.py `get_value_from_state_sokoban`: random rollouts of at most
 * 20 steps): they cost environment steps only, no policy evaluation. V depends on s_t alone (not
 * on the action taken there), so it is an unbiased baseline however rough the estimate; it
 * reduces variance as far as the random policy's value tracks the learner's.
 *
 * A clone replays its snapshot's random stream (stochastic envs such as 2048), so the K clones of
 * one state share the env's random numbers and differ through their actions; the actions come
 * from a separate stream, so the baseline still never depends on the learner's action.
 * Rollouts also stop where the trainer cuts episodes (step T), so V estimates the same truncated
 * return the learner's reward-to-go sees.
 */
export class MonteCarloCritic {
  /** Snapshot of each step's state before acting, [E * T] (null where no step was taken). */
  private readonly snapshots: (EnvSnapshot | null)[];
  /** Clones for a chunk of states, K per state. */
  private readonly clones: VecEnv;
  private readonly statesPerChunk: number;

  /**
   * @param maxSteps the trainer's episode cap T (buffer length)
   * @param rollouts K, rollouts per state
   * @param horizon H, the longest rollout
   * @param gamma discount of the rollout returns (the estimator's gamma)
   * @param rng stream for the random actions (clones draw their env randomness from snapshots)
   * @param maxClones clones stepped together (memory bound; the chunk holds maxClones / K states)
   */
  constructor(
    envConfig: EnvConfig,
    private readonly numEpisodes: number,
    private readonly maxSteps: number,
    private readonly rollouts: number,
    private readonly horizon: number,
    private readonly gamma: number,
    private readonly rng: Rng,
    maxClones = 1024,
  ) {
    for (const [name, v] of [
      ['rollouts (K)', rollouts],
      ['horizon (H)', horizon],
    ] as const)
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`MonteCarloCritic: ${name} must be a positive integer, got ${v}`);
    this.snapshots = new Array<EnvSnapshot | null>(numEpisodes * maxSteps).fill(null);
    this.statesPerChunk = Math.max(1, Math.floor(maxClones / rollouts));
    this.clones = createEnv(envConfig, this.statesPerChunk * rollouts, rng.split('clones'));
  }

  /** Forget the previous batch (call before each rollout). */
  clear(): void {
    this.snapshots.fill(null);
  }

  /** Remember the state of every active copy of `env` at step t, before it acts. */
  record(t: number, env: VecEnv, active: ArrayLike<number>): void {
    for (let e = 0; e < this.numEpisodes; e++)
      if (active[e]) this.snapshots[e * this.maxSteps + t] = env.snapshot(e);
  }

  /** [E * T] MC value of every recorded state (0 where none was recorded). */
  values(): Float64Array {
    const out = new Float64Array(this.snapshots.length);
    const recorded: number[] = [];
    this.snapshots.forEach((s, i) => s && recorded.push(i));
    for (let c = 0; c < recorded.length; c += this.statesPerChunk)
      this.evaluateChunk(recorded.slice(c, c + this.statesPerChunk), out);
    return out;
  }

  private evaluateChunk(indices: readonly number[], out: Float64Array): void {
    const K = this.rollouts;
    const env = this.clones;
    const A = env.numActions;
    const N = env.numEnvs;
    const active = new Uint8Array(N);
    const stepsLeft = new Int32Array(N);
    const returns = new Float64Array(N);
    const discount = new Float64Array(N).fill(1);
    const actions = new Int32Array(N);
    let longest = 0;
    indices.forEach((i, j) => {
      // Step t of the buffer: the episode can run T - t more steps before the trainer cuts it.
      const left = Math.min(this.horizon, this.maxSteps - (i % this.maxSteps));
      longest = Math.max(longest, left);
      for (let k = 0; k < K; k++) {
        env.restore(j * K + k, this.snapshots[i] as EnvSnapshot);
        active[j * K + k] = 1;
        stepsLeft[j * K + k] = left;
      }
    });
    for (let h = 0; h < longest; h++) {
      for (let n = 0; n < N; n++)
        if (active[n]) actions[n] = uniformLegalAction(env.legalMask, n, A, this.rng);
      env.step(actions, active);
      for (let n = 0; n < N; n++) {
        if (!active[n]) continue;
        returns[n] += discount[n] * env.rewards[n];
        discount[n] *= this.gamma;
        stepsLeft[n]--;
        if (env.terminated[n] || env.truncated[n] || stepsLeft[n] === 0) active[n] = 0;
      }
    }
    indices.forEach((i, j) => {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += returns[j * K + k];
      out[i] = sum / K;
    });
  }
}

/**
 * An action drawn uniformly among the legal actions of copy n (mask [N * A], 1 = legal), or among
 * all A actions when there is no mask or the copy has no legal action.
 */
export function uniformLegalAction(
  mask: ArrayLike<number> | null,
  n: number,
  A: number,
  rng: Rng,
): number {
  if (!mask) return rng.int(A);
  let legal = 0;
  for (let a = 0; a < A; a++) legal += mask[n * A + a] ? 1 : 0;
  if (legal === 0) return rng.int(A);
  let pick = rng.int(legal);
  for (let a = 0; a < A; a++) if (mask[n * A + a] && pick-- === 0) return a;
  return A - 1;
}

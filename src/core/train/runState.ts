import type { GradientVariance } from '../metrics/gradientVariance';
import type { EnvConfig } from '../envs/registry';
import type { VecEnv } from '../envs/types';
import type { AdvantagePlan, EstimatorState } from '../estimators/advantages';
import type { EstimatorSpec } from '../estimators/spec';
import type { Rng } from '../rng';
import type { RunConfig } from './config';
import type { EpisodeRecorder } from './episodeTrace';
import type { MonteCarloCritic } from './mcCritic';
import type { RolloutBuffer } from './rolloutBuffer';

export type RunStatus = 'training' | 'diverged';

/** Everything one run owns besides its policy parameters. */
export interface RunState {
  readonly index: number;
  readonly config: RunConfig;
  readonly spec: EstimatorSpec;
  estimatorState: EstimatorState;
  readonly envConfig: EnvConfig;
  readonly env: VecEnv;
  /** K = E / G copies for the greedy rollouts of ReMax (null when the run needs none). */
  readonly greedyEnv: VecEnv | null;
  /** Env clones for the Monte Carlo values of baseline mc-rollouts (null when not needed). */
  readonly mcCritic: MonteCarloCritic | null;
  readonly buffer: RolloutBuffer;
  /** Streams split from the run's seed, one per concern (architecture.md). */
  readonly samplingRng: Rng;
  readonly taskRng: Rng;
  readonly shuffleRng: Rng;
  readonly covarianceRng: Rng;
  /** Actions of the current env step, [numEnvs]. */
  readonly actions: Int32Array;
  status: RunStatus;
  divergedAt: number;
  divergedReason: string;
  envSteps: number;
  /** Records copy 0's episode each update, for the replay views. */
  readonly recorder: EpisodeRecorder;
  /** Latest pi[s,a] seen for each state (NaN until visited), when numStates is small. */
  readonly policyTable: Float32Array | null;
}

/** What one optimisation pass reports per run. */
export interface RunUpdateStats {
  gradNorm: number;
  loss: number;
  approxKl: number;
  clipFracLow: number;
  clipFracHigh: number;
  /**
   * Gradient variance of the batch estimate computed by the backend (neural policies: output
   * layer, see outputLayerGradientSums); the trainer computes the tabular one itself.
   */
  gradientVariance?: GradientVariance;
  /** Non-empty when the run diverged during this update. */
  diverged: string;
}

export const emptyStats = (): RunUpdateStats => ({
  gradNorm: NaN,
  loss: NaN,
  approxKl: NaN,
  clipFracLow: NaN,
  clipFracHigh: NaN,
  diverged: '',
});

/**
 * Per-run evaluation of the policy on a set of env copies (one entry per run). Copy e's entries
 * are at row e of every array, or at row rowOf[e] when given: a tabular backend hands over its
 * per-state tables and the copies' states instead of copying rows for every step.
 */
export interface PolicyEvaluation {
  /** [N] row of each copy in the arrays below (default: row e for copy e). */
  readonly rowOf?: ArrayLike<number>;
  /** [N * A] action probabilities (illegal actions 0). */
  readonly probs: ArrayLike<number>;
  /** [N] critic values, or null without a critic. */
  readonly values: ArrayLike<number> | null;
  /** [N * A] reference-policy probabilities, or null without a reference. */
  readonly refProbs: ArrayLike<number> | null;
  /** [N * A] log max(refProbs, 1e-30), where the backend has it at hand (saves a log per step). */
  readonly refLogProbs?: ArrayLike<number>;
  /** [N * A] log-probabilities, where the backend has them at hand (saves a log per step). */
  readonly logProbs?: ArrayLike<number>;
  /** [N] entropy of each copy's action distribution, where the backend has it at hand. */
  readonly entropy?: ArrayLike<number>;
}

/** One optimiser step of a run, as the step-by-step view shows it (tabular policies). */
export interface OptimiserPassRecord {
  readonly epoch: number;
  /** Episodes of this step's minibatch (every episode when there is one minibatch). */
  readonly episodes: Int32Array;
  readonly loss: number;
  /** dL/dz over the logits [S * A], before clipping by global norm. */
  readonly lossGradient: Float64Array;
  /** The same after clipping: what the optimiser stepped with. */
  readonly clippedLossGradient: Float64Array;
  /** Global norm of lossGradient. */
  readonly gradNorm: number;
}

/** Asks the backend to record the optimiser steps of one run during `optimise`. */
export interface GradientRecorder {
  readonly run: number;
  /** Record at most this many steps (PPO takes epochs x minibatches of them)... */
  readonly maxPasses: number;
  readonly passes: OptimiserPassRecord[];
  /** ...and count all of them here. */
  totalPasses: number;
}

/** A policy family (tabular or neural) as the trainer drives it. */
export interface PolicyBackend {
  /**
   * pi(.|s) (and V, pi_ref) for every copy of each run's env; null entries are skipped. With
   * `active`, a backend may leave out the copies e with active[r][e] = 0 (finished episodes):
   * their rows are then unspecified.
   */
  evaluate(
    envs: readonly (VecEnv | null)[],
    active?: readonly (ArrayLike<number> | null)[],
  ): Promise<(PolicyEvaluation | null)[]>;
  /**
   * The whole optimisation of one update for every run still training. A recorder (tabular
   * backends only) is filled with one run's optimiser steps without changing them.
   */
  optimise(
    runs: readonly RunState[],
    plans: readonly (AdvantagePlan | null)[],
    recorder?: GradientRecorder,
  ): Promise<RunUpdateStats[]>;
  /** |grad log pi(tau_e)|^2 per episode (optimal baseline), where the backend can compute it. */
  gradLogpSqNorms?(run: RunState): Float64Array;
  /** Exact pi[s,a] table of run r, if the backend is tabular. */
  table?(r: number): Float32Array;
  parameters(): Promise<Float32Array[]>;
  dispose(): void;
}

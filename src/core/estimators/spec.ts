/**
 * An estimator is a composition of independent choices (shared/design/estimators.md). A run is a
 * named preset plus overrides of any field; `resolveEstimator` merges and validates them.
 *
 * Field groups follow the sections of estimators.md: 1 return target, 2 baseline,
 * 3 normalisation, 4 sample selection, 5 surrogate + aggregation, 6 regularisers, 7 optimiser.
 * Every numeric field's allowed range is checked in `validate.ts`.
 */

/** 1. What each step is credited with before a baseline is subtracted. */
export type ReturnTarget = 'episode' | 'reward-to-go' | 'gae';

/** 2. Baseline b, A = target - b. */
export type BaselineKind =
  | 'none'
  | 'ema'
  | 'group-mean'
  | 'leave-one-out'
  | 'critic'
  | 'greedy'
  | 'optimal'
  | 'tracker'
  | 'mc-rollouts';

/** 3. Advantage normalisation. */
export type Normalisation =
  'none' | 'group-std' | 'batch-std' | 'beta' | 'decoupled' | 'stratified';

/** 4. Sample selection / weighting from the success flag (Negative Reinforcement paper). */
export type SampleSelection = 'none' | 'psr' | 'nsr' | 'w-reinforce';

/** 5. Per-step surrogate; `ratio` is -rho A (importance-weighted vanilla, used by KL-Cov). */
export type Surrogate = 'vanilla' | 'ratio' | 'ppo-clip' | 'mdpo';

export type Aggregation =
  'token-mean' | 'seq-mean-token-mean' | 'seq-mean-token-sum' | 'seq-mean-token-sum-norm';

export type KlEstimator = 'k1' | 'k2' | 'k3';
export type CovRegulariser = 'none' | 'clip-cov' | 'kl-cov';
export type OptimizerKind = 'sgd' | 'adam' | 'natural' | 'normalized-momentum';

export interface EstimatorSpec {
  /** Preset the spec started from (for cards and legends). */
  readonly preset: string;

  // --- 1. Return target -------------------------------------------------------------------
  /** Whole-episode return, reward-to-go from each step, or GAE with a critic. */
  readonly returnTarget: ReturnTarget;
  /** Discount factor gamma in [0, 1]. */
  readonly gamma: number;
  /** GAE lambda in [0, 1] (1 = Monte Carlo minus V, 0 = one-step TD). */
  readonly gaeLambda: number;
  /**
   * On a time-limit cut, bootstrap from V(s_T) (true: correct for a truncation) or treat the cut
   * as a termination (false: what CleanRL ppo.py does, since gym's `done` merged both).
   */
  readonly bootstrapTruncated: boolean;

  // --- 2. Baseline --------------------------------------------------------------------------
  readonly baseline: BaselineKind;
  /** EMA rate kappa in (0, 1]: b <- (1 - kappa) b + kappa mean(R). */
  readonly emaRate: number;
  /** Leave-one-out with a group of one: A = 0 (TRL, default) or the raw score (verl `rloo`). */
  readonly looSingleton: 'zero' | 'raw';
  /** SPO tracker forgetting factor rho in (0, 1]: counts decay by rho each update. */
  readonly trackerDecay: number;
  /**
   * mc-rollouts: number K of rollouts from each env clone (the trainer runs them, with uniformly
   * random legal actions as ProAct's code does; train/mcCritic.ts).
   */
  readonly mcRollouts: number;
  /** mc-rollouts: horizon H, the maximum length of each of those rollouts. */
  readonly mcHorizon: number;

  // --- 3. Normalisation ---------------------------------------------------------------------
  readonly normalisation: Normalisation;
  /** Delta degrees of freedom of the group std: 1 = unbiased (TRL), 0 = population. */
  readonly stdDdof: 0 | 1;
  /** eps in A / (std + eps) for group-std, decoupled and stratified (TRL 1e-4, verl 1e-6). */
  readonly stdEps: number;
  /** eps in (A - mean) / (std + eps) for batch-std (CleanRL 1e-8). */
  readonly batchStdEps: number;
  /** decoupled (GDPO): weight w_k of each reward component; empty = all ones. */
  readonly rewardWeights: readonly number[];
  /** stratified: weight alpha in [0, 1] of the within-stratum z-score. */
  readonly stratifiedAlpha: number;

  // --- 4. Sample selection and weighting ----------------------------------------------------
  readonly selection: SampleSelection;
  /** W-REINFORCE weight lambda >= 0 of successful samples (paper: 0.1). */
  readonly wReinforceLambda: number;
  /** Skip groups whose rewards are all equal (DAPO dynamic sampling). */
  readonly dropZeroVariance: boolean;
  /** Keep only tasks whose group success rate lies in [difficultyLow, difficultyHigh]. */
  readonly difficultyFilter: boolean;
  readonly difficultyLow: number;
  readonly difficultyHigh: number;

  // --- 5. Surrogate and aggregation ---------------------------------------------------------
  readonly surrogate: Surrogate;
  /** PPO lower clip eps: rho >= 1 - clipLow. In (0, 1). */
  readonly clipLow: number;
  /** PPO upper clip eps: rho <= 1 + clipHigh (DAPO clip-higher: 0.28). > 0. */
  readonly clipHigh: number;
  /** Dual clip constant c > 1 for A < 0 (verl: 3); 0 = off. */
  readonly dualClip: number;
  /** MDPO step size t > 0 in -rho A + (1/t) KL(pi || pi_old). */
  readonly mdpoStepSize: number;
  /** Passes over each batch (PPO: 4). */
  readonly epochs: number;
  /** Minibatches per epoch (PPO: 4). */
  readonly minibatches: number;
  /** Stop the epochs early when approx KL > 1.5 targetKl (Spinning Up); 0 = off. */
  readonly targetKl: number;
  /** How per-step losses are averaged into one number. */
  readonly aggregation: Aggregation;
  /** seq-mean-token-sum-norm: the fixed max length L (Dr. GRPO); 0 = the batch's maxSteps. */
  readonly aggregationMaxLength: number;

  // --- 6. Regularisers ----------------------------------------------------------------------
  /** Entropy bonus coefficient c_H >= 0 (loss -= c_H * aggregated entropy). */
  readonly entropyCoef: number;
  /** Reference policy for the KL term: none, or the policy at the start of training. */
  readonly reference: 'none' | 'initial';
  /** KL coefficient beta >= 0; > 0 needs a reference. */
  readonly klCoef: number;
  readonly klEstimator: KlEstimator;
  /** Put the KL in the loss (GRPO) or subtract beta * k from the per-step reward (RLOO, PPO-RLHF). */
  readonly klPlacement: 'loss' | 'reward';
  readonly covRegulariser: CovRegulariser;
  /** Clip-Cov: fraction of steps whose gradient is detached (paper: 2e-4 for LLMs). */
  readonly clipCovRatio: number;
  /** Clip-Cov: covariance band (lb, ub) of candidate steps (paper: 1, 5). */
  readonly clipCovLow: number;
  readonly clipCovHigh: number;
  /** KL-Cov: fraction of steps with the largest covariance that get the KL penalty. */
  readonly klCovRatio: number;
  /** KL-Cov: coefficient of |log rho| on the selected steps (paper: 1). */
  readonly klCovCoef: number;
  /** Global gradient-norm clip (CleanRL 0.5); 0 = off. */
  readonly maxGradNorm: number;
  /** Critic loss coefficient (CleanRL vf_coef 0.5). */
  readonly valueCoef: number;
  /** Clip of the critic update around the old value (CleanRL clip_vloss, 0.2); 0 = off. */
  readonly valueClip: number;

  // --- 7. Optimiser -------------------------------------------------------------------------
  readonly optimizer: OptimizerKind;
  /** Learning rate > 0. */
  readonly learningRate: number;
  /** Adam's epsilon, passed explicitly: tfjs's default depends on the backend. */
  readonly adamEpsilon: number;
  readonly adamBeta1: number;
  readonly adamBeta2: number;
  /** Natural gradient damping lambda > 0: (d_s F_s + lambda I) x = g_s. */
  readonly naturalDamping: number;
  /** Normalized momentum beta in [0, 1): d <- beta d + (1 - beta) g, step -lr d / |d|. */
  readonly momentumBeta: number;
}

export type EstimatorOverrides = Partial<Omit<EstimatorSpec, 'preset'>>;

/** Context a spec is validated against: what the run actually provides. */
export interface EstimatorContext {
  /** Rollouts per task G; group-based choices need G >= 2. */
  readonly groupSize?: number;
  /** True when the policy is a table of logits (natural gradient, exact MDPO). */
  readonly tabular?: boolean;
  /** Number of reward components of the env (decoupled needs its weights to match). */
  readonly numRewardComponents?: number;
}

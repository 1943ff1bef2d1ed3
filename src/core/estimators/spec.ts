/**
 * An estimator is a composition of independent choices (shared/design/estimators.md). A run is a
 * named preset plus overrides of any field; `resolveEstimator` merges and validates them.
 */
export interface EstimatorSpec {
  /** Preset the spec started from (for cards and legends). */
  readonly preset: string;
  /** Return target: whole-episode return, or reward-to-go from each step. */
  readonly returnTarget: 'episode' | 'reward-to-go';
  /** Discount factor gamma in [0, 1]. */
  readonly gamma: number;
  /** Baseline subtracted from the return target. */
  readonly baseline: 'none' | 'ema';
  /** EMA rate kappa in (0, 1]: b <- (1 - kappa) b + kappa mean(R). */
  readonly emaRate: number;
  /** How per-step losses are averaged into one number. */
  readonly aggregation: 'token-mean' | 'seq-mean-token-mean' | 'seq-mean-token-sum';
  /** Entropy bonus coefficient c_H >= 0 (loss -= c_H * mean entropy). */
  readonly entropyCoef: number;
  readonly optimizer: 'sgd' | 'adam';
  /** Learning rate > 0. */
  readonly learningRate: number;
  /** Adam's epsilon, passed explicitly: tfjs's default depends on the backend. */
  readonly adamEpsilon: number;
}

export type EstimatorOverrides = Partial<Omit<EstimatorSpec, 'preset'>>;

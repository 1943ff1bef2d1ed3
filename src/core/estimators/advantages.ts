import type { RolloutBatch } from './batch';
import { episodeReturns, rewardToGo } from './returns';
import type { EstimatorSpec } from './spec';

/** State an estimator carries across updates (e.g. a moving-average baseline per task). */
export interface EstimatorState {
  /** EMA baseline per task; NaN until the task is first seen (then b = first mean return). */
  readonly emaBaseline: Float64Array;
}

export function createEstimatorState(numTasks: number): EstimatorState {
  return { emaBaseline: new Float64Array(numTasks).fill(NaN) };
}

/**
 * The per-step numbers the surrogate needs: advantage A_t and aggregation weight w_t, so that the
 * loss is sum_t w_t * surrogate_t (vanilla: surrogate_t = -A_t log pi(a_t|s_t)).
 */
export interface AdvantagePlan {
  /** [E * T] advantage of each step (0 where mask is 0). */
  readonly advantages: Float32Array;
  /** [E * T] aggregation weight of each step (0 where mask is 0). */
  readonly stepWeights: Float32Array;
  /** [E] return target per episode (its first step's target), for diagnostics. */
  readonly episodeTargets: Float32Array;
}

export function computeAdvantages(
  batch: RolloutBatch,
  spec: EstimatorSpec,
  state: EstimatorState,
): AdvantagePlan {
  const E = batch.numEpisodes;
  const T = batch.maxSteps;
  const advantages = new Float32Array(E * T);
  const episodeTargets = new Float32Array(E);
  const perEpisode = episodeReturns(batch, spec.gamma);
  const toGo = spec.returnTarget === 'reward-to-go' ? rewardToGo(batch, spec.gamma) : null;

  // Baseline b(task): the EMA of past mean returns, read before this batch updates it so that
  // b is independent of the batch's own actions (keeps the estimator unbiased).
  const baselineOf = new Float64Array(state.emaBaseline.length);
  if (spec.baseline === 'ema') {
    for (let k = 0; k < baselineOf.length; k++) {
      const b = state.emaBaseline[k];
      baselineOf[k] = Number.isNaN(b) ? 0 : b;
    }
  }

  for (let e = 0; e < E; e++) {
    const b = baselineOf[batch.taskIds[e]];
    episodeTargets[e] = toGo ? toGo[e * T] : perEpisode[e];
    for (let t = 0; t < batch.lengths[e]; t++) {
      const target = toGo ? toGo[e * T + t] : perEpisode[e];
      advantages[e * T + t] = target - b;
    }
  }

  if (spec.baseline === 'ema') updateEmaBaseline(state, batch.taskIds, perEpisode, spec.emaRate);

  return { advantages, stepWeights: aggregationWeights(batch, spec.aggregation), episodeTargets };
}

/** b_k <- (1 - kappa) b_k + kappa mean_{e in task k} R_e; the first batch initialises b_k. */
export function updateEmaBaseline(
  state: EstimatorState,
  taskIds: Int32Array,
  returns: Float32Array,
  kappa: number,
): void {
  const sums = new Float64Array(state.emaBaseline.length);
  const counts = new Float64Array(state.emaBaseline.length);
  for (let e = 0; e < taskIds.length; e++) {
    sums[taskIds[e]] += returns[e];
    counts[taskIds[e]] += 1;
  }
  for (let k = 0; k < sums.length; k++) {
    if (counts[k] === 0) continue;
    const m = sums[k] / counts[k];
    const b = state.emaBaseline[k];
    state.emaBaseline[k] = Number.isNaN(b) ? m : (1 - kappa) * b + kappa * m;
  }
}

/**
 * Aggregation weights w_t (loss = sum_t w_t l_t):
 * - token-mean: 1 / (number of steps in the batch)        (DAPO; verl default)
 * - seq-mean-token-mean: 1 / (E * |episode|)               (original GRPO)
 * - seq-mean-token-sum: 1 / E
 */
export function aggregationWeights(
  batch: RolloutBatch,
  mode: EstimatorSpec['aggregation'],
): Float32Array {
  const E = batch.numEpisodes;
  const T = batch.maxSteps;
  const w = new Float32Array(E * T);
  let totalSteps = 0;
  for (let e = 0; e < E; e++) totalSteps += batch.lengths[e];
  for (let e = 0; e < E; e++) {
    const len = batch.lengths[e];
    const we =
      mode === 'token-mean'
        ? 1 / totalSteps
        : mode === 'seq-mean-token-mean'
          ? 1 / (E * len)
          : 1 / E;
    for (let t = 0; t < len; t++) w[e * T + t] = we;
  }
  return w;
}

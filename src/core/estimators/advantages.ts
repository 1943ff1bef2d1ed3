import { aggregationWeights } from './aggregation';
import { emaBaselineOf, updateEmaBaseline } from './baselines/ema';
import { greedyBaseline, perStepValueBaseline } from './baselines/given';
import { groupMeanBaseline, leaveOneOutBaseline } from './baselines/group';
import { optimalBaseline } from './baselines/optimal';
import {
  createTaskTracker,
  trackerBaseline,
  updateTaskTracker,
  type TaskTracker,
} from './baselines/tracker';
import type { RolloutBatch } from './batch';
import { batchStdNormalise } from './normalise/batch-std';
import { betaNormalisation } from './normalise/beta';
import { decoupledAdvantages } from './normalise/decoupled';
import { groupStdScale } from './normalise/group-std';
import { zeroVarianceGroups } from './normalise/stats';
import { stratifiedAdvantages } from './normalise/stratified';
import { klPenalisedRewards } from './regularisers/kl';
import { difficultyFilter, dropZeroVarianceGroups } from './selection/filters';
import { outcomeAdvantages } from './selection/outcome';
import type { EstimatorSpec } from './spec';
import { gae } from './targets/gae';
import { episodeReturns, rewardToGo } from './targets/returns';

export { aggregationWeights } from './aggregation';
export { updateEmaBaseline } from './baselines/ema';

/** State an estimator carries across updates. */
export interface EstimatorState {
  /** EMA baseline per task; NaN until the task is first seen (then b = first mean return). */
  readonly emaBaseline: Float64Array;
  /** [1] EMA baseline over all tasks, read for a task not seen yet; NaN before the first batch. */
  readonly emaAllTasks: Float64Array;
  /** SPO's per-task success tracker (Beta counts). */
  readonly tracker: TaskTracker;
}

/**
 * Per-task state is allocated only for the baseline that reads it when `baseline` is given
 * (2048 has 2^20 tasks: 8 MB per array per run); without it, all of it (the microscope).
 */
export function createEstimatorState(
  numTasks: number,
  baseline?: EstimatorSpec['baseline'],
): EstimatorState {
  const size = (needed: boolean) => (baseline === undefined || needed ? numTasks : 0);
  return {
    emaBaseline: new Float64Array(size(baseline === 'ema')).fill(NaN),
    emaAllTasks: Float64Array.of(NaN),
    tracker: createTaskTracker(size(baseline === 'tracker')),
  };
}

/**
 * Inputs some choices need besides the batch (all optional; a missing one that the spec needs
 * throws). Per-step arrays are [E * T] in the batch's layout.
 */
export interface AdvantageInputs {
  /** Critic values V(s_t) (baseline `critic`, return target `gae`). */
  readonly values?: ArrayLike<number>;
  /** [E] V(s_T) after each episode's last step, bootstrapped on truncation (`gae`). */
  readonly bootstrapValues?: ArrayLike<number>;
  /** Greedy-rollout returns, [E] or [numGroups] (baseline `greedy`, ReMax). */
  readonly greedyReturns?: ArrayLike<number>;
  /** Monte Carlo value estimates V(s_t) from env clones (baseline `mc-rollouts`). */
  readonly mcValues?: ArrayLike<number>;
  /** log pi_ref(a_t | s_t) of the taken actions (KL placed in the reward). */
  readonly refLogp?: ArrayLike<number>;
  /** [E] |grad log pi(tau_e)|^2 (baseline `optimal`). */
  readonly gradLogpSqNorms?: ArrayLike<number>;
  /** [E] stratum key (normalisation `stratified`); default: the episode length. */
  readonly strata?: ArrayLike<number>;
}

export interface AdvantageDiagnostics {
  /** Fraction of groups whose returns are all equal (zero group-relative signal). */
  readonly zeroVarianceGroupFraction: number;
  /** Fraction of valid, kept steps whose advantage is exactly 0. */
  readonly zeroAdvantageFraction: number;
  /** Fraction of episodes kept by the group filters. */
  readonly keptEpisodeFraction: number;
  /** BNPO's fitted Beta parameters (1, 1 unless normalisation is `beta`). */
  readonly betaAlpha: number;
  readonly betaBeta: number;
}

/**
 * The per-step numbers the surrogate needs: advantage A_t and aggregation weight w_t, so that the
 * loss is sum_t w_t * surrogate_t (vanilla: surrogate_t = -A_t log pi(a_t|s_t)).
 */
export interface AdvantagePlan {
  /** [E * T] advantage of each step (0 where mask is 0 or the episode was dropped). */
  readonly advantages: Float32Array;
  /** [E * T] aggregation weight of each step (0 where mask is 0 or the episode was dropped). */
  readonly stepWeights: Float32Array;
  /** [E] return target per episode (its first step's target), for diagnostics. */
  readonly episodeTargets: Float32Array;
  /** [E] the (possibly KL-penalised) discounted return of each episode. */
  readonly episodeReturns: Float32Array;
  /** [E * T] regression targets of the critic (critic / gae baselines), else null. */
  readonly criticTargets: Float32Array | null;
  /** [E] 1 where the episode is in the update (group filters). */
  readonly keep: Uint8Array;
  readonly diagnostics: AdvantageDiagnostics;
}

/**
 * The intermediate numbers of one advantage computation, for the step-by-step view of an update.
 * Only built when a caller asks (the `onTrace` argument), so training pays nothing for it.
 * Arrays are [E * T] in the batch's layout; steps past an episode's end hold 0.
 */
export interface AdvantageTrace {
  /** Return target of each step (episode return, reward-to-go, or GAE's A + V). */
  readonly target: Float64Array;
  /** Baseline subtracted at each step (0 without one; V(s_t) for a critic or GAE). */
  readonly baseline: Float64Array;
  /** Advantage before normalisation and outcome selection: target - baseline (GAE: its A_t). */
  readonly unnormalised: Float64Array;
}

function need<T>(value: T | undefined, what: string, spec: EstimatorSpec): T {
  if (value === undefined)
    throw new Error(`estimator ${spec.preset}: ${what} must be passed in AdvantageInputs`);
  return value;
}

/**
 * Compose the choices of `spec` into advantages and weights (estimators.md sections 1-5):
 *   rewards (- beta k1 if the KL is in the reward) -> return target -> A = target - b
 *   -> normalisation -> outcome selection -> group filters -> aggregation weights.
 * Updates `state` (EMA baseline, SPO tracker) after reading it, so the baseline never depends on
 * the batch it is applied to.
 */
export function computeAdvantages(
  batch: RolloutBatch,
  spec: EstimatorSpec,
  state: EstimatorState,
  inputs: AdvantageInputs = {},
  onTrace?: (trace: AdvantageTrace) => void,
): AdvantagePlan {
  const E = batch.numEpisodes;
  const T = batch.maxSteps;
  const G = batch.groupSize;

  // 6. KL subtracted from the reward (RLOO): the returns below already carry -beta sum_t k_t.
  const klInReward = spec.klCoef > 0 && spec.klPlacement === 'reward';
  const shaped: RolloutBatch = klInReward
    ? {
        ...batch,
        rewards: klPenalisedRewards(
          batch.rewards,
          batch.logp,
          need(inputs.refLogp, 'refLogp (KL in the reward)', spec),
          batch.mask,
          spec.klCoef,
          spec.klEstimator,
        ),
      }
    : batch;

  // 1. Return target.
  const R = episodeReturns(shaped, spec.gamma);
  let target: ArrayLike<number>;
  let criticTargets: Float32Array | null = null;
  let gaeAdvantages: Float64Array | null = null;
  if (spec.returnTarget === 'gae') {
    const result = gae(
      shaped,
      need(inputs.values, 'values (gae)', spec),
      inputs.bootstrapValues,
      spec.gamma,
      spec.gaeLambda,
      spec.bootstrapTruncated,
    );
    gaeAdvantages = result.advantages;
    criticTargets = Float32Array.from(result.criticTargets);
    target = result.criticTargets;
  } else if (spec.returnTarget === 'reward-to-go') {
    target = rewardToGo(shaped, spec.gamma);
  } else {
    target = broadcast(R, batch, scratchOf('target', E * T));
  }
  const episodeTargets = new Float32Array(E);
  for (let e = 0; e < E; e++) episodeTargets[e] = target[e * T];

  // 2. Baseline, per episode or per step.
  let perEpisodeB: Float64Array | null = null;
  let perStepB: Float64Array | null = null;
  switch (spec.baseline) {
    case 'none':
      break;
    case 'ema':
      perEpisodeB = emaBaselineOf(state.emaBaseline, state.emaAllTasks, batch.taskIds);
      break;
    case 'group-mean':
      perEpisodeB = groupMeanBaseline(R, G);
      break;
    case 'leave-one-out':
      perEpisodeB = leaveOneOutBaseline(R, G, spec.looSingleton);
      break;
    case 'greedy':
      perEpisodeB = greedyBaseline(need(inputs.greedyReturns, 'greedyReturns', spec), E, G);
      break;
    case 'optimal':
      perEpisodeB = optimalBaseline(R, need(inputs.gradLogpSqNorms, 'gradLogpSqNorms', spec), G);
      break;
    case 'tracker':
      perEpisodeB = trackerBaseline(state.tracker, batch.taskIds);
      break;
    case 'critic':
      if (!gaeAdvantages) {
        perStepB = perStepValueBaseline(need(inputs.values, 'values (critic)', spec), batch.mask);
        criticTargets = Float32Array.from(target);
      }
      break;
    case 'mc-rollouts':
      perStepB = perStepValueBaseline(need(inputs.mcValues, 'mcValues', spec), batch.mask);
      break;
  }

  // 4. Group filters decide which episodes stay (they only look at returns and success).
  const keep = new Uint8Array(E).fill(1);
  if (spec.dropZeroVariance) dropZeroVarianceGroups(R, G, keep);
  if (spec.difficultyFilter)
    difficultyFilter(batch.success, G, spec.difficultyLow, spec.difficultyHigh, keep);

  // 3. Normalisation: per-episode scale, or a per-episode advantage computed from scratch.
  let scale: Float64Array | null = null;
  let episodeAdvantage: Float64Array | null = null;
  let betaAlpha = 1;
  let betaBeta = 1;
  if (spec.normalisation === 'group-std') scale = groupStdScale(R, G, spec.stdDdof, spec.stdEps);
  else if (spec.normalisation === 'beta') {
    const fit = betaNormalisation(R, G);
    scale = fit.scale;
    betaAlpha = fit.alpha;
    betaBeta = fit.beta;
  } else if (spec.normalisation === 'decoupled') {
    episodeAdvantage = decoupledAdvantages(
      componentReturns(shaped, spec.gamma),
      batch.numRewardComponents,
      G,
      spec.rewardWeights,
      spec.stdDdof,
      spec.stdEps,
    );
  } else if (spec.normalisation === 'stratified') {
    episodeAdvantage = stratifiedAdvantages(
      R,
      inputs.strata ?? batch.lengths,
      G,
      spec.stratifiedAlpha,
      spec.stdDdof,
      spec.stdEps,
    );
  }
  // 4. Outcome selection replaces the advantage (PSR / NSR / W-REINFORCE use no baseline).
  const outcome = outcomeAdvantages(batch.success, spec.selection, spec.wReinforceLambda);
  if (outcome) episodeAdvantage = outcome;

  const adv = scratchOf('adv', E * T);
  const valid = validScratch(E * T);
  for (let e = 0; e < E; e++) {
    if (!keep[e]) continue;
    const bE = perEpisodeB ? perEpisodeB[e] : 0;
    const sE = scale ? scale[e] : 1;
    for (let t = 0; t < batch.lengths[e]; t++) {
      const i = e * T + t;
      valid[i] = 1;
      if (episodeAdvantage) adv[i] = episodeAdvantage[e];
      else if (gaeAdvantages) adv[i] = gaeAdvantages[i] * sE;
      else adv[i] = (target[i] - bE - (perStepB ? perStepB[i] : 0)) * sE;
    }
  }
  if (spec.normalisation === 'batch-std' && !outcome)
    batchStdNormalise(adv, valid, spec.batchStdEps);
  // Read before the EMA / tracker update below, like the advantages themselves.
  // The trace copies what it shows; handed over at the end, when the scratch is no longer used.
  const trace = onTrace ? traceOf(batch, target, perEpisodeB, perStepB, gaeAdvantages) : null;

  if (spec.baseline === 'ema')
    updateEmaBaseline(state.emaBaseline, state.emaAllTasks, batch.taskIds, R, spec.emaRate);
  if (spec.baseline === 'tracker')
    updateTaskTracker(state.tracker, batch.taskIds, R, spec.trackerDecay);

  // adv is 0 outside the steps that exist (t < lengths[e]): convert and count only those, not
  // the whole [E * T] layout (Float32Array.from of it costs ~50 us per run-update in Chromium).
  const advantages = new Float32Array(E * T);
  let zeroAdv = 0;
  let validCount = 0;
  for (let e = 0; e < E; e++)
    for (let i = e * T, end = i + batch.lengths[e]; i < end; i++) {
      advantages[i] = adv[i];
      if (valid[i]) {
        validCount++;
        if (adv[i] === 0) zeroAdv++;
      }
    }
  let flatGroups = 0;
  const flat = zeroVarianceGroups(R, G);
  for (let e = 0; e < E; e += G) flatGroups += flat[e];
  let kept = 0;
  for (let e = 0; e < E; e++) kept += keep[e];

  if (onTrace && trace) onTrace(trace);
  return {
    advantages,
    stepWeights: aggregationWeights(batch, spec.aggregation, keep, spec.aggregationMaxLength),
    episodeTargets,
    episodeReturns: R,
    criticTargets,
    keep,
    diagnostics: {
      zeroVarianceGroupFraction: E > 0 ? flatGroups / (E / G) : 0,
      zeroAdvantageFraction: validCount > 0 ? zeroAdv / validCount : 0,
      keptEpisodeFraction: E > 0 ? kept / E : 0,
      betaAlpha,
      betaBeta,
    },
  };
}

/** The target, baseline and unnormalised advantage of every step (see AdvantageTrace). */
function traceOf(
  batch: RolloutBatch,
  target: ArrayLike<number>,
  perEpisodeB: Float64Array | null,
  perStepB: Float64Array | null,
  gaeAdvantages: Float64Array | null,
): AdvantageTrace {
  const T = batch.maxSteps;
  const n = batch.numEpisodes * T;
  const trace = {
    target: new Float64Array(n),
    baseline: new Float64Array(n),
    unnormalised: new Float64Array(n),
  };
  for (let e = 0; e < batch.numEpisodes; e++)
    for (let t = 0; t < batch.lengths[e]; t++) {
      const i = e * T + t;
      const unnormalised = gaeAdvantages
        ? gaeAdvantages[i]
        : target[i] - (perEpisodeB ? perEpisodeB[e] : 0) - (perStepB ? perStepB[i] : 0);
      trace.target[i] = target[i];
      trace.unnormalised[i] = unnormalised;
      trace.baseline[i] = target[i] - unnormalised;
    }
  return trace;
}

/**
 * [E * T] scratch of computeAdvantages, zeroed, reused from call to call: it is synchronous and
 * nothing it returns points into these (fresh arrays were most of its cost: ~100 KB each per run
 * per update, and allocating them costs more than the loops that fill them).
 */
const scratch = { target: new Float64Array(0), adv: new Float64Array(0) };
let validBuffer = new Uint8Array(0);

function scratchOf(key: keyof typeof scratch, n: number): Float64Array {
  if (scratch[key].length < n) scratch[key] = new Float64Array(n);
  return scratch[key].subarray(0, n).fill(0);
}

function validScratch(n: number): Uint8Array {
  if (validBuffer.length < n) validBuffer = new Uint8Array(n);
  return validBuffer.subarray(0, n).fill(0);
}

/** Per-episode values repeated over the episode's steps ([E] -> [E * T], 0 past the end). */
function broadcast(
  perEpisode: ArrayLike<number>,
  batch: RolloutBatch,
  out: Float64Array,
): Float64Array {
  const T = batch.maxSteps;
  for (let e = 0; e < batch.numEpisodes; e++)
    out.fill(perEpisode[e], e * T, e * T + batch.lengths[e]);
  return out;
}

/** [E * C] discounted return of each reward component (GDPO). */
function componentReturns(batch: RolloutBatch, gamma: number): Float64Array {
  const C = batch.numRewardComponents;
  const T = batch.maxSteps;
  const out = new Float64Array(batch.numEpisodes * C);
  for (let e = 0; e < batch.numEpisodes; e++)
    for (let k = 0; k < C; k++) {
      let g = 0;
      for (let t = batch.lengths[e] - 1; t >= 0; t--)
        g = batch.rewardComponents[(e * T + t) * C + k] + gamma * g;
      out[e * C + k] = g;
    }
  return out;
}

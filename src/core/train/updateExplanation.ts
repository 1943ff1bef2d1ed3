import type { AdvantagePlan, AdvantageTrace } from '../estimators/advantages';
import { isPresetName, PRESET_LABELS } from '../estimators/presets';
import type { EstimatorSpec } from '../estimators/spec';
import { tabularLogPolicy } from '../estimators/tabular/softmax';
import { GridWorldEnv } from '../envs/gridworld';
import type { VecEnv } from '../envs/types';
import type { GradientRecorder, RunState } from './runState';

/**
 * One update of one tabular run, explained step by step for a teacher at a projector: the
 * sampled episodes, their returns, the baseline, each advantage, the gradient over the logits
 * and the policy before and after. Plain data (numbers, strings, arrays), so it crosses the
 * worker boundary as is. Built from what the update computed anyway (the advantage trace and
 * the optimiser steps recorded by the tabular backend), so it shows the numbers the update used.
 */
export interface UpdateExplanation {
  readonly runId: string;
  readonly runLabel: string;
  readonly runIndex: number;
  /** The number of this update (1 = the first one), as in the metrics' `update` column. */
  readonly update: number;
  readonly estimator: {
    readonly preset: string;
    readonly label: string;
    /** The run's resolved estimator (preset + overrides). */
    readonly spec: EstimatorSpec;
    /** The settings that decide the numbers shown, as name = value. */
    readonly settings: readonly { readonly name: string; readonly value: string }[];
  };
  readonly numStates: number;
  readonly numActions: number;
  /** Names of the states ("task 1", "row 2, col 3") and actions ("arm 4", "←"). */
  readonly stateLabels: readonly string[];
  readonly actionLabels: readonly string[];
  /** Rollouts per task G; episodes e and e' share a task and group when floor(e/G) agrees. */
  readonly groupSize: number;
  readonly totalEpisodes: number;
  /** The first episodes of the batch, whole groups only (at most MAX_EXPLAINED_EPISODES). */
  readonly episodes: readonly ExplainedEpisode[];
  /** Episodes of the batch not listed in `episodes`. */
  readonly hiddenEpisodes: number;
  /** True when normalisation or outcome selection changed some advantage (show both columns). */
  readonly advantagesNormalised: boolean;
  /** The optimiser steps of this update, in order (PPO: epochs x minibatches of them). */
  readonly passes: readonly ExplainedPass[];
  /** Optimiser steps taken but not listed in `passes`. */
  readonly hiddenPasses: number;
  /** States visited by the batch, ascending: the only rows a sampled gradient can touch. */
  readonly visitedStates: readonly number[];
  /** Logits z[s * A + a] and pi(a|s) before (the policy that sampled the batch) and after. */
  readonly logitsBefore: readonly number[];
  readonly logitsAfter: readonly number[];
  readonly policyBefore: readonly number[];
  readonly policyAfter: readonly number[];
  /** Why the run stopped during this update, or '' when it did not. */
  readonly diverged: string;
}

export interface ExplainedEpisode {
  /** Position in the batch (0-based). */
  readonly index: number;
  readonly task: number;
  /** Group number floor(index / G). */
  readonly group: number;
  readonly length: number;
  readonly success: boolean;
  /** Cut by the time limit (as opposed to ended by the rules). */
  readonly truncated: boolean;
  /** False when a group filter (DAPO's dynamic sampling, difficulty) dropped the episode. */
  readonly kept: boolean;
  /** Its discounted return (minus the KL penalty where the estimator puts it in the reward). */
  readonly return: number;
  /** The first MAX_EXPLAINED_STEPS steps. */
  readonly steps: readonly ExplainedStep[];
  readonly hiddenSteps: number;
}

export interface ExplainedStep {
  readonly state: number;
  readonly action: number;
  readonly reward: number;
  /** pi_old(a_t | s_t): the probability with which the action was sampled. */
  readonly probability: number;
  /** Return target, baseline and advantage before normalisation (target - baseline). */
  readonly target: number;
  readonly baseline: number;
  readonly unnormalisedAdvantage: number;
  /** The advantage the surrogate used. */
  readonly advantage: number;
  /** Aggregation weight w_t of the step in the loss sum_t w_t l_t (0 = not in the update). */
  readonly weight: number;
}

export interface ExplainedPass {
  readonly epoch: number;
  /** Episodes of the minibatch (all of them with one minibatch per epoch). */
  readonly episodes: readonly number[];
  readonly loss: number;
  /** The policy-gradient estimate g = -dL/dz over the logits [S * A], before clipping. */
  readonly gradient: readonly number[];
  /** g after clipping by global norm: what the optimiser stepped with (equal when not clipped). */
  readonly clippedGradient: readonly number[];
  readonly gradNorm: number;
  readonly clipped: boolean;
}

/** Size caps: a projected table stays readable, and the message stays small. */
export const MAX_EXPLAINED_EPISODES = 64;
export const MAX_EXPLAINED_STEPS = 100;
export const MAX_EXPLAINED_PASSES = 32;

/**
 * Why an update cannot be explained for a run, or '' if it can: the trainer's check, also made
 * by the coordinator of several workers (workers/shards.ts) before any worker runs the update.
 * `run` is the run's label and status, if known.
 */
export function explanationProblem(
  policyKind: string,
  run?: {
    readonly label: string;
    readonly status: string;
    readonly divergedAt: number;
    readonly reason: string;
  },
): string {
  if (policyKind !== 'tabular')
    return `a step-by-step explanation needs a tabular policy; this experiment uses ${policyKind}`;
  if (run && run.status !== 'training')
    return `run ${run.label} stopped at update ${run.divergedAt}: ${run.reason}`;
  return '';
}

/** What the trainer collects while it runs an explained update. */
export interface ExplanationCapture {
  readonly run: number;
  readonly logitsBefore: Float64Array;
  trace: AdvantageTrace | null;
  plan: AdvantagePlan | null;
  readonly recorder: GradientRecorder;
}

export function startCapture(run: number, logitsBefore: ArrayLike<number>): ExplanationCapture {
  return {
    run,
    logitsBefore: Float64Array.from(logitsBefore),
    trace: null,
    plan: null,
    recorder: { run, maxPasses: MAX_EXPLAINED_PASSES, passes: [], totalPasses: 0 },
  };
}

/** Labels of a tabular env's states and actions, in the words the env views use. */
export function tabularLabels(env: VecEnv): { states: string[]; actions: string[] } {
  const count = (n: number, name: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => name(i));
  if (env instanceof GridWorldEnv) {
    const cols = env.map.rows[0].length;
    const arrows: Record<string, string> = { L: '←', D: '↓', R: '→', U: '↑' };
    return {
      states: count(env.numStates, (s) => `row ${Math.floor(s / cols) + 1}, col ${(s % cols) + 1}`),
      actions: count(env.numActions, (a) => arrows[env.map.actions[a]] ?? `action ${a}`),
    };
  }
  if (env.family === 'bandit' || env.family === 'bandit-two-reward')
    return {
      states: count(env.numStates, (s) => (env.numStates === 1 ? 'the bandit' : `task ${s + 1}`)),
      actions: count(env.numActions, (a) => `arm ${a + 1}`),
    };
  return {
    states: count(env.numStates, (s) => `state ${s}`),
    actions: count(env.numActions, (a) => `action ${a}`),
  };
}

/** pi[s * A + a] of a logits table. */
export function softmaxTable(logits: ArrayLike<number>, S: number, A: number): number[] {
  return Array.from(tabularLogPolicy(logits, S, A), Math.exp);
}

/** The settings that decide the numbers of the explained update, as name = value. */
export function keySettings(spec: EstimatorSpec): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const add = (name: string, value: string | number | boolean) =>
    out.push({ name, value: String(value) });
  add('return target', spec.returnTarget);
  add('γ', spec.gamma);
  if (spec.returnTarget === 'gae') add('λ', spec.gaeLambda);
  add('baseline', spec.baseline);
  if (spec.baseline === 'ema') add('EMA rate κ', spec.emaRate);
  add('normalisation', spec.normalisation);
  if (['group-std', 'decoupled', 'stratified'].includes(spec.normalisation)) {
    add('std ddof', spec.stdDdof);
    add('ε', spec.stdEps);
  }
  if (spec.normalisation === 'batch-std') add('ε', spec.batchStdEps);
  if (spec.selection !== 'none') add('selection', spec.selection);
  if (spec.dropZeroVariance) add('drop zero-variance groups', true);
  add('surrogate', spec.surrogate);
  if (spec.surrogate === 'ppo-clip') add('clip ε low / high', `${spec.clipLow} / ${spec.clipHigh}`);
  add('aggregation', spec.aggregation);
  if (spec.epochs > 1 || spec.minibatches > 1)
    add('epochs × minibatches', `${spec.epochs} × ${spec.minibatches}`);
  if (spec.entropyCoef > 0) add('entropy coefficient', spec.entropyCoef);
  if (spec.klCoef > 0) add(`KL β (${spec.klEstimator}, in the ${spec.klPlacement})`, spec.klCoef);
  add('optimiser', spec.optimizer);
  add('learning rate η', spec.learningRate);
  add('max gradient norm', spec.maxGradNorm > 0 ? spec.maxGradNorm : 'off');
  return out;
}

/** How many leading episodes to show: whole groups, at most MAX_EXPLAINED_EPISODES. */
export function shownEpisodeCount(numEpisodes: number, groupSize: number): number {
  const cap = Math.min(numEpisodes, MAX_EXPLAINED_EPISODES);
  return groupSize <= cap ? Math.floor(cap / groupSize) * groupSize : cap;
}

export interface ExplanationResult {
  readonly update: number;
  readonly logitsAfter: ArrayLike<number>;
  readonly labels: { readonly states: readonly string[]; readonly actions: readonly string[] };
  readonly diverged: string;
}

/** Assemble the explanation of run `capture.run`'s update from what the update recorded. */
export function buildUpdateExplanation(
  run: RunState,
  capture: ExplanationCapture,
  result: ExplanationResult,
  numStates: number,
  numActions: number,
): UpdateExplanation {
  const b = run.buffer;
  const T = b.maxSteps;
  const G = b.groupSize;
  const { plan, trace } = capture;
  if (!plan || !trace)
    throw new Error(
      `run ${run.config.label}: no advantages to explain (${run.divergedReason || 'not computed'})`,
    );
  const shown = shownEpisodeCount(b.numEpisodes, G);
  const episodes: ExplainedEpisode[] = [];
  let normalised = false;
  const visited = new Set<number>();
  for (let e = 0; e < b.numEpisodes; e++) {
    for (let t = 0; t < b.lengths[e]; t++) {
      const i = e * T + t;
      visited.add(b.states[i]);
      // Float32 storage: compare the advantages at float32 precision.
      if (Math.abs(plan.advantages[i] - Math.fround(trace.unnormalised[i])) > 1e-6)
        normalised = true;
    }
  }
  for (let e = 0; e < shown; e++) {
    const steps: ExplainedStep[] = [];
    const shownSteps = Math.min(b.lengths[e], MAX_EXPLAINED_STEPS);
    for (let t = 0; t < shownSteps; t++) {
      const i = e * T + t;
      steps.push({
        state: b.states[i],
        action: b.actions[i],
        reward: b.rewards[i],
        probability: Math.exp(b.logp[i]),
        target: trace.target[i],
        baseline: trace.baseline[i],
        unnormalisedAdvantage: trace.unnormalised[i],
        advantage: plan.advantages[i],
        weight: plan.stepWeights[i],
      });
    }
    episodes.push({
      index: e,
      task: b.taskIds[e],
      group: Math.floor(e / G),
      length: b.lengths[e],
      success: b.success[e] === 1,
      truncated: b.truncated[e] === 1,
      kept: plan.keep[e] === 1,
      return: plan.episodeReturns[e],
      steps,
      hiddenSteps: b.lengths[e] - shownSteps,
    });
  }
  const rec = capture.recorder;
  const negate = (g: Float64Array) => Array.from(g, (x) => (x === 0 ? 0 : -x));
  const preset = run.spec.preset;
  return {
    runId: run.config.id,
    runLabel: run.config.label,
    runIndex: run.index,
    update: result.update,
    estimator: {
      preset,
      label: isPresetName(preset) ? PRESET_LABELS[preset] : preset,
      spec: run.spec,
      settings: keySettings(run.spec),
    },
    numStates,
    numActions,
    stateLabels: result.labels.states,
    actionLabels: result.labels.actions,
    groupSize: G,
    totalEpisodes: b.numEpisodes,
    episodes,
    hiddenEpisodes: b.numEpisodes - shown,
    advantagesNormalised: normalised,
    passes: rec.passes.map((p) => ({
      epoch: p.epoch,
      episodes: Array.from(p.episodes),
      loss: p.loss,
      gradient: negate(p.lossGradient),
      clippedGradient: negate(p.clippedLossGradient),
      gradNorm: p.gradNorm,
      clipped: p.clippedLossGradient.some((g, i) => g !== p.lossGradient[i]),
    })),
    hiddenPasses: rec.totalPasses - rec.passes.length,
    visitedStates: [...visited].sort((x, y) => x - y),
    logitsBefore: Array.from(capture.logitsBefore),
    logitsAfter: Array.from(result.logitsAfter),
    policyBefore: softmaxTable(capture.logitsBefore, numStates, numActions),
    policyAfter: softmaxTable(result.logitsAfter, numStates, numActions),
    diverged: result.diverged,
  };
}

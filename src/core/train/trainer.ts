import {
  computeAdvantages,
  createEstimatorState,
  type AdvantageInputs,
  type AdvantagePlan,
} from '../estimators/advantages';
import { trackerTaskWeights } from '../estimators/baselines/tracker';
import { estimatorNeeds } from '../estimators/needs';
import { resolveEstimator } from '../estimators/presets';
import { banditExact, gridModel, policyGradient, type GridModel } from '../envs/exact';
import { GridWorldEnv, type GridMap } from '../envs/gridworld';
import { distinctAdvantagesPerGroup } from '../metrics/distinctAdvantages';
import { taskWeights, type TaskWeights } from '../metrics/taskWeights';
import {
  advantageRms,
  histogram,
  poolAdvantageBins,
  type HistogramBins,
} from '../metrics/advantages';
import { goodArmCoverage } from '../metrics/coverage';
import { exactGradientDistance } from '../metrics/exactGradient';
import { tabularGradientStatistics } from '../metrics/gradientVariance';
import { banditArmMeans, createEnv, observationGrid, validateEnvConfig } from '../envs/registry';
import type { VecEnv } from '../envs/types';
import { Rng } from '../rng';
import {
  DEFAULT_MAX_STEPS,
  MAX_TRAINING_RUNS,
  HISTOGRAM_BINS,
  HISTOGRAM_WIDTH,
  METRIC,
  NUM_METRICS,
  runEpisodes,
  type RunConfig,
  type TrainConfig,
} from './config';
import { neuralBackend } from './groupedBackend';
import { EpisodeRecorder, type EpisodeTrace } from './episodeTrace';
import { MonteCarloCritic } from './mcCritic';
import { RolloutBuffer } from './rolloutBuffer';
import type { PolicyBackend, PolicyEvaluation, RunState } from './runState';
import { TabularBackend } from './tabularBackend';
import {
  buildUpdateExplanation,
  explanationProblem,
  startCapture,
  tabularLabels,
  type ExplanationCapture,
  type UpdateExplanation,
} from './updateExplanation';

export type { RunState, RunStatus } from './runState';

/** Where copy e's entries are in an evaluation's arrays (its row; see PolicyEvaluation.rowOf). */
function rowOf(ev: PolicyEvaluation, e: number): number {
  return ev.rowOf ? ev.rowOf[e] : e;
}

/** Largest state space for which the trainer reports the full policy table pi[s,a]. */
export const MAX_REPORTED_STATES = 256;
/** Most tasks per run whose advantage weight the trainer reports (the smallest task ids). */
export const MAX_REPORTED_TASKS = 256;

/**
 * How the advantage-histogram bins are chosen when the runs of one experiment are split over
 * several trainers (workers/shards.ts): given this trainer's first-update advantages, one array
 * per run (empty for a run without a batch), resolves to the bins chosen from every trainer's
 * runs pooled in the experiment's run order, or null when no run had a batch yet. Without it, a
 * trainer pools its own runs: the same bins when it holds them all.
 */
export type PoolHistogramBins = (perRun: Float64Array[]) => Promise<HistogramBins | null>;

export class TrainerConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'TrainerConfigError';
  }
}

function probeEnv(config: TrainConfig) {
  try {
    return createEnv(config.env, 1, Rng.fromSeed(0));
  } catch {
    return null;
  }
}

/** Problems with a config, each naming the field and what is allowed (empty if valid). */
export function validateTrainConfig(config: TrainConfig): string[] {
  const problems = validateEnvConfig(config.env);
  const E = config.episodesPerUpdate;
  if (!Number.isInteger(E) || E < 1 || E > 4096)
    problems.push(`episodesPerUpdate must be an integer in [1, 4096], got ${E}`);
  if (config.runs.length < 1 || config.runs.length > MAX_TRAINING_RUNS)
    problems.push(
      `runs: between 1 and ${MAX_TRAINING_RUNS} runs allowed, got ${config.runs.length}`,
    );
  if (
    config.maxEpisodeSteps !== undefined &&
    !(
      Number.isInteger(config.maxEpisodeSteps) &&
      config.maxEpisodeSteps >= 1 &&
      config.maxEpisodeSteps <= 10000
    )
  )
    problems.push(
      `maxEpisodeSteps must be an integer in [1, 10000], got ${config.maxEpisodeSteps}`,
    );
  const env = problems.length ? null : probeEnv(config);
  const tabular = config.policy.kind === 'tabular';
  if (env && tabular && env.numStates <= 0)
    problems.push(
      `policy: tabular needs an environment with a small state space (bandit, gridworld); ${config.env.family} needs mlp`,
    );
  if (config.policy.kind === 'mlp') {
    const h = config.policy.hidden;
    if (h.length > 4 || h.some((n) => !Number.isInteger(n) || n < 1 || n > 1024))
      problems.push(
        `policy.hidden must be at most 4 layers of 1..1024 units, got [${h.join(', ')}]`,
      );
  }
  config.runs.forEach((run, r) => {
    const where = `runs[${r}] (${run.label})`;
    const G = run.groupSize ?? 1;
    const Er = runEpisodes(config, run);
    if (!Number.isSafeInteger(run.seed))
      problems.push(`${where}: seed must be an integer, got ${run.seed}`);
    if (run.episodesPerUpdate !== undefined && !(Number.isInteger(Er) && Er >= 1 && Er <= 4096))
      problems.push(`${where}: episodesPerUpdate must be an integer in [1, 4096], got ${Er}`);
    if (!Number.isInteger(G) || G < 1 || (Number.isInteger(Er) && Er % G !== 0))
      problems.push(
        `${where}: groupSize must be a whole divisor of the run's episodesPerUpdate (${Er}), got ${G}`,
      );
    try {
      const spec = resolveEstimator(run.preset, run.overrides, {
        groupSize: G,
        tabular,
        numRewardComponents: env?.numRewardComponents,
      });
      const needs = estimatorNeeds(spec);
      if (needs.gradLogpNorms.length && !tabular)
        problems.push(
          `${where}: baseline optimal needs a tabular policy (exact per-episode gradient norms)`,
        );
      if (!tabular && spec.optimizer === 'natural')
        problems.push(`${where}: optimizer natural needs a tabular policy`);
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
  });
  return problems;
}

/**
 * The trainer: rollout -> advantages -> loss -> update -> metrics, for all runs of an experiment
 * at once. Every run collects its `episodesPerUpdate` whole episodes per update (the experiment's,
 * or the run's own: one env copy each; G rollouts per task for group estimators); tabular policies
 * train in plain TypeScript, neural runs as one stacked tfjs program (runs with fewer episodes are
 * padded with masked-out steps).
 */
export class Trainer {
  readonly runs: RunState[];
  readonly numActions: number;
  readonly numStates: number;
  readonly maxSteps: number;
  private readonly backend: PolicyBackend;
  private updates = 0;
  /** [R * NUM_METRICS] metrics of the latest update (NaN for diverged runs). */
  readonly latest: Float64Array;
  /** [R * HISTOGRAM_WIDTH] advantage histogram of the latest update (bins, underflow, overflow). */
  readonly latestHistograms: Float64Array;
  /** Fixed advantage bins, chosen from the first update's pooled advantages of all runs. */
  histogramBins: HistogramBins | null = null;
  /**
   * Per run, mean |A| and success rate of each task in the latest update; null where the env is
   * not a multi-task Bernoulli bandit (the only place the 0/1-reward formulas apply) or the run
   * has stopped.
   */
  readonly latestTaskWeights: (TaskWeights | null)[];
  /** The exact objective's gradient source where the env is small enough (tabular policies). */
  private exact: { kind: 'bandit'; means: number[][] } | { kind: 'grid'; model: GridModel } | null =
    null;
  /** Expected reward of each arm of each task on bandits (for good-arm coverage), else null. */
  private readonly armMeans: number[][] | null;

  constructor(
    readonly config: TrainConfig,
    private readonly poolHistogramBins: PoolHistogramBins | null = null,
  ) {
    const problems = validateTrainConfig(config);
    if (problems.length) throw new TrainerConfigError(problems);
    const tabular = config.policy.kind === 'tabular';
    const probe = probeEnv(config) as VecEnv;
    this.maxSteps = Math.min(
      config.maxEpisodeSteps ?? Infinity,
      probe.maxEpisodeSteps ?? DEFAULT_MAX_STEPS,
    );
    this.numActions = probe.numActions;
    this.numStates = probe.numStates;
    this.runs = config.runs.map((run, index) =>
      this.createRun(run, index, runEpisodes(config, run), tabular),
    );
    this.latest = new Float64Array(this.runs.length * NUM_METRICS).fill(NaN);
    this.latestHistograms = new Float64Array(this.runs.length * HISTOGRAM_WIDTH);
    this.latestTaskWeights = this.runs.map(() => null);
    if (tabular) this.exact = this.exactSource();
    this.armMeans = banditArmMeans(config.env);
    const initRngs = this.runs.map((r) => Rng.fromSeed(r.config.seed).split('init'));
    this.backend = tabular
      ? new TabularBackend(this.runs, this.numStates, this.numActions)
      : neuralBackend(
          this.runs,
          probe.obsSize,
          this.numActions,
          config.policy.kind === 'cnn'
            ? {
                kind: 'cnn',
                conv: config.policy.conv,
                hidden: config.policy.hidden,
                grid: observationGrid(probe) as [number, number, number],
              }
            : { kind: 'mlp', hidden: (config.policy as { hidden: readonly number[] }).hidden },
          initRngs,
        );
  }

  /** A run's envs, buffer and random streams; E = the run's episodes (env copies) per update. */
  private createRun(run: RunConfig, index: number, E: number, tabular: boolean): RunState {
    const root = Rng.fromSeed(run.seed);
    const G = run.groupSize ?? 1;
    const env = createEnv(this.config.env, E, root.split('env'));
    const spec = resolveEstimator(run.preset, run.overrides, {
      groupSize: G,
      tabular,
      numRewardComponents: env.numRewardComponents,
    });
    const greedy = spec.baseline === 'greedy';
    return {
      index,
      config: run,
      spec,
      estimatorState: createEstimatorState(env.numTasks, spec.baseline),
      envConfig: this.config.env,
      env,
      greedyEnv: greedy ? createEnv(this.config.env, E / G, root.split('greedy-env')) : null,
      mcCritic:
        spec.baseline === 'mc-rollouts'
          ? new MonteCarloCritic(
              this.config.env,
              E,
              this.maxSteps,
              spec.mcRollouts,
              spec.mcHorizon,
              spec.gamma,
              root.split('mc-rollouts'),
            )
          : null,
      buffer: new RolloutBuffer(
        E / G,
        G,
        this.maxSteps,
        env.numActions,
        env.numRewardComponents,
        tabular ? 0 : env.obsSize,
        !tabular && env.legalMask !== null,
      ),
      samplingRng: root.split('sampling'),
      taskRng: root.split('tasks'),
      shuffleRng: root.split('shuffle'),
      covarianceRng: root.split('covariance'),
      actions: new Int32Array(E),
      status: 'training',
      divergedAt: -1,
      divergedReason: '',
      envSteps: 0,
      recorder: new EpisodeRecorder(env),
      policyTable:
        env.numStates > 0 && env.numStates <= MAX_REPORTED_STATES
          ? new Float32Array(env.numStates * env.numActions).fill(NaN)
          : null,
    };
  }

  get updateCount(): number {
    return this.updates;
  }

  /** One update of every run still training. Returns metrics [R * NUM_METRICS]. */
  async update(): Promise<Float64Array> {
    return this.runUpdate(null);
  }

  /**
   * Runs the next update exactly as `update()` would (same parameters and metrics after it) and
   * explains what it did for run r: episodes, returns, baselines, advantages, the gradient over
   * the logits and the policy before and after (tabular policies only). Metrics are in `latest`.
   */
  async explainNextUpdate(r: number): Promise<UpdateExplanation> {
    const problem = this.explainProblem(r);
    if (problem) throw new Error(problem);
    const run = this.runs[r];
    const backend = this.backend as TabularBackend;
    const capture = startCapture(r, backend.logits(r));
    await this.runUpdate(capture);
    return buildUpdateExplanation(
      run,
      capture,
      {
        update: this.updates,
        logitsAfter: backend.logits(r),
        labels: tabularLabels(run.env),
        diverged: run.divergedReason,
      },
      this.numStates,
      this.numActions,
    );
  }

  /** Why run r's next update cannot be explained, or '' if it can. */
  explainProblem(r: number): string {
    const kind = this.config.policy.kind;
    if (kind === 'tabular' && !(Number.isInteger(r) && r >= 0 && r < this.runs.length))
      return `run index must be an integer in [0, ${this.runs.length - 1}], got ${r}`;
    const run = this.runs[r];
    return explanationProblem(
      kind,
      run && {
        label: run.config.label,
        status: run.status,
        divergedAt: run.divergedAt,
        reason: run.divergedReason,
      },
    );
  }

  private async runUpdate(capture: ExplanationCapture | null): Promise<Float64Array> {
    await this.rollout();
    const greedyReturns = await this.greedyRollouts();
    const plans: (AdvantagePlan | null)[] = this.runs.map((run) => {
      if (run.status !== 'training') return null;
      try {
        return computeAdvantages(
          run.buffer,
          run.spec,
          run.estimatorState,
          this.advantageInputs(run, greedyReturns[run.index]),
          capture?.run === run.index ? (trace) => (capture.trace = trace) : undefined,
        );
      } catch (e) {
        this.markDiverged(run, `advantages failed: ${(e as Error).message}`);
        return null;
      }
    });
    if (!this.histogramBins) this.histogramBins = await this.chooseHistogramBins(plans);
    this.writeAdvantageHistograms(plans);
    this.writeTaskWeights(plans);
    // Diagnostics of the gradient estimate, under the policy that collected the batch.
    const gradientStats = this.runs.map((run, r) =>
      plans[r] ? this.gradientDiagnostics(run, plans[r] as AdvantagePlan) : null,
    );
    if (capture) capture.plan = plans[capture.run];
    const stats = await this.backend.optimise(this.runs, plans, capture?.recorder);
    this.runs.forEach((run, r) => {
      if (run.status !== 'training') return;
      const plan = plans[r];
      if (stats[r].diverged) return this.markDiverged(run, stats[r].diverged);
      this.writeMetrics(r, plan as AdvantagePlan, stats[r]);
      const g = gradientStats[r];
      const o = r * NUM_METRICS;
      const backendVariance = stats[r].gradientVariance;
      this.latest[o + METRIC.gradVariance] = g?.variance ?? backendVariance?.varianceOfMean ?? NaN;
      this.latest[o + METRIC.gradSnr] = g?.snr ?? backendVariance?.snr ?? NaN;
      this.latest[o + METRIC.gradCosine] = g?.cosine ?? NaN;
      this.latest[o + METRIC.gradSqError] = g?.squaredError ?? NaN;
    });
    this.updates += 1;
    return this.latest;
  }

  private advantageInputs(run: RunState, greedyReturns: Float32Array | null): AdvantageInputs {
    const b = run.buffer;
    const needs = estimatorNeeds(run.spec);
    return {
      values: b.values,
      bootstrapValues: b.bootstrapValues,
      refLogp: b.refLogp,
      greedyReturns: greedyReturns ?? undefined,
      mcValues: run.mcCritic ? run.mcCritic.values() : undefined,
      gradLogpSqNorms:
        needs.gradLogpNorms.length && this.backend.gradLogpSqNorms
          ? this.backend.gradLogpSqNorms(run)
          : undefined,
    };
  }

  /** Draw one task per group (SPO: weighted by sqrt(p(1-p)) + 0.05) and reset every copy. */
  private resetForRollout(run: RunState): void {
    const b = run.buffer;
    b.clear();
    const weights =
      run.spec.baseline === 'tracker' ? trackerTaskWeights(run.estimatorState.tracker) : null;
    for (let e = 0; e < b.numEpisodes; e++) {
      if (e % b.groupSize === 0)
        b.taskIds[e] = weights
          ? run.taskRng.categorical(weights)
          : run.taskRng.int(run.env.numTasks);
      else b.taskIds[e] = b.taskIds[e - 1];
      run.env.reset(e, b.taskIds[e]);
    }
    run.recorder.start();
    run.mcCritic?.clear();
    // ReMax: the greedy copy of each group replays its first rollout's random numbers.
    if (run.greedyEnv)
      for (let k = 0; k < b.numGroups; k++)
        run.greedyEnv.restore(k, run.env.snapshot(k * b.groupSize));
  }

  /** Collect one whole episode per env copy for every run (one policy evaluation per step). */
  private async rollout(): Promise<void> {
    const live = this.runs.filter((r) => r.status === 'training');
    for (const run of live) this.resetForRollout(run);
    const T = this.maxSteps;
    for (let t = 0; t < T; t++) {
      const envs = this.runs.map((r) =>
        r.status === 'training' && r.buffer.active.includes(1) ? r.env : null,
      );
      if (envs.every((e) => e === null)) break;
      const evals = await this.backend.evaluate(
        envs,
        this.runs.map((r) => r.buffer.active),
      );
      this.runs.forEach((run, r) => {
        const ev = evals[r];
        if (!ev || !envs[r]) return;
        run.mcCritic?.record(t, run.env, run.buffer.active);
        this.act(run, ev, t);
        this.stepEnv(run, t);
      });
    }
    // V(s) after the last step, to bootstrap episodes cut by the time limit (GAE).
    if (this.runs.some((r) => r.status === 'training' && estimatorNeeds(r.spec).critic.length)) {
      const evals = await this.backend.evaluate(
        this.runs.map((r) => (r.status === 'training' ? r.env : null)),
      );
      this.runs.forEach((run, r) => {
        const ev = evals[r];
        const values = ev?.values;
        if (!ev || !values) return;
        for (let e = 0; e < run.buffer.numEpisodes; e++)
          run.buffer.bootstrapValues[e] = run.buffer.truncated[e] ? values[rowOf(ev, e)] : 0;
      });
    }
  }

  private act(run: RunState, ev: PolicyEvaluation, t: number): void {
    const b = run.buffer;
    const env = run.env;
    const A = this.numActions;
    const T = this.maxSteps;
    const I = env.obsSize;
    for (let e = 0; e < b.numEpisodes; e++) {
      if (!b.active[e]) continue;
      const row = rowOf(ev, e);
      const o = row * A;
      const a = run.samplingRng.categorical(ev.probs, o, A);
      run.actions[e] = a;
      const k = e * T + t;
      const s = env.numStates > 0 ? env.stateIndex[e] : -1;
      b.states[k] = s;
      b.actions[k] = a;
      b.logp[k] = ev.logProbs ? ev.logProbs[o + a] : Math.log(ev.probs[o + a]);
      if (ev.entropy) b.entropy[k] = ev.entropy[row];
      else {
        let h = 0;
        for (let j = 0; j < A; j++) {
          const p = ev.probs[o + j];
          if (p > 0) h -= p * Math.log(p);
        }
        b.entropy[k] = h;
      }
      if (ev.values) b.values[k] = ev.values[row];
      if (ev.refProbs)
        b.refLogp[k] = ev.refLogProbs
          ? ev.refLogProbs[o + a]
          : Math.log(Math.max(ev.refProbs[o + a], 1e-30));
      if (b.obs) b.obs.set(env.obs.subarray(e * I, (e + 1) * I), k * I);
      if (b.legal && env.legalMask) b.legal.set(env.legalMask.subarray(e * A, (e + 1) * A), k * A);
      if (run.policyTable && s >= 0)
        for (let j = 0; j < A; j++) run.policyTable[s * A + j] = ev.probs[o + j];
    }
  }

  private stepEnv(run: RunState, t: number): void {
    const b = run.buffer;
    const env = run.env;
    const T = this.maxSteps;
    const C = b.numRewardComponents;
    const copy0Running = b.active[0] === 1;
    env.step(run.actions, b.active);
    if (copy0Running) run.recorder.record(t, run.actions[0], t === T - 1);
    for (let e = 0; e < b.numEpisodes; e++) {
      if (!b.active[e]) continue;
      const k = e * T + t;
      b.mask[k] = 1;
      b.rewards[k] = env.rewards[e];
      for (let c = 0; c < C; c++) b.rewardComponents[k * C + c] = env.rewardComponents[e * C + c];
      run.envSteps += 1;
      if (env.terminated[e] || env.truncated[e] || t === T - 1) {
        b.active[e] = 0;
        b.lengths[e] = t + 1;
        b.terminated[e] = env.terminated[e];
        b.truncated[e] = env.terminated[e] ? 0 : 1;
        b.success[e] = env.success[e];
      }
    }
  }

  /**
   * ReMax's greedy baseline: for each group, the return of the argmax-action rollout from the
   * same task, replaying the same environment random numbers (common random numbers).
   */
  private async greedyRollouts(): Promise<(Float32Array | null)[]> {
    const out: (Float32Array | null)[] = this.runs.map(() => null);
    const greedy = this.runs.filter((r) => r.status === 'training' && r.greedyEnv);
    if (!greedy.length) return out;
    const A = this.numActions;
    const state = this.runs.map((run) => {
      if (!greedy.includes(run)) return null;
      const K = (run.greedyEnv as VecEnv).numEnvs;
      return {
        active: new Uint8Array(K).fill(1),
        returns: new Float32Array(K),
        discount: new Float64Array(K).fill(1),
        actions: new Int32Array(K),
      };
    });
    for (let t = 0; t < this.maxSteps; t++) {
      const envs = this.runs.map((run, r) => (state[r]?.active.includes(1) ? run.greedyEnv : null));
      if (envs.every((e) => e === null)) break;
      const evals = await this.backend.evaluate(
        envs,
        state.map((st) => st?.active ?? null),
      );
      this.runs.forEach((run, r) => {
        const st = state[r];
        const ev = evals[r];
        const env = envs[r];
        if (!st || !ev || !env) return;
        for (let k = 0; k < env.numEnvs; k++) {
          const o = rowOf(ev, k) * A;
          let best = 0;
          for (let a = 1; a < A; a++) if (ev.probs[o + a] > ev.probs[o + best]) best = a;
          st.actions[k] = best;
        }
        env.step(st.actions, st.active);
        for (let k = 0; k < env.numEnvs; k++) {
          if (!st.active[k]) continue;
          st.returns[k] += st.discount[k] * env.rewards[k];
          st.discount[k] *= run.spec.gamma;
          if (env.terminated[k] || env.truncated[k] || t === this.maxSteps - 1) st.active[k] = 0;
        }
      });
    }
    state.forEach((st, r) => (out[r] = st ? st.returns : null));
    return out;
  }

  /** Where the exact gradient of J is computable: bandits, and gridworlds up to 64 cells. */
  private exactSource(): Trainer['exact'] {
    const env = this.config.env;
    const means = banditArmMeans(env);
    if (means) return { kind: 'bandit', means };
    if (env.family === 'gridworld') {
      const env0 = this.runs[0].env;
      if (!(env0 instanceof GridWorldEnv) || env0.numStates > 64 || env0.map.timeLimit > 500)
        return null;
      return { kind: 'grid', model: gridModel(env0.map) };
    }
    return null;
  }

  /**
   * Gradient variance and SNR of the vanilla surrogate from per-episode gradients (tabular:
   * all logits), and the distance of the batch estimate to the exact gradient of J (metrics.md).
   */
  private gradientDiagnostics(run: RunState, plan: AdvantagePlan) {
    if (!(this.backend instanceof TabularBackend)) return null;
    const b = run.buffer;
    const logits = this.backend.logits(run.index);
    const { variance: v, estimate } = tabularGradientStatistics(b, plan, logits, this.numStates);
    let cosine = NaN;
    let squaredError = NaN;
    if (this.exact) {
      const exact =
        this.exact.kind === 'bandit'
          ? banditExact(this.exact.means, logits).grad
          : policyGradient(this.exact.model, logits).grad;
      const d = exactGradientDistance(estimate, exact, 'loss');
      cosine = d.cosine;
      squaredError = d.squaredError;
    }
    return { variance: v.varianceOfMean, snr: v.snr, cosine, squaredError };
  }

  /**
   * Bins fixed at the first update with a batch, from the advantages of all runs pooled (robust
   * range, advantages.ts): comparable over time and runs.
   */
  private async chooseHistogramBins(
    plans: readonly (AdvantagePlan | null)[],
  ): Promise<HistogramBins | null> {
    const perRun = plans.map((plan, r) => {
      if (!plan) return new Float64Array(0);
      const mask = this.runs[r].buffer.mask;
      const values: number[] = [];
      for (let i = 0; i < mask.length; i++) if (mask[i]) values.push(plan.advantages[i]);
      return Float64Array.from(values);
    });
    if (this.poolHistogramBins) return this.poolHistogramBins(perRun);
    return poolAdvantageBins(perRun, HISTOGRAM_BINS);
  }

  /** Advantage histogram per run over the fixed bins (left as they are before there are bins). */
  private writeAdvantageHistograms(plans: readonly (AdvantagePlan | null)[]): void {
    if (!this.histogramBins) return;
    plans.forEach((plan, r) => {
      const o = r * HISTOGRAM_WIDTH;
      if (!plan) {
        this.latestHistograms.fill(NaN, o, o + HISTOGRAM_WIDTH);
        return;
      }
      const h = histogram(
        plan.advantages,
        this.histogramBins as HistogramBins,
        this.runs[r].buffer.mask,
      );
      for (let k = 0; k < HISTOGRAM_BINS; k++) this.latestHistograms[o + k] = h.counts[k];
      this.latestHistograms[o + HISTOGRAM_BINS] = h.underflow;
      this.latestHistograms[o + HISTOGRAM_BINS + 1] = h.overflow;
    });
  }

  /** Binary-reward suites only: there the success rate is the mean reward (metrics/taskWeights). */
  private writeTaskWeights(plans: readonly (AdvantagePlan | null)[]): void {
    const env = this.config.env;
    const suite = env.family === 'bandit' && env.params.kind === 'bernoulli';
    plans.forEach((plan, r) => {
      const b = this.runs[r].buffer;
      this.latestTaskWeights[r] =
        suite && plan && this.runs[r].env.numTasks > 1
          ? taskWeights(
              b.taskIds,
              b.rewards,
              plan.advantages,
              b.mask,
              this.maxSteps,
              MAX_REPORTED_TASKS,
            )
          : null;
    });
  }

  private markDiverged(run: RunState, reason: string): void {
    run.status = 'diverged';
    run.divergedAt = this.updates;
    run.divergedReason = reason;
    this.latestTaskWeights[run.index] = null;
    this.latest.fill(NaN, run.index * NUM_METRICS, (run.index + 1) * NUM_METRICS);
  }

  private writeMetrics(
    r: number,
    plan: AdvantagePlan,
    stats: {
      gradNorm: number;
      loss: number;
      approxKl: number;
      clipFracLow: number;
      clipFracHigh: number;
    },
  ): void {
    const run = this.runs[r];
    const b = run.buffer;
    const T = this.maxSteps;
    const E = b.numEpisodes;
    let ret = 0;
    let succ = 0;
    let len = 0;
    let ent = 0;
    let steps = 0;
    for (let e = 0; e < E; e++) {
      succ += b.success[e];
      len += b.lengths[e];
      for (let t = 0; t < b.lengths[e]; t++) {
        ret += b.rewards[e * T + t];
        ent += b.entropy[e * T + t];
        steps += 1;
      }
    }
    const o = r * NUM_METRICS;
    const m = this.latest;
    m[o + METRIC.update] = this.updates + 1;
    m[o + METRIC.envSteps] = run.envSteps;
    m[o + METRIC.meanReturn] = ret / E;
    m[o + METRIC.successRate] = succ / E;
    m[o + METRIC.episodeLength] = len / E;
    m[o + METRIC.entropy] = ent / Math.max(1, steps);
    m[o + METRIC.gradNorm] = stats.gradNorm;
    m[o + METRIC.loss] = stats.loss;
    m[o + METRIC.approxKl] = stats.approxKl;
    m[o + METRIC.clipFracLow] = stats.clipFracLow;
    m[o + METRIC.clipFracHigh] = stats.clipFracHigh;
    m[o + METRIC.zeroAdvantageFraction] = plan.diagnostics.zeroAdvantageFraction;
    // A group of one is trivially 'all equal': the fraction only means something for G >= 2.
    m[o + METRIC.zeroVarianceGroupFraction] =
      b.groupSize > 1 ? plan.diagnostics.zeroVarianceGroupFraction : NaN;
    m[o + METRIC.distinctAdvantagesPerGroup] =
      b.groupSize > 1 ? distinctAdvantagesPerGroup(plan.advantages, T, b.groupSize) : NaN;
    m[o + METRIC.advantageRms] = advantageRms(plan.advantages, b.mask);
    // Bandits only: which good arms the policy (after this update) still samples.
    const table = this.armMeans ? this.policyTable(r) : null;
    m[o + METRIC.goodArmCoverage] =
      this.armMeans && table ? goodArmCoverage(table, this.armMeans) : NaN;
  }

  /** Current pi[s,a] of run r: exact for tabular policies, else the latest seen per state. */
  policyTable(r: number): Float32Array | null {
    if (this.backend.table) return this.backend.table(r);
    return this.runs[r].policyTable;
  }

  /**
   * A teacher edited the gridworld: every run continues on the new map (same size), so the
   * agents adapt live. Estimator state per task restarts when the number of start cells changes.
   */
  setGridMap(map: GridMap): void {
    this.exact = null;
    for (const run of this.runs) {
      for (const env of [run.env, run.greedyEnv]) {
        if (!(env instanceof GridWorldEnv)) throw new Error('the environment is not a gridworld');
        const before = env.numTasks;
        env.setMap(map);
        if (env === run.env && env.numTasks !== before)
          run.estimatorState = createEstimatorState(env.numTasks, run.spec.baseline);
        if (!run.greedyEnv) break;
      }
    }
    if (this.backend instanceof TabularBackend) this.exact = this.exactSource();
  }

  /** The latest complete episode of run r's first env copy (for replays). */
  latestEpisode(r: number): EpisodeTrace | null {
    return this.runs[r].recorder.latest;
  }

  /** Neural parameters (each stacked over runs, flattened), or the tabular logits per run. */
  async parameters(): Promise<Float32Array[]> {
    return this.backend.parameters();
  }

  dispose(): void {
    this.backend.dispose();
  }
}

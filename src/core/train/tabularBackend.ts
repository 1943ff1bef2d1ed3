import type { AdvantagePlan } from '../estimators/advantages';
import { optimizerConfig } from '../estimators/optimisers/config';
import {
  createOptimizerState,
  tabularOptimizerStep,
  type OptimizerState,
} from '../estimators/optimisers/tabular-step';
import { covarianceSelection } from '../estimators/regularisers/covariance';
import { approxKl, clipFractions } from '../metrics/updateSize';
import { tabularGradLogpSqNorms } from '../estimators/tabular/grad-logp-norms';
import { tabularLossGradient } from '../estimators/tabular/gradient';
import { stateVisitation } from '../estimators/tabular/natural';
import { batchStepLogp, tabularLogPolicy } from '../estimators/tabular/softmax';
import type { VecEnv } from '../envs/types';
import { TabularSoftmax } from '../policies/tabularSoftmax';
import { episodeMinibatches, minibatchWeights } from './minibatches';
import {
  emptyStats,
  type GradientRecorder,
  type PolicyBackend,
  type PolicyEvaluation,
  type RunState,
  type RunUpdateStats,
} from './runState';

/**
 * Tabular softmax policies, one logits table per run, in plain TypeScript: exact analytic
 * gradients of every surrogate (estimators/tabular/gradient.ts) and exact optimiser steps
 * (including the natural gradient). A critic, where a run needs one, is a value table V[s]
 * regressed on the plan's critic targets.
 */
export class TabularBackend implements PolicyBackend {
  private readonly policies: TabularSoftmax[];
  private readonly reference: TabularSoftmax[];
  private readonly critics: Float64Array[];
  private readonly optimizerStates: OptimizerState[];
  /**
   * pi(.|s), log pi(.|s) and H(pi(.|s)) of every state, per run, computed once per update: the
   * policy is fixed during a rollout, so each env step only looks rows up (no exp or log per
   * step). Stale after `optimise` changes the logits (`stale[r]`). Unused with legal-action
   * masks, which change the rows per copy.
   */
  private readonly stateTables: PolicyTables[];
  private readonly referenceTables: PolicyTables[];
  /** log max(pi_ref, 1e-30) of every state and action, per run: the rollout's log pi_ref(a|s). */
  private readonly referenceLogProbs: Float64Array[];
  private readonly stale: boolean[];
  /**
   * [E * T] log pi of the batch steps, shared by the runs' loss and KL passes (one at a time,
   * nothing keeps it): a fresh array per pass per run is ~100 KB of allocation.
   */
  private stepLogpBuffer = new Float64Array(0);
  /** Per env (with legal-action masks), the evaluation buffers reused from step to step. */
  private readonly evaluations = new WeakMap<VecEnv, EvaluationBuffers>();

  constructor(
    runs: readonly RunState[],
    private readonly numStates: number,
    private readonly numActions: number,
  ) {
    this.policies = runs.map(() => new TabularSoftmax(numStates, numActions));
    // The reference policy is the initial one (estimators.md: KL to the initial policy).
    this.reference = this.policies.map(
      (p) => new TabularSoftmax(numStates, numActions, Float64Array.from(p.logits)),
    );
    this.critics = runs.map(() => new Float64Array(numStates));
    this.optimizerStates = runs.map(() => createOptimizerState(numStates * numActions));
    this.stateTables = runs.map(() => emptyTables(numStates, numActions));
    this.referenceTables = this.reference.map((ref) => {
      const tables = emptyTables(numStates, numActions);
      fillTables(ref, tables);
      return tables;
    });
    this.referenceLogProbs = this.referenceTables.map((t) =>
      t.probs.map((p) => Math.log(Math.max(p, 1e-30))),
    );
    this.stale = runs.map(() => true);
  }

  async evaluate(envs: readonly (VecEnv | null)[]): Promise<(PolicyEvaluation | null)[]> {
    const A = this.numActions;
    return envs.map((env, r) => {
      if (!env) return null;
      const V = this.critics[r];
      if (env.legalMask) {
        // Legal-action masks change a state's row per copy: computed per copy, into buffers
        // reused from step to step.
        const N = env.numEnvs;
        let ev = this.evaluations.get(env);
        if (!ev) {
          ev = {
            probs: new Float64Array(N * A),
            refProbs: new Float64Array(N * A),
            values: new Float64Array(N),
          };
          this.evaluations.set(env, ev);
        }
        for (let i = 0; i < N; i++) {
          const s = env.stateIndex[i];
          this.policies[r].probs(s, ev.probs.subarray(i * A, (i + 1) * A), env.legalMask, i * A);
          this.reference[r].probs(
            s,
            ev.refProbs.subarray(i * A, (i + 1) * A),
            env.legalMask,
            i * A,
          );
          ev.values[i] = V[s];
        }
        return ev;
      }
      if (this.stale[r]) {
        fillTables(this.policies[r], this.stateTables[r]);
        this.stale[r] = false;
      }
      const tables = this.stateTables[r];
      // The tables themselves, indexed by each copy's state: nothing copied per step.
      return {
        rowOf: env.stateIndex,
        probs: tables.probs,
        logProbs: tables.logProbs,
        entropy: tables.entropy,
        refProbs: this.referenceTables[r].probs,
        refLogProbs: this.referenceLogProbs[r],
        values: V,
      };
    });
  }

  gradLogpSqNorms(run: RunState): Float64Array {
    return tabularGradLogpSqNorms(run.buffer, this.policies[run.index].logits, this.numStates);
  }

  async optimise(
    runs: readonly RunState[],
    plans: readonly (AdvantagePlan | null)[],
    recorder?: GradientRecorder,
  ): Promise<RunUpdateStats[]> {
    return runs.map((run) => {
      const plan = plans[run.index];
      if (run.status !== 'training' || !plan) return emptyStats();
      this.stale[run.index] = true;
      return this.optimiseRun(run, plan, recorder?.run === run.index ? recorder : undefined);
    });
  }

  private optimiseRun(
    run: RunState,
    plan: AdvantagePlan,
    recorder?: GradientRecorder,
  ): RunUpdateStats {
    const { spec, buffer: b } = run;
    const S = this.numStates;
    const A = this.numActions;
    const logits = this.policies[run.index].logits;
    const stats = emptyStats();
    // One minibatch: its weights are the plan's (times 1), no copy needed.
    const weights =
      spec.minibatches === 1 ? plan.stepWeights : new Float32Array(plan.stepWeights.length);
    const optimizer = optimizerConfig(spec);
    // Only the natural gradient reads the state visitation.
    const stateWeights = optimizer.kind === 'natural' ? stateVisitation(b, S) : new Float64Array(S);
    const shape = { numStates: S, numActions: A, stateWeights };
    // Steps the covariance regularisers may select (only they read it).
    let valid: Uint8Array | null = null;
    let lossSum = 0;
    let passes = 0;
    let gradNorm = 0;
    epochs: for (let epoch = 0; epoch < spec.epochs; epoch++) {
      for (const episodes of episodeMinibatches(b.numEpisodes, spec.minibatches, run.shuffleRng)) {
        if (weights !== plan.stepWeights)
          minibatchWeights(plan.stepWeights, episodes, b.maxSteps, spec.minibatches, weights);
        // Covariance regularisers select steps by the current log-probabilities.
        let covMasks: { clipCovMask?: Uint8Array; klCovMask?: Uint8Array } = {};
        if (spec.covRegulariser !== 'none') {
          valid ??= validSteps(b.mask, plan.stepWeights);
          covMasks = covarianceSelection(
            spec,
            plan.advantages,
            batchStepLogp(tabularLogPolicy(logits, S, A), b),
            b.logp,
            valid,
            run.covarianceRng,
          );
        }
        const { clipCovMask, klCovMask } = covMasks;
        const { loss, grad } = tabularLossGradient(b, plan, spec, logits, S, {
          oldLogp: b.logp,
          refLogp: b.refLogp,
          stepWeights: weights,
          clipCovMask,
          klCovMask,
          logpBuffer: this.logpBuffer(b.mask.length),
        });
        if (!Number.isFinite(loss) || grad.some((g) => !Number.isFinite(g))) {
          stats.diverged = `loss or gradient became ${Number.isNaN(loss) ? 'NaN' : 'infinite'}`;
          return stats;
        }
        const unclipped =
          recorder && recorder.passes.length < recorder.maxPasses ? grad.slice() : null;
        gradNorm = tabularOptimizerStep(
          logits,
          grad,
          optimizer,
          this.optimizerStates[run.index],
          shape,
        );
        if (recorder) {
          recorder.totalPasses += 1;
          if (unclipped)
            recorder.passes.push({
              epoch,
              episodes: episodes.slice(),
              loss,
              lossGradient: unclipped,
              // tabularOptimizerStep clipped `grad` in place: this is what it stepped with.
              clippedLossGradient: grad.slice(),
              gradNorm,
            });
        }
        if (logits.some((z) => !Number.isFinite(z))) {
          stats.diverged = 'policy parameters became infinite';
          return stats;
        }
        lossSum += loss;
        passes += 1;
      }
      // Spinning Up's early stop: no more epochs once the policy moved too far from pi_old.
      if (spec.targetKl > 0 && this.klAndClip(run, plan).approxKl > 1.5 * spec.targetKl)
        break epochs;
    }
    if (plan.criticTargets) this.fitCritic(run, plan.criticTargets);
    const { approxKl, clipFracLow, clipFracHigh } = this.klAndClip(run, plan);
    stats.gradNorm = gradNorm;
    stats.loss = lossSum / Math.max(1, passes);
    stats.approxKl = approxKl;
    stats.clipFracLow = clipFracLow;
    stats.clipFracHigh = clipFracHigh;
    return stats;
  }

  /** approx KL(pi_old || pi) (CleanRL's k3) and the active clip fractions, under the current logits. */
  private klAndClip(run: RunState, plan: AdvantagePlan) {
    const b = run.buffer;
    const A = this.numActions;
    const now = batchStepLogp(
      tabularLogPolicy(this.policies[run.index].logits, this.numStates, A),
      b,
      this.logpBuffer(b.mask.length),
    );
    const clip = clipFractions(
      b.logp,
      now,
      b.mask,
      run.spec.clipLow,
      run.spec.clipHigh,
      plan.advantages,
    );
    return {
      approxKl: approxKl(b.logp, now, b.mask).approxKl,
      clipFracLow: clip.activeLow,
      clipFracHigh: clip.activeHigh,
    };
  }

  /** V[s] <- V[s] - lr * valueCoef * mean over visits of (V[s] - target), once per epoch. */
  private fitCritic(run: RunState, targets: Float32Array): void {
    const b = run.buffer;
    const V = this.critics[run.index];
    const sum = new Float64Array(this.numStates);
    const count = new Float64Array(this.numStates);
    for (let epoch = 0; epoch < run.spec.epochs; epoch++) {
      sum.fill(0);
      count.fill(0);
      for (let i = 0; i < b.mask.length; i++) {
        if (!b.mask[i]) continue;
        sum[b.states[i]] += V[b.states[i]] - targets[i];
        count[b.states[i]] += 1;
      }
      // A step size of 0.5 per state (an average over its visits) converges for any learning rate
      // the policy uses; the critic of a table needs no tuning.
      for (let s = 0; s < V.length; s++) if (count[s] > 0) V[s] -= 0.5 * (sum[s] / count[s]);
    }
  }

  private logpBuffer(length: number): Float64Array {
    if (this.stepLogpBuffer.length !== length) this.stepLogpBuffer = new Float64Array(length);
    return this.stepLogpBuffer;
  }

  /** Run r's logits table (live: read it before optimise for the collecting policy). */
  logits(r: number): Float64Array {
    return this.policies[r].logits;
  }

  table(r: number): Float32Array {
    return this.policies[r].table();
  }

  async parameters(): Promise<Float32Array[]> {
    return this.policies.map((p) => Float32Array.from(p.logits));
  }

  dispose(): void {}
}

/** 1 where a step is real and weighted (the steps the covariance regularisers choose from). */
function validSteps(mask: Uint8Array, stepWeights: Float32Array): Uint8Array {
  const valid = new Uint8Array(mask.length);
  for (let i = 0; i < valid.length; i++) valid[i] = mask[i] && stepWeights[i] !== 0 ? 1 : 0;
  return valid;
}

interface EvaluationBuffers {
  readonly probs: Float64Array;
  readonly refProbs: Float64Array;
  readonly values: Float64Array;
}

interface PolicyTables {
  readonly probs: Float64Array;
  readonly logProbs: Float64Array;
  readonly entropy: Float64Array;
}

function emptyTables(S: number, A: number): PolicyTables {
  return {
    probs: new Float64Array(S * A),
    logProbs: new Float64Array(S * A),
    entropy: new Float64Array(S),
  };
}

/** pi, log pi (log 0 = -Infinity) and the entropy of every state's row. */
function fillTables(policy: TabularSoftmax, out: PolicyTables): void {
  const A = policy.numActions;
  for (let s = 0; s < policy.numStates; s++) {
    const row = out.probs.subarray(s * A, (s + 1) * A);
    policy.probs(s, row);
    let h = 0;
    for (let a = 0; a < A; a++) {
      const logp = Math.log(row[a]);
      out.logProbs[s * A + a] = logp;
      if (row[a] > 0) h -= row[a] * logp;
    }
    out.entropy[s] = h;
  }
}

import { validateBanditParams, type BanditParams } from '../envs/bandit';
import { banditExact, gridModel, policyGradient, softmaxRows, stepValues } from '../envs/exact';
import { compileGridMap, validateGridMap, type GridMap } from '../envs/gridworld';
import { validateMicroscopeBandit, type MicroscopeBandit } from './banditBatches';
import type { FrozenPolicyTruth } from './estimatorGradient';

/**
 * What the microscope looks at: a tabular problem whose exact policy gradient is known.
 * - `bandit`: one task, K arms (the closed forms of banditTheory apply);
 * - `bandit-suite`: several tasks with a policy per task (the tabular policy on the task state),
 *   J the mean over tasks, as the trainer's tabular policy sees a multi-task bandit;
 * - `gridworld`: any map (FrozenLake, CliffWalking, custom). J is the expected undiscounted
 *   return within the map's time limit, its gradient exact by the policy gradient theorem
 *   (exact.ts, policyGradient). Maps of up to 16 x 16 cells are small enough for that.
 */
export type MicroscopeProblem =
  | { readonly family: 'bandit'; readonly bandit: MicroscopeBandit }
  | { readonly family: 'bandit-suite'; readonly params: BanditParams }
  | { readonly family: 'gridworld'; readonly map: GridMap };

/** Longest episode the microscope samples (the trainer caps episodes at 500 steps too). */
export const MICROSCOPE_MAX_STEPS = 500;

/** Size of the tabular policy: [numStates * numActions] logits. */
export interface ProblemShape {
  readonly numStates: number;
  readonly numActions: number;
  /** Steps of the longest episode (1 for bandits). */
  readonly maxSteps: number;
  readonly numTasks: number;
}

/** Every problem of the problem, each a full sentence naming the field; [] when valid. */
export function validateProblem(p: MicroscopeProblem): string[] {
  switch (p.family) {
    case 'bandit':
      return validateMicroscopeBandit(p.bandit);
    case 'bandit-suite':
      return validateBanditParams(p.params);
    case 'gridworld': {
      const problems = validateGridMap(p.map);
      if (!problems.length && p.map.timeLimit > MICROSCOPE_MAX_STEPS)
        problems.push(
          `the map's time limit is ${p.map.timeLimit} steps; the microscope samples episodes of at most ${MICROSCOPE_MAX_STEPS}`,
        );
      return problems;
    }
    default:
      return [`unknown problem family ${(p as { family: string }).family}`];
  }
}

export function problemShape(p: MicroscopeProblem): ProblemShape {
  switch (p.family) {
    case 'bandit':
      return { numStates: 1, numActions: p.bandit.means.length, maxSteps: 1, numTasks: 1 };
    case 'bandit-suite': {
      const T = p.params.means.length;
      return { numStates: T, numActions: p.params.means[0].length, maxSteps: 1, numTasks: T };
    }
    case 'gridworld': {
      const g = compileGridMap(p.map);
      return {
        numStates: g.numCells,
        numActions: 4,
        maxSteps: p.map.timeLimit,
        numTasks: g.starts.length,
      };
    }
  }
}

/**
 * The ground truth of a frozen tabular policy (logits z, [S * A]) on a problem:
 * - J and grad_z J, exact (undiscounted, as the playground's exact-gradient metrics use);
 * - what a stateful or learned baseline settles on when the policy never changes, under the
 *   estimator's discount gamma: the task values (the fixed point of a per-task EMA of returns)
 *   and the per-step values V_t(s_t) of a perfect critic.
 */
export interface ProblemTruth extends FrozenPolicyTruth {
  readonly shape: ProblemShape;
  /** [S * A] pi(a | s). */
  readonly pi: Float64Array;
  readonly J: number;
  readonly exact: Float64Array;
}

export function problemTruth(p: MicroscopeProblem, logits: ArrayLike<number>): ProblemTruth {
  const shape = problemShape(p);
  const A = shape.numActions;
  const pi = softmaxRows(logits, A);
  if (p.family !== 'gridworld') {
    const means = p.family === 'bandit' ? [p.bandit.means] : p.params.means;
    const { J, perTask, grad } = banditExact(means, logits);
    return {
      shape,
      numStates: shape.numStates,
      pi,
      J,
      exact: grad,
      taskValues: () => Float64Array.from(perTask),
      // One step per episode: V(s_0) is the task's value.
      criticValues: (batch) => Float64Array.from(batch.taskIds, (k) => perTask[k]),
    };
  }
  const model = gridModel(p.map);
  const H = p.map.timeLimit;
  const starts = compileGridMap(p.map).starts;
  const { J, grad } = policyGradient(model, logits);
  const tables = new Map<number, Float64Array>();
  const table = (gamma: number) => {
    let t = tables.get(gamma);
    if (!t) tables.set(gamma, (t = stepValues(model, pi, H, gamma)));
    return t;
  };
  const S = shape.numStates;
  return {
    shape,
    numStates: S,
    pi,
    J,
    exact: grad,
    taskValues: (gamma) => Float64Array.from(starts, (s) => table(gamma)[s]),
    criticValues: (batch, gamma) => {
      const V = table(gamma);
      const T = batch.maxSteps;
      const out = new Float64Array(batch.numEpisodes * T);
      for (let e = 0; e < batch.numEpisodes; e++)
        for (let t = 0; t < Math.min(batch.lengths[e], H); t++)
          out[e * T + t] = V[t * S + batch.states[e * T + t]];
      return out;
    },
  };
}

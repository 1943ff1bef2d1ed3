import { estimatorNeeds } from '../estimators/needs';
import { resolveEstimator } from '../estimators/presets';
import type { EstimatorOverrides, EstimatorSpec } from '../estimators/spec';
import { Rng } from '../rng';
import { BanditBatchSampler } from './banditBatches';
import { estimatorTheory, type EstimatorTheory } from './banditTheory';
import { cloudStatistics, type CloudStatistics } from './cloudStatistics';
import { EpisodeBatchSampler } from './episodeBatches';
import { estimatorGradient, unsupportedByMicroscope } from './estimatorGradient';
import {
  problemShape,
  problemTruth,
  validateProblem,
  type MicroscopeProblem,
  type ProblemShape,
} from './problem';

/**
 * The estimator microscope (issue 8): freeze a tabular softmax policy on a tabular problem (a
 * bandit, a multi-task bandit or a gridworld: problem.ts), draw M independent batches of N
 * episodes (groups of G), compute each chosen estimator's gradient on every batch, and compare
 * the cloud of M estimates with the exact gradient grad J: bias, variance, mean squared error,
 * with standard errors. On a one-task bandit, closed forms (banditTheory) are shown beside them.
 *
 * All estimators see the same M batches (common random numbers), so the differences between
 * them are the estimators', not the sampling's. Batch m draws from `Rng.fromSeed(seed)`'s
 * streams only, so a seed fixes every number.
 */
export interface MicroscopeEstimator {
  /** Key of the estimator in the results (e.g. the preset name). */
  readonly id: string;
  readonly preset: string;
  readonly overrides?: EstimatorOverrides;
}

export interface MicroscopeConfig {
  readonly problem: MicroscopeProblem;
  /** [numStates * numActions] logits of the frozen policy (a bandit: one per arm). */
  readonly logits: readonly number[];
  readonly estimators: readonly MicroscopeEstimator[];
  /** Episodes (a bandit: pulls) per batch N, a multiple of the group size. */
  readonly batchSize: number;
  /** Episodes per group G (one task per group). */
  readonly groupSize: number;
  /** Number of independent batches M. */
  readonly batches: number;
  readonly seed: number;
}

/** Limits that keep one look at most a second or so on a slow machine. */
export const MICROSCOPE_LIMITS = {
  maxBatchSize: 4096,
  minBatches: 2,
  maxBatches: 5000,
  /** N times the longest episode: the batch buffers' size. */
  maxBatchSteps: 262144,
} as const;

export type EstimatorLook =
  | {
      readonly id: string;
      /** [M * P] the M gradient estimates (ascent direction, d J / d logits; P = S * A). */
      readonly estimates: Float64Array;
      readonly stats: CloudStatistics;
      readonly theory: EstimatorTheory;
      readonly error?: undefined;
    }
  | { readonly id: string; readonly error: string };

export interface MicroscopeResult {
  readonly shape: ProblemShape;
  /** [S * A] pi(a | s). */
  readonly pi: Float64Array;
  readonly J: number;
  /** grad J with respect to the logits (exact). */
  readonly exact: Float64Array;
  readonly estimators: readonly EstimatorLook[];
}

/** Every problem of the shared settings (not of single estimators), each a full sentence. */
export function validateMicroscopeConfig(c: MicroscopeConfig): string[] {
  const p = validateProblem(c.problem);
  if (p.length) return p;
  const shape = problemShape(c.problem);
  const P = shape.numStates * shape.numActions;
  if (c.logits.length !== P)
    p.push(
      c.problem.family === 'bandit'
        ? `the policy has ${c.logits.length} logits but the bandit has ${P} arms`
        : `the policy has ${c.logits.length} logits but the problem needs ${P} (${shape.numStates} states x ${shape.numActions} actions)`,
    );
  if (c.logits.some((z) => !Number.isFinite(z))) p.push('every logit must be a finite number');
  const { maxBatchSize, minBatches, maxBatches, maxBatchSteps } = MICROSCOPE_LIMITS;
  if (!Number.isInteger(c.groupSize) || c.groupSize < 1)
    p.push(`group size must be a whole number >= 1, got ${c.groupSize}`);
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1 || c.batchSize > maxBatchSize)
    p.push(`batch size must be a whole number from 1 to ${maxBatchSize}, got ${c.batchSize}`);
  else if (Number.isInteger(c.groupSize) && c.groupSize >= 1 && c.batchSize % c.groupSize !== 0)
    p.push(`batch size must be a multiple of the group size ${c.groupSize}, got ${c.batchSize}`);
  if (!Number.isInteger(c.batches) || c.batches < minBatches || c.batches > maxBatches)
    p.push(
      `number of batches M must be a whole number from ${minBatches} to ${maxBatches}, got ${c.batches}`,
    );
  else if (c.batchSize * shape.maxSteps > maxBatchSteps)
    p.push(
      `batch size times the episode length (${c.batchSize} x ${shape.maxSteps}) must be at most ${maxBatchSteps}; use at most ${Math.floor(maxBatchSteps / shape.maxSteps)} episodes`,
    );
  if (!Number.isSafeInteger(c.seed)) p.push(`seed must be a whole number, got ${c.seed}`);
  return p;
}

/** Resolve one estimator for this group size, or say why it cannot be looked at. */
function resolveForMicroscope(e: MicroscopeEstimator, G: number): EstimatorSpec | string {
  try {
    const spec = resolveEstimator(e.preset, e.overrides, {
      groupSize: G,
      tabular: true,
      numRewardComponents: 1,
    });
    return unsupportedByMicroscope(spec) ?? spec;
  } catch (err) {
    return (err as Error).message;
  }
}

export function runMicroscope(c: MicroscopeConfig): MicroscopeResult {
  const problems = validateMicroscopeConfig(c);
  if (problems.length) throw new Error(problems.join('; '));
  const M = c.batches;
  const truth = problemTruth(c.problem, c.logits);
  const { pi, J, exact, shape } = truth;
  const K = exact.length;
  const specs = c.estimators.map((e) => resolveForMicroscope(e, c.groupSize));
  const estimates = specs.map((s) => (typeof s === 'string' ? null : new Float64Array(M * K)));
  const root = Rng.fromSeed(c.seed);
  const greedy = specs.some(
    (s) => typeof s !== 'string' && estimatorNeeds(s).greedyRollouts.length,
  );
  const sampler =
    c.problem.family === 'bandit'
      ? new BanditBatchSampler(c.problem.bandit, pi, c.batchSize, c.groupSize, root, greedy)
      : new EpisodeBatchSampler(c.problem, pi, c.batchSize, c.groupSize, root, greedy);
  const covRng = root.split('covariance');
  for (let m = 0; m < M; m++) {
    const { batch, greedyReturns } = sampler.next();
    specs.forEach((spec, i) => {
      const out = estimates[i];
      if (typeof spec === 'string' || !out) return;
      out.set(estimatorGradient(spec, batch, greedyReturns, c.logits, truth, covRng), m * K);
    });
  }
  const bandit = c.problem.family === 'bandit' ? c.problem.bandit : null;
  return {
    shape,
    pi,
    J,
    exact,
    estimators: c.estimators.map((e, i): EstimatorLook => {
      const spec = specs[i];
      const est = estimates[i];
      if (typeof spec === 'string' || !est) return { id: e.id, error: spec as string };
      return {
        id: e.id,
        estimates: est,
        stats: cloudStatistics(est, M, exact),
        theory: bandit
          ? estimatorTheory(spec, bandit, pi, c.batchSize, c.groupSize)
          : { scale: null, variance: null },
      };
    }),
  };
}

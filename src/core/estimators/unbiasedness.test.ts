import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { computeAdvantages, createEstimatorState, type EstimatorState } from './advantages';
import { makeRolloutBatch } from './batch';
import { resolveEstimator } from './presets';
import type { EstimatorSpec } from './spec';
import { tabularLossGradient } from './tabular/gradient';
import { tabularLogPolicy } from './tabular/softmax';

/**
 * Bias check on a 3-armed Bernoulli bandit with known means: J = sum_a pi(a) mu(a) and the exact
 * gradient w.r.t. the logits is grad J = pi * (mu - J). Each trial draws one group of G = 4 pulls
 * and computes each estimator's gradient (minus the loss gradient); the trial mean must match
 * its theoretical expectation within 4.5 standard errors per coordinate (fixed seed).
 *
 * Unbiased by construction: REINFORCE (b = 0), a fixed baseline, the EMA baseline (b depends only
 * on earlier batches), leave-one-out (b_i ignores rollout i).
 * Biased by design:
 * - group mean (Dr. GRPO): b_i contains R_i / G, so E[g] = (G - 1)/G grad J exactly (a shrink);
 * - group std (GRPO): dividing by the group's own std reweights groups; not a scalar multiple of
 *   grad J in general. Theory only guarantees it is an ascent direction here, so we check that it
 *   points the same way (cosine > 0.9) and that it is measurably not grad J.
 */
const mu = [0.2, 0.5, 0.8];
const z = [0.3, -0.2, 0.1];
const G = 4;
const TRIALS = 20000;
const logPi = tabularLogPolicy(z, 1, 3);
const pi = Array.from(logPi, Math.exp);
const J = pi.reduce((s, p, a) => s + p * mu[a], 0);
const exact = pi.map((p, a) => p * (mu[a] - J));

interface Estimator {
  readonly name: string;
  readonly spec: EstimatorSpec;
  readonly state: () => EstimatorState;
  readonly expected: number[];
  sum: number[];
  sumSq: number[];
}

const carried = createEstimatorState(1);
const fixed = (): EstimatorState => {
  const s = createEstimatorState(1);
  s.emaBaseline[0] = 0.4;
  return s;
};
const make = (
  name: string,
  spec: EstimatorSpec,
  state: () => EstimatorState,
  factor = 1,
): Estimator => ({
  name,
  spec,
  state,
  expected: exact.map((g) => g * factor),
  sum: [0, 0, 0],
  sumSq: [0, 0, 0],
});
const estimators = [
  make('REINFORCE', resolveEstimator('reinforce'), () => createEstimatorState(1)),
  make('fixed baseline 0.4', resolveEstimator('reinforce-baseline'), fixed),
  make('EMA baseline', resolveEstimator('reinforce-baseline', { emaRate: 0.2 }), () => carried),
  make(
    'leave-one-out',
    resolveEstimator('rloo', { klCoef: 0, reference: 'none', aggregation: 'token-mean' }),
    () => createEstimatorState(1),
  ),
  make(
    'group mean',
    resolveEstimator('dr-grpo', { surrogate: 'vanilla' }),
    () => createEstimatorState(1),
    (G - 1) / G,
  ),
];
const grpo = {
  spec: resolveEstimator('grpo', { surrogate: 'vanilla' }),
  sum: [0, 0, 0],
  sumSq: [0, 0, 0],
};

const rng = Rng.fromSeed(2024);
for (let trial = 0; trial < TRIALS; trial++) {
  const episodes = Array.from({ length: G }, () => {
    const a = rng.categorical(pi);
    return { rewards: [rng.uniform() < mu[a] ? 1 : 0], actions: [a], logp: [logPi[a]], taskId: 0 };
  });
  const batch = makeRolloutBatch(episodes, G, 3);
  const accumulate = (
    acc: { spec: EstimatorSpec; sum: number[]; sumSq: number[] },
    state: EstimatorState,
  ) => {
    const plan = computeAdvantages(batch, acc.spec, state);
    const { grad } = tabularLossGradient(batch, plan, acc.spec, z, 1);
    for (let a = 0; a < 3; a++) {
      acc.sum[a] -= grad[a];
      acc.sumSq[a] += grad[a] * grad[a];
    }
  };
  for (const est of estimators) accumulate(est, est.state());
  accumulate(grpo, createEstimatorState(1));
}
const stats = (acc: { sum: number[]; sumSq: number[] }) => {
  const mean = acc.sum.map((s) => s / TRIALS);
  const se = acc.sumSq.map((s2, a) => Math.sqrt((s2 / TRIALS - mean[a] ** 2) / TRIALS));
  return { mean, se };
};

describe('gradient estimates on a Bernoulli bandit, averaged over many batches', () => {
  for (const est of estimators)
    it(`${est.name}: mean matches ${est.expected === exact ? 'grad J' : 'its theoretical expectation'}`, () => {
      const { mean, se } = stats(est);
      for (let a = 0; a < 3; a++)
        expect(Math.abs(mean[a] - est.expected[a])).toBeLessThan(4.5 * se[a]);
    });

  it('group mean is biased towards 0 by exactly (G-1)/G, which the test can see', () => {
    const { mean, se } = stats(estimators[4]);
    const far = exact.some((g, a) => Math.abs(mean[a] - g) > 4.5 * se[a]);
    expect(far).toBe(true);
  });

  it('group std (GRPO) is biased but still an ascent direction', () => {
    const { mean, se } = stats(grpo);
    const dot = mean.reduce((s, m, a) => s + m * exact[a], 0);
    const cos = dot / Math.hypot(...mean) / Math.hypot(...exact);
    expect(cos).toBeGreaterThan(0.9);
    expect(exact.some((g, a) => Math.abs(mean[a] - g) > 4.5 * se[a])).toBe(true);
  });
});

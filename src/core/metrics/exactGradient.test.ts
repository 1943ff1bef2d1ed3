import { describe, expect, it } from 'vitest';
import { BanditEnv } from '../envs/bandit';
import { banditExact } from '../envs/exact';
import { computeAdvantages, createEstimatorState } from '../estimators/advantages';
import { makeRolloutBatch } from '../estimators/batch';
import { resolveEstimator } from '../estimators/presets';
import { tabularLossGradient } from '../estimators/tabular/gradient';
import { tabularLogPolicy } from '../estimators/tabular/softmax';
import { Rng } from '../rng';
import { exactGradientDistance } from './exactGradient';

describe('exactGradientDistance', () => {
  it('hand example: ascent estimate vs grad J', () => {
    const d = exactGradientDistance([1, 0], [1, 1], 'ascent');
    expect(d.cosine).toBeCloseTo(Math.SQRT1_2, 12);
    expect(d.squaredError).toBe(1);
    expect(d.estimateNorm).toBe(1);
    expect(d.exactNorm).toBeCloseTo(Math.SQRT2, 12);
  });

  it("sign convention: a loss gradient is -grad J, so 'loss' negates it", () => {
    const gradJ = [0.3, -0.1, 0.2];
    const lossGrad = gradJ.map((x) => -x);
    expect(exactGradientDistance(lossGrad, gradJ, 'loss').cosine).toBeCloseTo(1, 12);
    expect(exactGradientDistance(lossGrad, gradJ, 'loss').squaredError).toBe(0);
    expect(exactGradientDistance(lossGrad, gradJ, 'ascent').cosine).toBeCloseTo(-1, 12);
  });

  it('a zero vector has no direction: cosine NaN', () => {
    expect(exactGradientDistance([0, 0], [1, 0], 'ascent').cosine).toBeNaN();
  });
});

describe('REINFORCE on a 10-armed Bernoulli bandit: cosine to grad J grows with the batch', () => {
  const means = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.35]];
  const K = 10;
  const logits = Float64Array.from({ length: K }, (_, a) => 0.4 * Math.sin(3 * a));
  const logPi = tabularLogPolicy(logits, 1, K);
  const pi = Array.from(logPi, Math.exp);
  const exact = banditExact(means, logits).grad;
  const spec = resolveEstimator('reinforce');
  const rng = Rng.fromSeed(31);
  const TRIALS = 10;

  /** Mean cosine over TRIALS batches of E pulls (REINFORCE loss gradient, sign 'loss'). */
  function meanCosine(E: number): number {
    const env = new BanditEnv({ kind: 'bernoulli', means }, E, rng.split(`env${E}`));
    const actions = new Int32Array(E);
    let sum = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      for (let e = 0; e < E; e++) {
        env.reset(e, 0);
        actions[e] = rng.categorical(pi);
      }
      env.step(actions);
      const batch = makeRolloutBatch(
        Array.from(actions, (a, e) => ({
          rewards: [env.rewards[e]],
          actions: [a],
          logp: [logPi[a]],
        })),
        1,
        K,
      );
      const plan = computeAdvantages(batch, spec, createEstimatorState(E));
      const { grad } = tabularLossGradient(batch, plan, spec, logits, 1);
      sum += exactGradientDistance(grad, exact, 'loss').cosine;
    }
    return sum / TRIALS;
  }

  it('16 < 256 < 4096 pulls, and > 0.95 at 4096', () => {
    const c16 = meanCosine(16);
    const c256 = meanCosine(256);
    const c4096 = meanCosine(4096);
    expect(c16).toBeLessThan(c256);
    expect(c256).toBeLessThan(c4096);
    expect(c4096).toBeGreaterThan(0.95);
  });
});

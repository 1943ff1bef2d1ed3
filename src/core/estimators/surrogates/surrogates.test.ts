import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveEstimator } from '../presets';
import { disposeCoefs, policyLossCoefsTf } from '../tfjs/coefs';
import { policyDiagnosticsTf, policyLossTf } from '../tfjs/policy-loss';
import { mdpoDLogp, mdpoLoss } from './mdpo';
import { ppoClipDLogp, ppoClipLoss } from './ppo-clip';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ppo = { clipLow: 0.2, clipHigh: 0.2, dualClip: 0 };

describe('PPO clip (worked examples of estimators.md)', () => {
  it('A > 0, rho = 1.5, eps = 0.2: uses 1.2 A and has zero gradient', () => {
    const A = 2;
    const logp = Math.log(1.5);
    expect(ppoClipLoss(logp, 0, A, ppo)).toBeCloseTo(-1.2 * A, 12);
    expect(ppoClipDLogp(logp, 0, A, ppo)).toBe(0);
  });

  it('A < 0, rho = 5, dual clip c = 3: loss = -3 A, zero gradient', () => {
    const A = -1;
    const p = { ...ppo, dualClip: 3 };
    expect(ppoClipLoss(Math.log(5), 0, A, p)).toBeCloseTo(-3 * A, 12);
    expect(ppoClipDLogp(Math.log(5), 0, A, p)).toBe(0);
    // without the dual clip the loss grows with rho: -rho A = 5
    expect(ppoClipLoss(Math.log(5), 0, A, ppo)).toBeCloseTo(5, 12);
  });

  it('inside the clip range the gradient is -rho A', () => {
    expect(ppoClipDLogp(Math.log(1.1), 0, 3, ppo)).toBeCloseTo(-3.3, 12);
  });

  it('tfjs gives the same values and zero gradients on both examples', () => {
    // GRPO's surrogate is PPO clip 0.2 without per-minibatch whitening (one step would whiten to 0)
    const specs = [resolveEstimator('grpo'), resolveEstimator('grpo', { dualClip: 3 })];
    const coefs = policyLossCoefsTf(specs);
    const logp = tf.tensor2d([[Math.log(1.5)], [Math.log(5)]]);
    const inputs = (lp: tf.Tensor2D) => ({
      logp: lp,
      oldLogp: tf.zeros([2, 1]) as tf.Tensor2D,
      advantages: tf.tensor2d([[2], [-1]]),
      stepWeights: tf.ones([2, 1]) as tf.Tensor2D,
      mask: tf.ones([2, 1]) as tf.Tensor2D,
    });
    const loss = policyLossTf(inputs(logp), coefs).arraySync();
    expect(loss[0]).toBeCloseTo(-2.4, 5);
    expect(loss[1]).toBeCloseTo(3, 5);
    const g = tf.grad((lp: tf.Tensor) => tf.sum(policyLossTf(inputs(lp as tf.Tensor2D), coefs)))(
      logp,
    );
    expect(Array.from(g.dataSync())).toEqual([0, 0]);
    const d = policyDiagnosticsTf(inputs(logp), coefs);
    expect(Array.from(d.clipFracHigh.dataSync())).toEqual([1, 0]);
    expect(Array.from(d.clipFracLow.dataSync())).toEqual([0, 0]); // rho > 1 with A < 0: not low
    expect(d.approxKl.dataSync()[0]).toBeCloseTo(0.5 - Math.log(1.5), 5);
    disposeCoefs(coefs);
  });
});

describe('MDPO', () => {
  it('at rho = 1 the KL term and its gradient vanish: loss = -A, dl/dlogp = -A', () => {
    expect(mdpoLoss(-0.7, -0.7, 2, 3)).toBeCloseTo(-2, 12);
    expect(mdpoDLogp(-0.7, -0.7, 2, 3)).toBeCloseTo(-2, 12);
  });
  it('the sampled KL term rho log rho - rho + 1 is non-negative', () => {
    for (const d of [-2, -0.5, 0.3, 1.5]) expect(mdpoLoss(d, 0, 0, 1)).toBeGreaterThanOrEqual(0);
  });
});

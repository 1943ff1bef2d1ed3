import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { clipCovSelection, klCovSelection, stepCovariance } from './covariance';
import { klDLogp, klValue } from './kl';
import { valueLossTf } from '../tfjs/value-loss';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('KL estimators k1, k2, k3', () => {
  it('values and derivatives at d = logp - logp_ref = 0.5', () => {
    expect(klValue('k1', 0.5, 0)).toBe(0.5);
    expect(klValue('k2', 0.5, 0)).toBe(0.125);
    expect(klValue('k3', 0.5, 0)).toBeCloseTo(Math.exp(-0.5) + 0.5 - 1, 15);
    expect(klDLogp('k3', 0.5, 0)).toBeCloseTo(1 - Math.exp(-0.5), 15);
    expect(klValue('k3', -0.3, -0.3)).toBe(0);
  });
});

describe('Clip-Cov / KL-Cov selection', () => {
  const A = [2, -2, 1, -1, 0, 3];
  const logp = [-0.1, -2, -0.5, -0.3, -1, -0.2];
  const valid = [1, 1, 1, 1, 1, 0];
  it('covariance is centred over the valid steps only', () => {
    const cov = stepCovariance(A, logp, valid);
    expect(cov[5]).toBe(0);
    expect(cov[0]).toBeCloseTo((-0.1 + 0.78) * 2, 12); // mean logp -0.78, mean A 0
  });
  it('KL-Cov picks the top max(1, floor(ratio * n)) steps by covariance', () => {
    expect(Array.from(klCovSelection(A, logp, valid, 0.4))).toEqual([1, 1, 0, 0, 0, 0]);
    expect(Array.from(klCovSelection(A, logp, valid, 0.01))).toEqual([0, 1, 0, 0, 0, 0]);
  });
  it('Clip-Cov draws a seeded random subset of the steps with cov in (lb, ub)', () => {
    const p = { ratio: 0.4, low: 0.5, high: 5, clipLow: 0.2, clipHigh: 0.2 };
    const a = clipCovSelection(A, logp, logp, valid, p, Rng.fromSeed(1));
    const b = clipCovSelection(A, logp, logp, valid, p, Rng.fromSeed(1));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.reduce((s, x) => s + x, 0)).toBe(2); // floor(0.4 * 5) = 2 of the 2 candidates
    expect(a[0] + a[1]).toBe(2); // cov 1.36 and 2.44 lie in (0.5, 5)
  });
});

describe('critic loss (CleanRL clipped value loss)', () => {
  it('0.5 * vf * mean max(unclipped, clipped)', () => {
    const loss = valueLossTf(
      tf.tensor2d([[1.0, 0.5]]),
      tf.tensor2d([[0.0, 0.5]]),
      tf.tensor2d([[2.0, 0.0]]),
      tf.tensor2d([[1, 1]]),
      tf.tensor2d([[0.5]]),
      tf.tensor2d([[0.2]]),
    );
    // step 0: unclipped (1-2)^2 = 1, clipped (0.2-2)^2 = 3.24; step 1: 0.25 both
    expect(loss.dataSync()[0]).toBeCloseTo((0.5 * 0.5 * (3.24 + 0.25)) / 2, 5);
  });
});

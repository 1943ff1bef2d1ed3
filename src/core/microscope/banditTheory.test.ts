import { describe, expect, it } from 'vitest';
import { resolveEstimator } from '../estimators/presets';
import {
  estimatorTheory,
  fixedBaselineCovariance,
  fixedBaselineVariance,
  groupStdExpectedScale,
} from './banditTheory';

const third = [1 / 3, 1 / 3, 1 / 3];
const onlyArm3Pays = { kind: 'bernoulli', means: [0, 0, 1] } as const;

describe('analytic variance of a fixed-baseline estimator on a bandit', () => {
  it('worked example: uniform pi, only arm 3 pays, b = 0, one pull', () => {
    // grad J = pi*(mu - J) = (-1/9, -1/9, 2/9), |grad J|^2 = 2/27;
    // E|g|^2 = pi_3 mu_3 |e_3 - pi|^2 = (1/3)(2/3) = 2/9; tr Cov = 2/9 - 2/27 = 4/27.
    expect(fixedBaselineVariance(onlyArm3Pays, third, 0, 1)).toBeCloseTo(4 / 27, 14);
  });

  it('a batch of N pulls divides it by N', () => {
    expect(fixedBaselineVariance(onlyArm3Pays, third, 0, 8)).toBeCloseTo(4 / 27 / 8, 14);
  });

  it('baseline b = J lowers it here: E[(R - J)^2 | a] replaces E[R^2 | a]', () => {
    // c_3 = (1 - 1/3)^2 = 4/9 and c_1 = c_2 = 1/9: E|g|^2 = (1/3)(2/3)(4/9 + 1/9 + 1/9) = 4/27,
    // tr Cov = 4/27 - 2/27 = 2/27.
    expect(fixedBaselineVariance(onlyArm3Pays, third, 1 / 3, 1)).toBeCloseTo(2 / 27, 14);
  });

  it('the covariance is symmetric and its rows sum to 0 (gradients stay in sum x = 0)', () => {
    const pi = [0.5, 0.3, 0.2];
    const cov = fixedBaselineCovariance({ kind: 'bernoulli', means: [0.2, 0.5, 0.8] }, pi, 0.1, 1);
    for (let i = 0; i < 3; i++) {
      expect(cov[i * 3] + cov[i * 3 + 1] + cov[i * 3 + 2]).toBeCloseTo(0, 14);
      for (let j = 0; j < 3; j++) expect(cov[i * 3 + j]).toBeCloseTo(cov[j * 3 + i], 14);
    }
  });

  it('Gaussian arms add sd^2 to every E[R^2 | a]', () => {
    const g = { kind: 'gaussian', means: [0, 0, 1], sd: 2 } as const;
    // E|g|^2 gains sd^2 sum_a pi_a |e_a - pi|^2 = 4 (1 - |pi|^2) = 4 (2/3) = 8/3.
    expect(fixedBaselineVariance(g, third, 0, 1)).toBeCloseTo(4 / 27 + 8 / 3, 12);
  });
});

describe("GRPO's expected gradient on a Bernoulli bandit: c grad J", () => {
  it('groups of 2 give c = 1/sqrt(2) whatever J (the only mixed group has p = 1/2)', () => {
    for (const J of [0.1, 0.5, 0.9])
      expect(groupStdExpectedScale(J, 2, 1, 0)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('large groups approach 1 / sqrt(J (1 - J)): 2 at J = 0.5, 3.33 at J = 0.1', () => {
    expect(groupStdExpectedScale(0.5, 2000, 1, 0)).toBeCloseTo(2, 2);
    expect(groupStdExpectedScale(0.1, 2000, 1, 0)).toBeCloseTo(1 / Math.sqrt(0.09), 2);
  });

  it('no signal when every group is all-equal (J = 0 or 1)', () => {
    expect(groupStdExpectedScale(0, 8, 1, 1e-4)).toBe(0);
    expect(groupStdExpectedScale(1, 8, 1, 1e-4)).toBe(0);
  });
});

describe('which presets have a closed form', () => {
  const bandit = { kind: 'bernoulli', means: [0.2, 0.5, 0.8] } as const;
  const pi = [0.5, 0.3, 0.2];
  const theory = (preset: string, overrides = {}) =>
    estimatorTheory(resolveEstimator(preset, overrides), bandit, pi, 8, 4);
  it('REINFORCE: unbiased, with the analytic variance', () => {
    expect(theory('reinforce')).toEqual({
      scale: 1,
      variance: fixedBaselineVariance(bandit, pi, 0, 8),
    });
  });
  it('RLOO: unbiased, variance not in closed form here', () => {
    expect(theory('rloo')).toEqual({ scale: 1, variance: null });
  });
  it('Dr. GRPO: (G-1)/G; a fixed length L = 4 divides by 4 more', () => {
    expect(theory('dr-grpo').scale).toBe(0.75);
    expect(theory('dr-grpo', { aggregationMaxLength: 4 }).scale).toBe(0.75 / 4);
  });
  it('no claim where the spec leaves the closed forms (entropy bonus, PPO batch-std)', () => {
    expect(theory('entropy-pg')).toEqual({ scale: null, variance: null });
    expect(theory('ppo')).toEqual({ scale: null, variance: null });
  });
});

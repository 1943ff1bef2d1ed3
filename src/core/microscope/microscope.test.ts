import { describe, expect, it } from 'vitest';
import { banditExact } from '../envs/exact';
import { groupStdExpectedScale, fixedBaselineVariance } from './banditTheory';
import { runMicroscope, validateMicroscopeConfig, type MicroscopeConfig } from './microscope';
import { PRESET_NAMES } from '../estimators/presets';

/**
 * The microscope on a 3-armed Bernoulli bandit with arm means 0.2, 0.5, 0.8 and a policy that is
 * not uniform. Every number is seeded, so each check is one fixed draw; the tolerances are 3
 * standard errors of that draw.
 */
const bandit = { kind: 'bernoulli', means: [0.2, 0.5, 0.8] } as const;
const logits = [0.3, -0.2, 0.1];
const base: MicroscopeConfig = {
  problem: { family: 'bandit', bandit },
  logits,
  estimators: [
    { id: 'reinforce', preset: 'reinforce' },
    { id: 'fixed baseline', preset: 'reinforce-baseline' },
    { id: 'rloo', preset: 'rloo' },
    { id: 'grpo', preset: 'grpo' },
    { id: 'dr-grpo', preset: 'dr-grpo' },
  ],
  batchSize: 8,
  groupSize: 4,
  batches: 3000,
  seed: 7,
};
const result = runMicroscope(base);
const look = (id: string) => {
  const l = result.estimators.find((e) => e.id === id);
  if (!l || l.error !== undefined) throw new Error(`no result for ${id}: ${l?.error}`);
  return l;
};
const { J, grad: exact } = banditExact([bandit.means], logits);

describe('the microscope on a 3-armed Bernoulli bandit', () => {
  it('draws against the exact gradient of J = sum_a pi(a) mu(a)', () => {
    expect(result.J).toBeCloseTo(J, 12);
    expect(Array.from(result.exact)).toEqual(Array.from(exact));
    expect(result.pi.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  for (const id of ['reinforce', 'fixed baseline', 'rloo'])
    it(`${id} is unbiased: every coordinate of its bias is within 3 standard errors of 0`, () => {
      const { stats } = look(id);
      expect(stats.maxBiasZ).toBeLessThan(3);
      // ... and the bias is small against the gradient itself.
      expect(Math.sqrt(stats.biasSq)).toBeLessThan(0.1 * Math.hypot(...exact));
    });

  it("REINFORCE's variance matches the analytic tr Cov / N within sampling error", () => {
    const { stats, theory } = look('reinforce');
    const analytic = fixedBaselineVariance(bandit, result.pi, 0, base.batchSize);
    expect(theory.variance).toBeCloseTo(analytic, 12);
    expect(Math.abs(stats.variance - analytic)).toBeLessThan(3 * stats.varianceSe);
    // The check has teeth: a baseline of J changes the variance by much more than the error bar.
    const withBaseline = fixedBaselineVariance(bandit, result.pi, J, base.batchSize);
    expect(Math.abs(withBaseline - analytic)).toBeGreaterThan(10 * stats.varianceSe);
  });

  it('the EMA baseline at its fixed point b = J has the analytic fixed-baseline variance', () => {
    const { stats } = look('fixed baseline');
    const analytic = fixedBaselineVariance(bandit, result.pi, J, base.batchSize);
    expect(Math.abs(stats.variance - analytic)).toBeLessThan(3 * stats.varianceSe);
  });

  it("GRPO's std normalisation is biased: E[g] = c grad J with c > 1 here (longer, same direction)", () => {
    const { stats, theory } = look('grpo');
    const c = groupStdExpectedScale(J, base.groupSize, 1, 1e-4);
    expect(theory.scale).toBeCloseTo(c, 12);
    expect(c).toBeGreaterThan(1.2);
    for (let a = 0; a < 3; a++)
      expect(Math.abs(stats.mean[a] - c * exact[a])).toBeLessThan(3 * stats.biasSe[a]);
    expect(stats.maxBiasZ).toBeGreaterThan(5);
    const d = stats.bias.reduce((s, b, a) => s + b * exact[a], 0);
    expect(d).toBeGreaterThan(0); // the bias points along +grad J
  });

  it("Dr. GRPO's mean baseline shrinks the gradient by exactly (G - 1) / G", () => {
    const { stats, theory } = look('dr-grpo');
    expect(theory.scale).toBe(3 / 4);
    for (let a = 0; a < 3; a++)
      expect(Math.abs(stats.mean[a] - 0.75 * exact[a])).toBeLessThan(3 * stats.biasSe[a]);
    expect(stats.maxBiasZ).toBeGreaterThan(5);
  });

  it('MSE = |bias|^2 + ((M - 1) / M) variance', () => {
    for (const l of result.estimators) {
      if (l.error !== undefined) continue;
      const { biasSq, variance, mse, batches: M } = l.stats;
      expect(mse).toBeCloseTo(biasSq + ((M - 1) / M) * variance, 12);
    }
  });
});

describe('a Gaussian bandit (rewards with noise of their own)', () => {
  it("REINFORCE's variance matches the analytic one, which counts E[R^2 | a] = mu^2 + sd^2", () => {
    const gaussian = { kind: 'gaussian', means: [0.2, 0.5, 0.8], sd: 0.5 } as const;
    const r = runMicroscope({
      ...base,
      problem: { family: 'bandit', bandit: gaussian },
      estimators: [{ id: 'reinforce', preset: 'reinforce' }],
      batches: 2000,
    });
    const l = r.estimators[0];
    if (l.error !== undefined) throw new Error(l.error);
    const analytic = fixedBaselineVariance(gaussian, r.pi, 0, base.batchSize);
    expect(Math.abs(l.stats.variance - analytic)).toBeLessThan(3 * l.stats.varianceSe);
    expect(l.stats.maxBiasZ).toBeLessThan(3);
  });
});

describe('seeds, settings and messages', () => {
  const small = { ...base, batches: 50 };
  it('the same seed gives the same estimates; another seed other ones', () => {
    const a = runMicroscope(small).estimators[0];
    const b = runMicroscope(small).estimators[0];
    const c = runMicroscope({ ...small, seed: 8 }).estimators[0];
    if (a.error !== undefined || b.error !== undefined || c.error !== undefined)
      throw new Error('unexpected error');
    expect(Array.from(b.estimates)).toEqual(Array.from(a.estimates));
    expect(Array.from(c.estimates)).not.toEqual(Array.from(a.estimates));
  });

  it('adding estimators (even ReMax, which needs greedy pulls) does not change the batches', () => {
    const alone = runMicroscope({ ...small, estimators: [{ id: 'r', preset: 'reinforce' }] });
    const together = runMicroscope({
      ...small,
      estimators: [...small.estimators, { id: 'remax', preset: 'remax' }],
    });
    const a = alone.estimators[0];
    const b = together.estimators[0];
    if (a.error !== undefined || b.error !== undefined) throw new Error('unexpected error');
    expect(Array.from(a.estimates)).toEqual(Array.from(b.estimates));
  });

  it('shared settings are checked with messages that say what is allowed', () => {
    expect(validateMicroscopeConfig({ ...base, batchSize: 10, groupSize: 4 })).toEqual([
      'batch size must be a multiple of the group size 4, got 10',
    ]);
    expect(validateMicroscopeConfig({ ...base, batches: 1 })[0]).toMatch(
      /number of batches M must be a whole number from 2 to 5000, got 1/,
    );
    expect(validateMicroscopeConfig({ ...base, logits: [0, 0] })[0]).toMatch(
      /2 logits but the bandit has 3 arms/,
    );
    expect(() => runMicroscope({ ...base, groupSize: 0 })).toThrow(/group size must be/);
  });

  it('an estimator that cannot run at this group size says why; the others still run', () => {
    const r = runMicroscope({ ...small, batchSize: 4, groupSize: 1 });
    const grpo = r.estimators.find((e) => e.id === 'grpo');
    expect(grpo?.error).toMatch(/groupSize must be >= 2/);
    expect(r.estimators.find((e) => e.id === 'reinforce')?.error).toBeUndefined();
  });

  it('every preset either gives finite estimates or says why it cannot be looked at', () => {
    const r = runMicroscope({
      ...small,
      batches: 20,
      estimators: PRESET_NAMES.map((p) => ({ id: p, preset: p })),
    });
    for (const l of r.estimators) {
      if (l.error !== undefined) throw new Error(`${l.id}: ${l.error}`);
      expect(l.estimates.every(Number.isFinite), l.id).toBe(true);
    }
  });
});

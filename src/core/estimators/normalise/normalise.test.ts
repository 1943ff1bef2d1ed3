import { describe, expect, it } from 'vitest';
import { computeAdvantages, createEstimatorState } from '../advantages';
import { makeRolloutBatch } from '../batch';
import { resolveEstimator } from '../presets';
import { batchStdNormalise } from './batch-std';
import { betaNormalisation, betaPdf, logGamma } from './beta';
import { decoupledAdvantages } from './decoupled';
import { groupStdScale } from './group-std';
import { stratifiedAdvantages } from './stratified';

describe('group-std', () => {
  it('exposes ddof and eps: TRL (1, 1e-4), verl (1, 1e-6), Spinning Up (0, 0)', () => {
    const r = [1, 0, 0, 1];
    expect(groupStdScale(r, 4, 1, 1e-4)[0]).toBeCloseTo(1 / (Math.sqrt(1 / 3) + 1e-4), 10);
    expect(groupStdScale(r, 4, 1, 1e-6)[0]).toBeCloseTo(1 / (Math.sqrt(1 / 3) + 1e-6), 10);
    expect(groupStdScale(r, 4, 0, 0)[0]).toBeCloseTo(2, 10); // population std 0.5
  });
});

describe('batch-std (CleanRL norm_adv)', () => {
  it('whitens the kept steps with the unbiased std and zeroes the rest', () => {
    const a = Float64Array.from([1, 2, 3, 99]);
    batchStdNormalise(a, [1, 1, 1, 0], 1e-8);
    expect(a[0]).toBeCloseTo(-1, 6);
    expect(a[1]).toBeCloseTo(0, 12);
    expect(a[2]).toBeCloseTo(1, 6);
    expect(a[3]).toBe(0);
  });
});

describe('advantages of episodes of different lengths', () => {
  it('are the per-step float64 values in float32, 0 on the padding; counts see real steps only', () => {
    const episodes = [{ rewards: [0, 0, 1] }, { rewards: [0] }, { rewards: [1, 0] }];
    const batch = makeRolloutBatch(episodes, 1);
    const T = batch.maxSteps;
    for (const [preset, overrides] of [
      ['reinforce', {}],
      ['reinforce', { normalisation: 'batch-std' }],
      ['reinforce', { baseline: 'ema', emaRate: 1 }], // the first batch's baseline is 0
    ] as const) {
      const plan = computeAdvantages(
        batch,
        resolveEstimator(preset, overrides),
        createEstimatorState(3),
      );
      const returns = [1, 0, 1];
      let zeros = 0;
      let steps = 0;
      const scaled: number[] = [];
      episodes.forEach((ep, e) => {
        for (let t = 0; t < T; t++) {
          const a = plan.advantages[e * T + t];
          if (t >= ep.rewards.length) expect(a).toBe(0);
          else {
            steps++;
            if (a === 0) zeros++;
            scaled.push(a);
          }
        }
      });
      expect(plan.diagnostics.zeroAdvantageFraction).toBe(zeros / steps);
      if (!('normalisation' in overrides))
        // No normalisation: every step carries its episode's return (gamma 1, baseline 0).
        episodes.forEach((ep, e) =>
          ep.rewards.forEach((_, t) => expect(plan.advantages[e * T + t]).toBe(returns[e])),
        );
      else expect(scaled.reduce((x, y) => x + y, 0)).toBeCloseTo(0, 6); // whitened
    }
  });
});

describe('advantages reuse their scratch, never their results', () => {
  it('a plan and its trace stay as they were after later calls of other sizes', () => {
    const spec = resolveEstimator('reinforce', { normalisation: 'batch-std' });
    const first = makeRolloutBatch([{ rewards: [0, 1] }, { rewards: [0, 0, 0] }], 1);
    let trace: { target: Float64Array } | null = null;
    const plan = computeAdvantages(first, spec, createEstimatorState(2), {}, (t) => (trace = t));
    const kept = { advantages: Array.from(plan.advantages), target: Array.from(trace!.target) };
    expect(kept.target).toEqual([1, 1, 0, 0, 0, 0]);
    for (const n of [5, 1, 3]) {
      const other = makeRolloutBatch(
        Array.from({ length: n }, (_, e) => ({ rewards: Array(e + 2).fill(e % 2) })),
        1,
      );
      computeAdvantages(other, spec, createEstimatorState(n), {}, () => {});
    }
    expect(Array.from(plan.advantages)).toEqual(kept.advantages);
    expect(Array.from(trace!.target)).toEqual(kept.target);
    // The same batch again gives the same plan (nothing left over from the other calls).
    const again = computeAdvantages(first, spec, createEstimatorState(2));
    expect(Array.from(again.advantages)).toEqual(kept.advantages);
  });
});

describe('beta (BNPO)', () => {
  it('logGamma and betaPdf agree with known values', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(betaPdf(0.3, 1, 1)).toBeCloseTo(1, 12);
    expect(betaPdf(0.3, 2, 1)).toBeCloseTo(0.6, 12); // 2p
  });

  // Groups [1,0], [1,1], [0,0]: p = (.5, 1, 0), m = .5, v = 1/6,
  // m(1-m)/v - 1 = 0.5, a = b = 0.25, alpha = beta = 1 + 0.25/3 = 13/12.
  it('fits alpha and beta by moments with the /3 shrinkage', () => {
    const fit = betaNormalisation([1, 0, 1, 1, 0, 0], 2);
    expect(fit.alpha).toBeCloseTo(13 / 12, 12);
    expect(fit.beta).toBeCloseTo(13 / 12, 12);
    // density at p = .5 by midpoint integration of p^(1/12)(1-p)^(1/12)
    let B = 0;
    const n = 200000;
    for (let i = 0; i < n; i++) {
      const p = (i + 0.5) / n;
      B += (p * (1 - p)) ** (1 / 12) / n;
    }
    const pdf = 0.25 ** (1 / 12) / B;
    expect(fit.scale[0]).toBeCloseTo(1 / pdf, 4);
    const spec = resolveEstimator('bnpo');
    const batch = makeRolloutBatch(
      [1, 0, 1, 1, 0, 0].map((r) => ({ rewards: [r] })),
      2,
    );
    const A = computeAdvantages(batch, spec, createEstimatorState(3)).advantages;
    expect(A[0]).toBeCloseTo(0.5 / pdf, 4);
    expect(A[1]).toBeCloseTo(-0.5 / pdf, 4);
    expect(Array.from(A.slice(2))).toEqual([0, 0, 0, 0]);
  });

  it('one task: alpha = beta = 1, so A = r - p_q', () => {
    const fit = betaNormalisation([1, 0, 0, 0], 4);
    expect([fit.alpha, fit.beta]).toEqual([1, 1]);
    expect(Array.from(fit.scale)).toEqual([1, 1, 1, 1]);
  });
});

describe('decoupled (GDPO)', () => {
  it('z-scores components separately, so rescaling one component changes nothing', () => {
    // one group of three rollouts, components (1, 0), (0, 1), (0, 0); then component 2 x 10
    const small = decoupledAdvantages([1, 0, 0, 1, 0, 0], 2, 3, [], 1, 1e-4);
    const large = decoupledAdvantages([1, 0, 0, 10, 0, 0], 2, 3, [], 1, 1e-4);
    for (let i = 0; i < 3; i++) expect(large[i]).toBeCloseTo(small[i], 3);
    // rollouts 0 and 1 each got one component: decoupled, they tie
    expect(small[0]).toBeCloseTo(small[1], 6);
    // GRPO on the summed reward (1 vs 10) would favour rollout 1 instead
    const weighted = decoupledAdvantages([1, 0, 0, 1, 0, 0], 2, 3, [2, 1], 1, 1e-4);
    expect(weighted[0]).toBeGreaterThan(weighted[1]);
  });
});

describe('stratified', () => {
  it('alpha 0 is the group z-score; alpha 1 compares only within a stratum', () => {
    const R = [1, 0, 3, 1];
    const strata = [1, 1, 2, 2];
    const g = stratifiedAdvantages(R, strata, 4, 0, 0, 0);
    const mean = 1.25;
    const sd = Math.sqrt(((1 - mean) ** 2 * 2 + mean ** 2 + (3 - mean) ** 2) / 4);
    expect(g[2]).toBeCloseTo((3 - mean) / sd, 12);
    const s = stratifiedAdvantages(R, strata, 4, 1, 0, 0);
    expect(Array.from(s).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1, -1, 1, -1]);
  });
});

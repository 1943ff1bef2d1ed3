import { describe, expect, it } from 'vitest';
import { computeAdvantages, createEstimatorState } from '../advantages';
import { makeRolloutBatch } from '../batch';
import { resolveEstimator } from '../presets';
import { tabularGradLogpSqNorms } from '../tabular/grad-logp-norms';
import { leaveOneOutBaseline } from './group';
import { optimalBaseline } from './optimal';
import {
  createTaskTracker,
  trackerBaseline,
  trackerTaskWeights,
  updateTaskTracker,
} from './tracker';

const oneStep = (rs: number[], G: number) =>
  makeRolloutBatch(
    rs.map((r) => ({ rewards: [r] })),
    G,
  );
const advantagesOf = (preset: string, rs: number[], G: number, over = {}) =>
  Array.from(
    computeAdvantages(oneStep(rs, G), resolveEstimator(preset, over), createEstimatorState(8))
      .advantages,
  );

describe('group baselines (worked examples of estimators.md)', () => {
  it('GRPO on r=[1,0,0,1]: mean 0.5, unbiased std 0.57735, eps 1e-4', () => {
    const a = 0.5 / (Math.sqrt(1 / 3) + 1e-4);
    const A = advantagesOf('grpo', [1, 0, 0, 1], 4);
    [a, -a, -a, a].forEach((x, i) => expect(A[i]).toBeCloseTo(x, 6));
  });

  it('RLOO on r=[1,0,0,1]: A = [2/3, -2/3, -2/3, 2/3]', () => {
    const A = advantagesOf('rloo', [1, 0, 0, 1], 4, { klCoef: 0, reference: 'none' });
    [2 / 3, -2 / 3, -2 / 3, 2 / 3].forEach((x, i) => expect(A[i]).toBeCloseTo(x, 6));
  });

  it('an all-equal group gives A = 0 (GRPO, RLOO, Dr. GRPO)', () => {
    expect(advantagesOf('grpo', [1, 1, 1, 1], 4)).toEqual([0, 0, 0, 0]);
    expect(advantagesOf('rloo', [0, 0, 0], 3, { klCoef: 0, reference: 'none' })).toEqual([0, 0, 0]);
    expect(advantagesOf('dr-grpo', [1, 1], 2)).toEqual([0, 0]);
  });

  it('RLOO with groups of one: A = 0 (TRL, default) or the raw score (verl)', () => {
    expect(Array.from(leaveOneOutBaseline([1, 0, 3], 1, 'zero'))).toEqual([1, 0, 3]);
    const noKl = { klCoef: 0, reference: 'none' } as const;
    expect(advantagesOf('rloo', [1, 0, 3], 1, noKl)).toEqual([0, 0, 0]);
    expect(advantagesOf('rloo', [1, 0, 3], 1, { ...noKl, looSingleton: 'raw' })).toEqual([1, 0, 3]);
  });
});

describe('other baselines', () => {
  it('EMA: the first batch sees b = 0, later batches the moving average', () => {
    const spec = resolveEstimator('reinforce-baseline', { emaRate: 0.5 });
    const state = createEstimatorState(1);
    const b1 = makeRolloutBatch(
      [
        { rewards: [1], taskId: 0 },
        { rewards: [3], taskId: 0 },
      ],
      1,
    );
    expect(Array.from(computeAdvantages(b1, spec, state).advantages)).toEqual([1, 3]);
    expect(state.emaBaseline[0]).toBe(2); // initialised with the first mean
    const b2 = makeRolloutBatch([{ rewards: [4], taskId: 0 }], 1);
    expect(Array.from(computeAdvantages(b2, spec, state).advantages)).toEqual([2]);
    expect(state.emaBaseline[0]).toBe(3); // 0.5 * 2 + 0.5 * 4
  });

  it('EMA: a task not seen yet reads the EMA over all tasks (2048: every episode is a new task)', () => {
    const spec = resolveEstimator('reinforce-baseline', { emaRate: 0.5 });
    const state = createEstimatorState(4, 'ema');
    const b1 = makeRolloutBatch(
      [
        { rewards: [1], taskId: 0 },
        { rewards: [5], taskId: 1 },
      ],
      1,
    );
    expect(Array.from(computeAdvantages(b1, spec, state).advantages)).toEqual([1, 5]);
    expect(state.emaAllTasks[0]).toBe(3);
    // Task 2 is new: b = 3 (all tasks); task 0 has its own b = 1.
    const b2 = makeRolloutBatch(
      [
        { rewards: [4], taskId: 2 },
        { rewards: [4], taskId: 0 },
      ],
      1,
    );
    expect(Array.from(computeAdvantages(b2, spec, state).advantages)).toEqual([1, 3]);
    expect(state.emaAllTasks[0]).toBe(3.5); // 0.5 * 3 + 0.5 * 4
    expect(state.emaBaseline[2]).toBe(4);
  });

  it('per-task state is allocated only for the baseline that reads it', () => {
    const ema = createEstimatorState(1 << 20, 'ema');
    expect(ema.emaBaseline.length).toBe(1 << 20);
    expect(ema.tracker.alpha.length).toBe(0);
    const none = createEstimatorState(1 << 20, 'none');
    expect(none.emaBaseline.length + none.tracker.alpha.length).toBe(0);
    expect(createEstimatorState(3).tracker.alpha.length).toBe(3);
  });

  it('optimal baseline weights returns by squared grad-logp norms', () => {
    expect(Array.from(optimalBaseline([1, 0, 4], [1, 2, 1], 1))).toEqual([5 / 4, 5 / 4, 5 / 4]);
    // per group when G >= 2
    expect(Array.from(optimalBaseline([1, 3, 0, 2], [1, 1, 3, 1], 2))).toEqual([2, 2, 0.5, 0.5]);
  });

  it('tabular |grad log pi(tau)|^2 matches the explicit sum over the episode', () => {
    // one state, 2 actions, uniform policy: grad log pi(a) = e_a - [.5, .5]
    const batch = makeRolloutBatch(
      [
        { rewards: [0, 0], actions: [0, 0] },
        { rewards: [0, 0], actions: [0, 1] },
      ],
      1,
    );
    const n = tabularGradLogpSqNorms(batch, [0, 0], 1);
    expect(n[0]).toBeCloseTo(2, 12); // (.5,-.5) twice -> (1,-1): |.|^2 = 2
    expect(n[1]).toBeCloseTo(0, 12); // (.5,-.5) + (-.5,.5) = 0
  });

  it('greedy baseline: A = R - R_greedy, per episode or per group', () => {
    const batch = oneStep([1, 0, 1, 1], 2);
    const spec = resolveEstimator('remax');
    const perGroup = computeAdvantages(batch, spec, createEstimatorState(2), {
      greedyReturns: [1, 0],
    });
    expect(Array.from(perGroup.advantages)).toEqual([0, -1, 1, 1]);
  });

  it('critic baseline: A = target - V(s_t), critic targets are the returns', () => {
    const batch = makeRolloutBatch([{ rewards: [1, 1] }], 1);
    const spec = resolveEstimator('reinforce', {
      baseline: 'critic',
      returnTarget: 'reward-to-go',
    });
    const plan = computeAdvantages(batch, spec, createEstimatorState(1), { values: [0.5, 0.25] });
    expect(Array.from(plan.advantages)).toEqual([1.5, 0.75]);
    expect(Array.from(plan.criticTargets ?? [])).toEqual([2, 1]);
  });

  it('SPO tracker: A = R - p(x) read before the update; weights sqrt(p(1-p)) + 0.05', () => {
    const tr = createTaskTracker(2);
    expect(Array.from(trackerBaseline(tr, Int32Array.from([0, 1])))).toEqual([0.5, 0.5]);
    updateTaskTracker(tr, Int32Array.from([0, 0]), [1, 1], 0.5); // alpha = .5 + 2, beta = .5
    expect(trackerBaseline(tr, Int32Array.from([0]))[0]).toBeCloseTo(2.5 / 3, 12);
    const w = trackerTaskWeights(tr);
    expect(w[1]).toBeCloseTo(0.5 + 0.05, 12);
    const p = 2.5 / 3;
    expect(w[0]).toBeCloseTo(Math.sqrt(p * (1 - p)) + 0.05, 12);
  });
});

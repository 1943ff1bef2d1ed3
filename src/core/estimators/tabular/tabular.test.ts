import { describe, expect, it } from 'vitest';
import { makeRolloutBatch } from '../batch';
import { optimizerConfig } from '../optimisers/config';
import { createOptimizerState, tabularOptimizerStep } from '../optimisers/tabular-step';
import { resolveEstimator } from '../presets';
import { clipGlobalNorm } from '../regularisers/grad-clip';
import { mdpoTabularUpdate, tabularAdvantageTable } from './mdpo-exact';
import { naturalGradientDirection, stateVisitation } from './natural';
import { batchStepLogp, stepLogp, tabularLogPolicy } from './softmax';

describe('natural gradient (exact Fisher per state, damping)', () => {
  it('solves (d F_s + lambda I) x = g in every state', () => {
    const z = [0.2, -0.5, 1.0, 0, 0, 0];
    const g = [0.3, -0.1, 0.4, 1, -2, 0.5];
    const d = [0.7, 0.3];
    const lambda = 0.05;
    const x = naturalGradientDirection(g, z, 2, 3, d, lambda);
    const pi = Array.from(tabularLogPolicy(z, 2, 3), Math.exp);
    for (let s = 0; s < 2; s++)
      for (let a = 0; a < 3; a++) {
        let Fx = lambda * x[s * 3 + a] + d[s] * pi[s * 3 + a] * x[s * 3 + a];
        for (let b = 0; b < 3; b++) Fx -= d[s] * pi[s * 3 + a] * pi[s * 3 + b] * x[s * 3 + b];
        expect(Fx).toBeCloseTo(g[s * 3 + a], 10);
      }
  });

  it('state visitation counts valid steps', () => {
    const batch = makeRolloutBatch([{ rewards: [0, 0, 0], states: [0, 1, 1] }], 1);
    expect(Array.from(stateVisitation(batch, 2))).toEqual([1 / 3, 2 / 3]);
  });
});

describe('log pi of the batch steps', () => {
  it('batchStepLogp equals stepLogp over the whole layout (0 on padding)', () => {
    const batch = makeRolloutBatch(
      [
        { rewards: [0, 1, 0, 0], states: [0, 1, 2, 1], actions: [2, 0, 1, 1] },
        { rewards: [1], states: [2], actions: [0] },
        { rewards: [0, 0], states: [1, 0], actions: [1, 2] },
      ],
      1,
      3,
    );
    const logPolicy = tabularLogPolicy([0.3, -1, 2, 0, 0.5, -0.5, 1, 1, -2], 3, 3);
    const all = stepLogp(logPolicy, batch.states, batch.actions, batch.mask, 3);
    const visited = batchStepLogp(logPolicy, batch);
    expect(Array.from(visited)).toEqual(Array.from(all));
    expect(visited[0 * 4 + 0]).toBe(logPolicy[0 * 3 + 2]);
    expect(visited[1 * 4 + 1]).toBe(0); // padding of the one-step episode
    // Into a reused buffer: the same numbers, whatever it held before.
    const reused = new Float64Array(visited.length).fill(7);
    expect(batchStepLogp(logPolicy, batch, reused)).toBe(reused);
    expect(Array.from(reused)).toEqual(Array.from(all));
    expect(() => batchStepLogp(logPolicy, batch, new Float64Array(3))).toThrow(
      /out has 3 entries, the batch 12/,
    );
  });
});

describe('MDPO exact tabular update', () => {
  it('pi_{k+1} is proportional to pi_k exp(t A)', () => {
    const z = [0.1, 0.5, -0.3];
    const adv = [1, -0.5, 0.2];
    const t = 0.7;
    const next = Array.from(tabularLogPolicy(mdpoTabularUpdate(z, adv, t, 1, 3), 1, 3), Math.exp);
    const pi = Array.from(tabularLogPolicy(z, 1, 3), Math.exp);
    const un = pi.map((p, a) => p * Math.exp(t * adv[a]));
    const Z = un.reduce((s, u) => s + u, 0);
    un.forEach((u, a) => expect(next[a]).toBeCloseTo(u / Z, 12));
  });

  it('A(s, a) is estimated by the mean advantage of the visits', () => {
    const batch = makeRolloutBatch([{ rewards: [0, 0], states: [0, 0], actions: [1, 1] }], 1, 2);
    expect(Array.from(tabularAdvantageTable(batch, [2, 4], 1))).toEqual([0, 3]);
  });
});

describe('optimisers on a table', () => {
  const shape = { numStates: 1, numActions: 2, stateWeights: [1] };
  it('sgd: z -= lr g', () => {
    const z = Float64Array.from([0, 0]);
    tabularOptimizerStep(
      z,
      Float64Array.from([1, -2]),
      optimizerConfig(resolveEstimator('reinforce')),
      createOptimizerState(2),
      shape,
    );
    expect(Array.from(z)).toEqual([-0.1, 0.2]);
  });
  it('adam: the first step has size lr in each coordinate (bias correction, explicit eps)', () => {
    const z = Float64Array.from([0, 0]);
    const cfg = optimizerConfig(
      resolveEstimator('reinforce', { optimizer: 'adam', learningRate: 0.01 }),
    );
    tabularOptimizerStep(z, Float64Array.from([3, -0.5]), cfg, createOptimizerState(2), shape);
    expect(z[0]).toBeCloseTo(-0.01, 6);
    expect(z[1]).toBeCloseTo(0.01, 6);
  });
  it('normalized momentum: the step has length lr', () => {
    const z = Float64Array.from([0, 0]);
    const cfg = optimizerConfig(
      resolveEstimator('reinforce', { optimizer: 'normalized-momentum' }),
    );
    tabularOptimizerStep(z, Float64Array.from([3, 4]), cfg, createOptimizerState(2), shape);
    expect(Math.hypot(z[0], z[1])).toBeCloseTo(0.1, 12);
  });
  it('grad-norm clipping scales to the max norm and reports the norm before', () => {
    const g = Float64Array.from([3, 4]);
    expect(clipGlobalNorm([g], 0.5)).toBe(5);
    expect(Math.hypot(g[0], g[1])).toBeCloseTo(0.5, 5);
  });
});

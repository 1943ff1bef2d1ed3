import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import {
  banditExact,
  evaluatePolicy,
  gridModel,
  policyGradient,
  softmaxRows,
  transitionProb,
  valueIteration,
  type GridModel,
  type Horizon,
} from './exact';
import { CLIFFS_AND_STARTS, randomLogits } from './exactFixtures';
import { GRID_PRESETS, GridWorldEnv, type GridMap } from './gridworld';

/** Central finite differences of J(z) = evaluatePolicy(softmax(z)).J. */
function finiteDifferenceGrad(m: GridModel, z: Float64Array, h: Horizon, eps = 1e-5) {
  const J = (zz: Float64Array) => evaluatePolicy(m, softmaxRows(zz, m.numActions), h).J;
  const g = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) {
    const plus = Float64Array.from(z);
    const minus = Float64Array.from(z);
    plus[k] += eps;
    minus[k] -= eps;
    g[k] = (J(plus) - J(minus)) / (2 * eps);
  }
  return g;
}

describe('gridworld transition model', () => {
  it('each (state, action) row is a probability distribution', () => {
    const m = gridModel(GRID_PRESETS.frozenlake8x8);
    for (let s = 0; s < m.numStates; s++)
      for (let a = 0; a < m.numActions; a++) {
        let total = 0;
        for (let s2 = 0; s2 < m.numStates; s2++) total += transitionProb(m, s, a, s2);
        expect(total).toBeCloseTo(1, 12);
      }
  });

  it('generalised slip: intended 1 - slip, each perpendicular slip / 2', () => {
    const map: GridMap = {
      rows: ['FFF', 'FSF', 'FFG'],
      slip: 0.2,
      timeLimit: 10,
      actions: 'LDRU',
    };
    const m = gridModel(map);
    expect(transitionProb(m, 4, 3, 1)).toBeCloseTo(0.8, 12); // Up
    expect(transitionProb(m, 4, 3, 3)).toBeCloseTo(0.1, 12); // slips Left
    expect(transitionProb(m, 4, 3, 5)).toBeCloseTo(0.1, 12); // slips Right
  });
});

describe('value iteration under the time limit', () => {
  it('FrozenLake 4x4, 100 steps: optimal success 0.74', () => {
    const opt = valueIteration(gridModel(GRID_PRESETS.frozenlake4x4));
    expect(opt.J).toBeCloseTo(0.74, 2);
    expect(opt.successProb).toBeCloseTo(opt.J, 12); // reward 1 exactly on success
  });

  it('FrozenLake 8x8, 200 steps: optimal success 0.91', () => {
    expect(valueIteration(gridModel(GRID_PRESETS.frozenlake8x8)).J).toBeCloseTo(0.91, 2);
  });

  it('non-slippery FrozenLake 4x4: the optimum is 1, and 6 steps are enough', () => {
    const m = gridModel({ ...GRID_PRESETS.frozenlake4x4, slip: 0 });
    expect(valueIteration(m).J).toBe(1);
    expect(valueIteration(m, { horizon: 6 }).J).toBe(1);
    expect(valueIteration(m, { horizon: 5 }).J).toBe(0);
  });

  it('CliffWalking: the optimal return is -13 (the path along the cliff edge)', () => {
    const opt = valueIteration(gridModel(GRID_PRESETS.cliffwalking));
    expect(opt.J).toBe(-13);
    expect(opt.successProb).toBe(1);
  });

  it('a longer time limit never lowers the optimum, and the discounted optimum converges', () => {
    const m = gridModel(GRID_PRESETS.frozenlake4x4);
    const j = [10, 50, 100, 400].map((H) => valueIteration(m, { horizon: H }).J);
    for (let k = 1; k < j.length; k++) expect(j[k]).toBeGreaterThanOrEqual(j[k - 1]);
    // The infinite-horizon optimum of slippery FrozenLake 4x4 is 0.8235 (known undiscounted
    // value); with gamma close to 1 the discounted optimum is just below it.
    const disc = valueIteration(m, { horizon: Infinity, gamma: 0.9999 }).J;
    expect(disc).toBeLessThan(0.8236);
    expect(disc).toBeGreaterThan(0.8);
  });

  it('the greedy policy evaluated as a deterministic policy achieves the optimum (discounted)', () => {
    const m = gridModel(GRID_PRESETS.frozenlake4x4);
    const h = { horizon: Infinity, gamma: 0.95 };
    const opt = valueIteration(m, h);
    const pi = new Float64Array(m.numStates * 4);
    for (let s = 0; s < m.numStates; s++) pi[s * 4 + opt.greedy[s]] = 1;
    expect(evaluatePolicy(m, pi, h).J).toBeCloseTo(opt.J, 9);
  });
});

describe('policy evaluation', () => {
  it('matches the average return of simulated episodes', () => {
    const map = GRID_PRESETS.twogoals;
    const m = gridModel(map);
    const pi = softmaxRows(randomLogits(m.numStates * 4, 1, 2), 4);
    const exact = evaluatePolicy(m, pi);
    const n = 20000;
    const env = new GridWorldEnv(map, n, Rng.fromSeed(2));
    const sampler = Rng.fromSeed(3);
    const actions = new Int32Array(n);
    const ret = new Float64Array(n);
    let successes = 0;
    for (let t = 0; t < map.timeLimit; t++) {
      for (let i = 0; i < n; i++) actions[i] = sampler.categorical(pi, env.stateIndex[i] * 4, 4);
      env.step(actions);
      for (let i = 0; i < n; i++) ret[i] += env.rewards[i];
    }
    for (let i = 0; i < n; i++) successes += env.success[i];
    const mean = ret.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - exact.J)).toBeLessThan(0.01);
    expect(Math.abs(successes / n - exact.successProb)).toBeLessThan(0.015);
  });

  it('finite horizon with gamma: a one-step-later reward is discounted once', () => {
    // S F G in a row, deterministic, always Right: reward 1 arrives on step 2.
    const m = gridModel({ rows: ['SFG'], slip: 0, timeLimit: 10, actions: 'LDRU' });
    const right = new Float64Array(m.numStates * 4);
    for (let s = 0; s < m.numStates; s++) right[s * 4 + 2] = 1;
    expect(evaluatePolicy(m, right, { horizon: 10, gamma: 0.9 }).J).toBeCloseTo(0.9, 12);
    expect(evaluatePolicy(m, right, { horizon: Infinity, gamma: 0.9 }).J).toBeCloseTo(0.9, 12);
    expect(evaluatePolicy(m, right, { horizon: 1 }).J).toBe(0);
  });
});

describe('exact policy gradient of a tabular softmax policy', () => {
  it('equals finite differences of exact J (finite horizon, FrozenLake 4x4)', () => {
    const m = gridModel(GRID_PRESETS.frozenlake4x4);
    const z = randomLogits(m.numStates * 4, 4);
    const h = { horizon: 20 };
    const { J, grad } = policyGradient(m, z, h);
    expect(J).toBeCloseTo(evaluatePolicy(m, softmaxRows(z, 4), h).J, 12);
    const fd = finiteDifferenceGrad(m, z, h);
    for (let k = 0; k < z.length; k++) expect(grad[k]).toBeCloseTo(fd[k], 7);
    expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(1e-3); // not trivially zero
  });

  it('equals finite differences with discounting, cliffs and several starts', () => {
    const m = gridModel(CLIFFS_AND_STARTS);
    const z = randomLogits(m.numStates * 4, 5, 2);
    for (const h of [
      { horizon: 15, gamma: 0.9 },
      { horizon: Infinity, gamma: 0.8 },
    ]) {
      const { grad } = policyGradient(m, z, h);
      const fd = finiteDifferenceGrad(m, z, h);
      for (let k = 0; k < z.length; k++) expect(grad[k]).toBeCloseTo(fd[k], 6);
    }
  });
});

describe('bandit exact objective and gradient', () => {
  const means = [
    [0.1, 0.5, 0.9],
    [0.8, 0.2, 0.3],
  ];

  it('J = sum_a pi(a) mu(a); grad = pi * (mu - J), per task and averaged', () => {
    const z = new Float64Array([0, Math.log(2), Math.log(3), 0, 0, 0]); // pi_0 = (1,2,3)/6
    const { J, perTask, grad } = banditExact(means, z);
    expect(perTask[0]).toBeCloseTo((0.1 + 1.0 + 2.7) / 6, 12);
    expect(perTask[1]).toBeCloseTo((0.8 + 0.2 + 0.3) / 3, 12);
    expect(J).toBeCloseTo((perTask[0] + perTask[1]) / 2, 12);
    expect(grad[2]).toBeCloseTo(((3 / 6) * (0.9 - perTask[0])) / 2, 12);
    expect(grad[3]).toBeCloseTo(((1 / 3) * (0.8 - perTask[1])) / 2, 12);
  });

  it('matches finite differences, for per-task and shared logits', () => {
    for (const z of [randomLogits(6, 6), randomLogits(3, 7)]) {
      const { grad } = banditExact(means, z);
      for (let k = 0; k < z.length; k++) {
        const plus = Float64Array.from(z);
        const minus = Float64Array.from(z);
        plus[k] += 1e-6;
        minus[k] -= 1e-6;
        const fd = (banditExact(means, plus).J - banditExact(means, minus).J) / 2e-6;
        expect(grad[k]).toBeCloseTo(fd, 8);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { gridModel, policyGradient, softmaxRows, type GridModel } from './exact';
import { CLIFFS_AND_STARTS, randomLogits } from './exactFixtures';
import { GRID_PRESETS, type GridMap } from './gridworld';

/**
 * The finite-horizon gradient written out term by term, with nothing merged, regrouped or
 * cached: occupancies d_t forward, then Q_t and V_t backward, adding
 * gamma^t d_t(s) pi(b|s) (Q_t(s, b) - V_t(s)) at every step. Also returns the size of what that
 * sum cancels, sum_t gamma^t d_t(s) pi(b|s) (|Q_t(s, b)| + |V_t(s)|): summed in another order,
 * the gradient can only be expected to agree to float rounding of that.
 */
function referenceGradient(m: GridModel, logits: Float64Array, H: number, gamma: number) {
  const S = m.numStates;
  const A = m.numActions;
  const O = m.outcomes;
  const pi = softmaxRows(logits, A);
  const d: Float64Array[] = [Float64Array.from(m.startDist)];
  for (let t = 0; t + 1 < H; t++) {
    const dn = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      if (!m.live[s]) continue;
      for (let a = 0; a < A; a++)
        for (let o = 0; o < O; o++) {
          const k = (s * A + a) * O + o;
          if (!m.terminal[k]) dn[m.next[k]] += d[t][s] * pi[s * A + a] * m.prob[k];
        }
    }
    d.push(dn);
  }
  const grad = new Float64Array(S * A);
  const magnitude = new Float64Array(S * A);
  let V = new Float64Array(S);
  for (let t = H - 1; t >= 0; t--) {
    const Vt = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      if (!m.live[s]) continue;
      const Q = new Float64Array(A);
      for (let a = 0; a < A; a++)
        for (let o = 0; o < O; o++) {
          const k = (s * A + a) * O + o;
          Q[a] += m.prob[k] * (m.reward[k] + (m.terminal[k] ? 0 : gamma * V[m.next[k]]));
        }
      for (let a = 0; a < A; a++) Vt[s] += pi[s * A + a] * Q[a];
      for (let b = 0; b < A; b++) {
        const w = gamma ** t * d[t][s] * pi[s * A + b];
        grad[s * A + b] += w * (Q[b] - Vt[s]);
        magnitude[s * A + b] += w * (Math.abs(Q[b]) + Math.abs(Vt[s]));
      }
    }
    V = Vt;
  }
  let J = 0;
  for (let s = 0; s < S; s++) J += m.startDist[s] * V[s];
  return { J, grad, magnitude };
}

const maxAbs = (x: ArrayLike<number>) => Math.max(...Array.from(x, Math.abs));

describe('finite-horizon exact gradient (regrouped sums)', () => {
  const maps: [string, GridMap][] = [
    ['frozenlake8x8', GRID_PRESETS.frozenlake8x8],
    ['frozenlake4x4', GRID_PRESETS.frozenlake4x4],
    ['twogoals (walls, two goals)', GRID_PRESETS.twogoals],
    ['cliffs and several starts', CLIFFS_AND_STARTS],
    ['cliffwalking (no slip)', GRID_PRESETS.cliffwalking],
  ];
  // Random, sharper, near-deterministic (softmax rows within 1e-26 of one-hot) and uniform.
  const policies: [string, number][] = [
    ['random', 1],
    ['sharp', 4],
    ['near-deterministic', 30],
    ['uniform', 0],
  ];
  // Long then short then long again: the model's cached scratch buffers must not leak.
  const horizons = [200, 0, 1, 2, 15, 60];
  for (const [name, map] of maps)
    it(`equals the term-by-term recursion up to float rounding: ${name}`, () => {
      const m = gridModel(map);
      let seed = 1;
      for (const [, scale] of policies)
        for (const H of horizons)
          for (const gamma of [1, 0.9, 0]) {
            const z = randomLogits(m.numStates * m.numActions, seed++, scale);
            const ref = referenceGradient(m, z, H, gamma);
            const { J, grad } = policyGradient(m, z, { horizon: H, gamma });
            expect(Math.abs(J - ref.J)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref.J)));
            // 1e-9 of the largest entry, or float rounding of the magnitudes an entry cancels
            // (which alone matters when the policy is near-deterministic and the values large).
            const floor = 1e-9 * maxAbs(ref.grad);
            for (let k = 0; k < grad.length; k++) {
              const tol = Math.max(floor, 1e-14 * ref.magnitude[k]);
              expect(Math.abs(grad[k] - ref.grad[k])).toBeLessThanOrEqual(tol);
            }
          }
    });

  it('is non-trivial on FrozenLake 8x8 over the full time limit', () => {
    const m = gridModel(GRID_PRESETS.frozenlake8x8);
    const { grad } = policyGradient(m, randomLogits(m.numStates * 4, 7, 1));
    expect(maxAbs(grad)).toBeGreaterThan(1e-4);
  });

  it('rejects a model whose transitions continue into a state the agent cannot stand on', () => {
    const m = gridModel(GRID_PRESETS.frozenlake4x4);
    const next = Int32Array.from(m.next);
    next[0] = 5; // state 0, first action, intended outcome: into the hole at (1, 1)
    const broken: GridModel = { ...m, next };
    expect(() => policyGradient(broken, new Float64Array(m.numStates * 4))).toThrow(
      /state 0 continues to state 5, which is not live/,
    );
  });
});

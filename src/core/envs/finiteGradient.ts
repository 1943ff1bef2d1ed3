import type { GridModel, PolicyGradient } from './exact';

/**
 * The finite-horizon exact policy gradient of a tabular softmax policy (exact.ts, policyGradient):
 *   dJ/dz[s, b] = pi(b|s) G(s, b),  G(s, b) = sum_{t<H} c_t(s) (Q_t(s, b) - V_t(s)),
 * with c_t(s) = gamma^t d_t(s). The trainer calls it for every run at every update, so the sum
 * over t is regrouped (the same terms in another order: equal up to float rounding) so that the
 * backward recursion needs no Q_t. With u = V_{t+1}(s') - V_{t+1}(s) for each cell s' that s can
 * continue to, and e(s, b) the probability that action b ends the episode,
 *   Q_t(s, b) - V_t(s) = R(s, b) + gamma sum_o P(o|s, b) u(s'_o) - gamma e(s, b) V_{t+1}(s)
 *                        + (gamma V_{t+1}(s) - V_t(s)),
 * so G(s, b) = R(s, b) C(s) + gamma sum_o P(o|s, b) Y(s, s'_o) - gamma e(s, b) W(s) + D(s) with
 *   C(s) = sum_t c_t(s),  Y(s, s') = sum_t c_t(s) u,  W(s) = sum_t c_t(s) V_{t+1}(s),
 *   D(s) = sum_t c_t(s) (gamma V_{t+1}(s) - V_t(s)).
 * Each step then costs V_t(s) = r_pi(s) + gamma sum_s' P_pi(s'|s) V_{t+1}(s') and Y over the few
 * distinct cells s can continue to (at most 5 on a map without cliffs: the 4 neighbours and s
 * itself, against 4 actions x 3 outcomes for Q_t). Y and D accumulate differences of neighbouring values, not the values themselves: summing
 * c_t V_t and subtracting at the end would cancel large sums (step costs of -1 over 100 steps)
 * and lose the small gradients of near-deterministic policies.
 */

/**
 * The model's continuing transitions as sparse rows over live states, compiled once per model:
 * per live state the distinct live states it can continue to under any action (outcomes that
 * land on the same cell merged: slips into walls, the actions' shared neighbours), and per
 * outcome its entry in that row. Also the scratch buffers of one call, reused by the next.
 */
interface CompiledModel {
  /** [L] live states (the only rows the recursions visit), L of them. */
  readonly liveStates: Int32Array;
  /** [S * A] expected reward of each (s, a), terminal outcomes included. */
  readonly expectedReward: Float64Array;
  /** [S * A * outcomes] outcome probability, 0 for outcomes that end the episode. */
  readonly continueProb: Float64Array;
  /** [S * A] e(s, a): probability that the action ends the episode. */
  readonly endProb: Float64Array;
  /** [L + 1] first entry of each live state's row. */
  readonly rowStart: Int32Array;
  /** [entries] live index (into liveStates) of each entry's successor. */
  readonly column: Int32Array;
  /** [S * A * outcomes] entry of each continuing outcome of a live state, -1 otherwise. */
  readonly entryOf: Int32Array;
  /**
   * The same entries grouped by successor (the transpose, for the forward pass, which then sums
   * into a register per successor instead of scattering): [L + 1] first of each successor's
   * group, and per item the entry it is and that entry's live state.
   */
  readonly inStart: Int32Array;
  readonly inEntry: Int32Array;
  readonly inSource: Int32Array;
  readonly scratch: Scratch;
}

interface Scratch {
  /** [entries] gamma P_pi(s'|s) of the current policy. */
  readonly weight: Float64Array;
  /** [entries] weight in inEntry's order. */
  readonly inWeight: Float64Array;
  /** [entries] Y(s, s'). */
  readonly cross: Float64Array;
  /** [L] r_pi(s), C(s), W(s) and D(s). */
  readonly rewardPi: Float64Array;
  readonly visits: Float64Array;
  readonly visitValue: Float64Array;
  readonly drift: Float64Array;
  /** [L] V_{t+1} and V_t. */
  readonly V: Float64Array;
  readonly Vt: Float64Array;
  /** [H * L] occupancies d_t, grown to the largest horizon asked for. */
  occupancy: Float64Array;
}

const compiledModels = new WeakMap<GridModel, CompiledModel>();

function compile(m: GridModel): CompiledModel {
  const cached = compiledModels.get(m);
  if (cached) return cached;
  const S = m.numStates;
  const A = m.numActions;
  const O = m.outcomes;
  const expectedReward = new Float64Array(S * A);
  const continueProb = new Float64Array(S * A * O);
  const endProb = new Float64Array(S * A);
  for (let sa = 0; sa < S * A; sa++)
    for (let o = 0; o < O; o++) {
      const k = sa * O + o;
      expectedReward[sa] += m.prob[k] * m.reward[k];
      continueProb[k] = m.terminal[k] ? 0 : m.prob[k];
      if (m.terminal[k]) endProb[sa] += m.prob[k];
    }
  const live: number[] = [];
  const liveIndex = new Int32Array(S).fill(-1);
  for (let s = 0; s < S; s++)
    if (m.live[s]) {
      liveIndex[s] = live.length;
      live.push(s);
    }
  const L = live.length;
  const rowStart = new Int32Array(L + 1);
  const columns: number[] = [];
  const entryOf = new Int32Array(S * A * O).fill(-1);
  for (let i = 0; i < L; i++) {
    const s = live[i];
    const first = (rowStart[i] = columns.length);
    for (let k = s * A * O; k < (s + 1) * A * O; k++) {
      if (continueProb[k] === 0) continue;
      const to = liveIndex[m.next[k]];
      if (to < 0)
        throw new Error(`gridModel: state ${s} continues to state ${m.next[k]}, which is not live`);
      let j = first;
      while (j < columns.length && columns[j] !== to) j++;
      if (j === columns.length) columns.push(to);
      entryOf[k] = j;
    }
  }
  rowStart[L] = columns.length;
  const E = columns.length;
  const inStart = new Int32Array(L + 1);
  const inEntry = new Int32Array(E);
  const inSource = new Int32Array(E);
  for (let to = 0, n = 0; to < L; to++) {
    inStart[to] = n;
    for (let i = 0; i < L; i++)
      for (let j = rowStart[i]; j < rowStart[i + 1]; j++)
        if (columns[j] === to) {
          inEntry[n] = j;
          inSource[n++] = i;
        }
  }
  inStart[L] = E;
  const compiled: CompiledModel = {
    liveStates: Int32Array.from(live),
    expectedReward,
    continueProb,
    endProb,
    rowStart,
    column: Int32Array.from(columns),
    entryOf,
    inStart,
    inEntry,
    inSource,
    scratch: {
      weight: new Float64Array(E),
      inWeight: new Float64Array(E),
      cross: new Float64Array(E),
      rewardPi: new Float64Array(L),
      visits: new Float64Array(L),
      visitValue: new Float64Array(L),
      drift: new Float64Array(L),
      V: new Float64Array(L),
      Vt: new Float64Array(L),
      occupancy: new Float64Array(0),
    },
  };
  compiledModels.set(m, compiled);
  return compiled;
}

/**
 * Forward pass for the discounted occupancies c_t (c_0 = start distribution,
 * c_{t+1} = gamma P_pi^T c_t over continuing transitions), then the backward recursion for V_t
 * accumulating C, Y, W and D, then the gradient. Adds into `grad` ([S * A], zeros on entry).
 */
export function finitePolicyGradient(
  m: GridModel,
  pi: Float64Array,
  H: number,
  gamma: number,
  grad: Float64Array,
): PolicyGradient {
  const A = m.numActions;
  const O = m.outcomes;
  const c = compile(m);
  const { liveStates, expectedReward: R, continueProb: P, endProb, rowStart, column } = c;
  const { entryOf, inStart, inEntry, inSource } = c;
  const { weight, inWeight, cross, rewardPi, visits, visitValue, drift } = c.scratch;
  const L = liveStates.length;

  // gamma P_pi and r_pi of this policy.
  weight.fill(0);
  for (let i = 0; i < L; i++) {
    const s = liveStates[i];
    let r = 0;
    for (let a = 0; a < A; a++) {
      const sa = s * A + a;
      const p = pi[sa];
      r += p * R[sa];
      for (let k = sa * O; k < (sa + 1) * O; k++) {
        const j = entryOf[k];
        if (j >= 0) weight[j] += gamma * p * P[k];
      }
    }
    rewardPi[i] = r;
  }

  for (let n = 0; n < inEntry.length; n++) inWeight[n] = weight[inEntry[n]];
  if (c.scratch.occupancy.length < H * L) c.scratch.occupancy = new Float64Array(H * L);
  const occ = c.scratch.occupancy;
  if (H > 0) for (let i = 0; i < L; i++) occ[i] = m.startDist[liveStates[i]];
  for (let t = 0; t + 1 < H; t++) {
    const from = t * L;
    const to = from + L;
    for (let i = 0; i < L; i++) {
      let d = 0;
      const end = inStart[i + 1];
      for (let n = inStart[i]; n < end; n++) d += occ[from + inSource[n]] * inWeight[n];
      occ[to + i] = d;
    }
  }

  let V = c.scratch.V.fill(0); // V_H = 0
  let Vt = c.scratch.Vt;
  cross.fill(0);
  visits.fill(0);
  visitValue.fill(0);
  drift.fill(0);
  for (let t = H - 1; t >= 0; t--) {
    const from = t * L;
    for (let i = 0; i < L; i++) {
      const ct = occ[from + i];
      const own = V[i];
      const end = rowStart[i + 1];
      let next = 0;
      if (ct === 0) for (let j = rowStart[i]; j < end; j++) next += weight[j] * V[column[j]];
      else
        for (let j = rowStart[i]; j < end; j++) {
          const v = V[column[j]];
          next += weight[j] * v;
          cross[j] += ct * (v - own);
        }
      const v = rewardPi[i] + next;
      Vt[i] = v;
      if (ct !== 0) {
        visits[i] += ct;
        visitValue[i] += ct * own;
        drift[i] += ct * (gamma * own - v);
      }
    }
    [V, Vt] = [Vt, V];
  }

  let J = 0;
  for (let i = 0; i < L; i++) {
    const s = liveStates[i];
    J += m.startDist[s] * V[i];
    const C = visits[i];
    if (C === 0) continue;
    for (let a = 0; a < A; a++) {
      const sa = s * A + a;
      let continued = 0;
      for (let k = sa * O; k < (sa + 1) * O; k++) {
        const j = entryOf[k];
        if (j >= 0) continued += P[k] * cross[j];
      }
      const G = R[sa] * C + gamma * (continued - endProb[sa] * visitValue[i]) + drift[i];
      grad[sa] += pi[sa] * G;
    }
  }
  return { J, grad };
}

import { compileGridMap, GOAL, HOLE, WALL, CLIFF } from './gridworld';
import type { GridMap } from './gridworld';
import { finitePolicyGradient } from './finiteGradient';

/**
 * Exact computations for small tabular problems: the transition model of a gridworld, optimal
 * values (value iteration), policy evaluation and the exact policy gradient of a tabular softmax
 * policy; and the closed-form bandit objective and gradient. Pure, typed arrays, no tfjs: these
 * are the ground truth the sampled estimators are measured against.
 *
 * Conventions: states are cells (s = row * cols + col), actions 0..3 in the map's order, the
 * start distribution is uniform over the start cells (the env's tasks). Episodes end on entering
 * a hole or goal (terminal transitions) or after `horizon` steps. Policies are row-major
 * [numStates * numActions] arrays (probabilities or logits); rows of cells the agent can never
 * stand on (walls, holes, goals, cliffs) are ignored.
 */

/** Sparse transition model: each (s, a) has OUTCOMES outcomes (some may have probability 0). */
export interface GridModel {
  readonly numStates: number;
  readonly numActions: number;
  /** Outcomes per (s, a): intended, and the two perpendicular slips. */
  readonly outcomes: number;
  /** [S * A * outcomes] next state (after a cliff's return to start). */
  readonly next: Int32Array;
  /** [S * A * outcomes] probability of the outcome. */
  readonly prob: Float64Array;
  /** [S * A * outcomes] reward of the outcome. */
  readonly reward: Float64Array;
  /** [S * A * outcomes] 1 if the outcome ends the episode (hole or goal). */
  readonly terminal: Uint8Array;
  /** [S * A * outcomes] 1 if the outcome reaches a goal. */
  readonly success: Uint8Array;
  /** [S] probability of starting in each state. */
  readonly startDist: Float64Array;
  /** [S] 1 where the agent can stand at a decision time (not wall, hole, goal or cliff). */
  readonly live: Uint8Array;
  /** The map's time limit, the default horizon. */
  readonly timeLimit: number;
}

const OUTCOMES = 3;

/** P(s' | s, a), rewards and terminal flags of a gridworld map, with exactly the env's rules. */
export function gridModel(map: GridMap): GridModel {
  const g = compileGridMap(map);
  const S = g.numCells;
  const A = 4;
  const n = S * A * OUTCOMES;
  const next = new Int32Array(n);
  const prob = new Float64Array(n);
  const reward = new Float64Array(n);
  const terminal = new Uint8Array(n);
  const success = new Uint8Array(n);
  const live = new Uint8Array(S);
  // The env turns the intended direction d into d+3 (= d-1) or d+1 (mod 4) with slip/2 each.
  const offsets = [0, 3, 1];
  const probs = [1 - g.slip, g.slip / 2, g.slip / 2];
  for (let s = 0; s < S; s++) {
    const type = g.cellType[s];
    const absorbing = type === WALL || type === HOLE || type === GOAL || type === CLIFF;
    live[s] = absorbing ? 0 : 1;
    for (let a = 0; a < A; a++)
      for (let o = 0; o < OUTCOMES; o++) {
        const k = (s * A + a) * OUTCOMES + o;
        if (absorbing) {
          // Never visited at a decision time; make it a zero-reward dead end.
          next[k] = s;
          prob[k] = o === 0 ? 1 : 0;
          terminal[k] = 1;
          continue;
        }
        const dir = (g.actionDir[a] + offsets[o]) & 3;
        const landed = g.nextCell[s * 4 + dir];
        const lt = g.cellType[landed];
        next[k] = lt === CLIFF ? g.starts[0] : landed;
        prob[k] = probs[o];
        reward[k] = g.cellReward[landed];
        terminal[k] = lt === HOLE || lt === GOAL ? 1 : 0;
        success[k] = lt === GOAL ? 1 : 0;
      }
  }
  const startDist = new Float64Array(S);
  for (const s of g.starts) startDist[s] = 1 / g.starts.length;
  return {
    numStates: S,
    numActions: A,
    outcomes: OUTCOMES,
    next,
    prob,
    reward,
    terminal,
    success,
    startDist,
    live,
    timeLimit: g.timeLimit,
  };
}

/** P(s2 | s, a), summing outcomes that land on the same state. */
export function transitionProb(m: GridModel, s: number, a: number, s2: number): number {
  let p = 0;
  for (let o = 0; o < m.outcomes; o++) {
    const k = (s * m.numActions + a) * m.outcomes + o;
    if (m.next[k] === s2) p += m.prob[k];
  }
  return p;
}

export interface Horizon {
  /** Number of steps (the time limit); Infinity for an infinite discounted horizon. */
  readonly horizon: number;
  /** Discount factor, default 1 (must be < 1 when the horizon is infinite). */
  readonly gamma?: number;
}

function checkHorizon(h: Horizon): number {
  const gamma = h.gamma ?? 1;
  if (!(gamma >= 0 && gamma <= 1)) throw new Error(`gamma must be in [0, 1], got ${gamma}`);
  if (h.horizon === Infinity) {
    if (gamma >= 1) throw new Error('an infinite horizon needs gamma < 1');
  } else if (!(Number.isInteger(h.horizon) && h.horizon >= 0))
    throw new Error(`horizon must be a non-negative integer or Infinity, got ${h.horizon}`);
  return gamma;
}

/** Expected one-step value: sum over outcomes of p * (r + gamma * (1 - terminal) * V[s']). */
function backup(
  m: GridModel,
  s: number,
  a: number,
  gamma: number,
  rewardOf: Float64Array | Uint8Array,
  V: Float64Array,
): number {
  let q = 0;
  for (let o = 0; o < m.outcomes; o++) {
    const k = (s * m.numActions + a) * m.outcomes + o;
    const p = m.prob[k];
    if (p === 0) continue;
    q += p * (rewardOf[k] + (m.terminal[k] ? 0 : gamma * V[m.next[k]]));
  }
  return q;
}

function dotStart(m: GridModel, V: Float64Array): number {
  let j = 0;
  for (let s = 0; s < m.numStates; s++) j += m.startDist[s] * V[s];
  return j;
}

export interface OptimalValues {
  /** Optimal expected return from the start distribution. */
  readonly J: number;
  /** [S] optimal value of each state with the full horizon ahead. */
  readonly V: Float64Array;
  /** Probability of reaching a goal under the optimal policy (ties broken by lowest action). */
  readonly successProb: number;
  /** [S] the optimal first action in each state. */
  readonly greedy: Int32Array;
}

/**
 * Finite-horizon value iteration (Bellman 1957; Puterman 1994, ch. 4): V_H = 0,
 * V_t(s) = max_a sum_s' P(s'|s,a) (r + gamma V_{t+1}(s')), with terminal transitions not
 * continuing. The optimal policy under a time limit is non-stationary; this returns its value.
 * `objective: 'success'` maximises the probability of reaching a goal instead of the return.
 * An infinite horizon (gamma < 1) iterates until the values change by less than 1e-12.
 */
export function valueIteration(
  m: GridModel,
  h: Horizon = { horizon: m.timeLimit },
  objective: 'return' | 'success' = 'return',
): OptimalValues {
  const gamma = checkHorizon(h);
  const S = m.numStates;
  const rewardOf = objective === 'success' ? m.success : m.reward;
  let V = new Float64Array(S);
  let W = new Float64Array(S); // success probability of the greedy policy
  let V2 = new Float64Array(S);
  let W2 = new Float64Array(S);
  const greedy = new Int32Array(S);
  const maxIters = h.horizon === Infinity ? 1_000_000 : h.horizon;
  for (let t = 0; t < maxIters; t++) {
    let change = 0;
    for (let s = 0; s < S; s++) {
      if (!m.live[s]) continue;
      let best = -Infinity;
      let bestA = 0;
      for (let a = 0; a < m.numActions; a++) {
        const q = backup(m, s, a, gamma, rewardOf, V);
        if (q > best + 1e-15) {
          best = q;
          bestA = a;
        }
      }
      V2[s] = best;
      W2[s] = backup(m, s, bestA, 1, m.success, W);
      greedy[s] = bestA;
      change = Math.max(change, Math.abs(best - V[s]));
    }
    [V, V2] = [V2, V];
    [W, W2] = [W2, W];
    if (h.horizon === Infinity && change < 1e-12) break;
  }
  return { J: dotStart(m, V), V, successProb: dotStart(m, W), greedy };
}

export interface PolicyValues {
  /** Expected (discounted) return from the start distribution. */
  readonly J: number;
  /** [S] value of each state with the full horizon ahead. */
  readonly V: Float64Array;
  /** Probability of reaching a goal within the horizon (undiscounted). */
  readonly successProb: number;
}

/** Softmax of each state's logits: pi[s, a] = exp(z[s, a]) / sum_b exp(z[s, b]). */
export function softmaxRows(logits: ArrayLike<number>, numActions: number): Float64Array {
  const pi = new Float64Array(logits.length);
  for (let o = 0; o < logits.length; o += numActions) {
    let max = -Infinity;
    for (let a = 0; a < numActions; a++) max = Math.max(max, logits[o + a]);
    let sum = 0;
    for (let a = 0; a < numActions; a++) sum += pi[o + a] = Math.exp(logits[o + a] - max);
    for (let a = 0; a < numActions; a++) pi[o + a] /= sum;
  }
  return pi;
}

/** [S * A] Q-values from V: Q(s,a) = sum_s' P (r + gamma (1 - terminal) V(s')). */
function qFromV(
  m: GridModel,
  gamma: number,
  rewardOf: Float64Array | Uint8Array,
  V: Float64Array,
  Q: Float64Array,
): void {
  for (let s = 0; s < m.numStates; s++)
    for (let a = 0; a < m.numActions; a++)
      Q[s * m.numActions + a] = m.live[s] ? backup(m, s, a, gamma, rewardOf, V) : 0;
}

/** V(s) = sum_a pi(a|s) Q(s,a). */
function vFromQ(m: GridModel, pi: ArrayLike<number>, Q: Float64Array, V: Float64Array): void {
  const A = m.numActions;
  for (let s = 0; s < m.numStates; s++) {
    let v = 0;
    if (m.live[s]) for (let a = 0; a < A; a++) v += pi[s * A + a] * Q[s * A + a];
    V[s] = v;
  }
}

/** Finite horizon: V_t for t = H..0 by backward recursion; returns V_0 (and all of them if asked). */
function finiteValues(
  m: GridModel,
  pi: ArrayLike<number>,
  H: number,
  gamma: number,
  rewardOf: Float64Array | Uint8Array,
  each?: (t: number, Q: Float64Array, V: Float64Array) => void,
): Float64Array {
  let V = new Float64Array(m.numStates); // V_H = 0
  let Vt = new Float64Array(m.numStates);
  const Q = new Float64Array(m.numStates * m.numActions);
  for (let t = H - 1; t >= 0; t--) {
    qFromV(m, gamma, rewardOf, V, Q);
    vFromQ(m, pi, Q, Vt);
    each?.(t, Q, Vt);
    [V, Vt] = [Vt, V];
  }
  return V;
}

/**
 * Matrix (I - gamma P_pi) over live states, for the infinite discounted horizon: P_pi[s, s'] =
 * sum_a pi(a|s) sum_outcomes p 1[s' = next, not terminal].
 */
function discountedSystem(m: GridModel, pi: ArrayLike<number>, gamma: number): Float64Array {
  const S = m.numStates;
  const A = m.numActions;
  const M = new Float64Array(S * S);
  for (let s = 0; s < S; s++) {
    M[s * S + s] = 1;
    if (!m.live[s]) continue;
    for (let a = 0; a < A; a++)
      for (let o = 0; o < m.outcomes; o++) {
        const k = (s * A + a) * m.outcomes + o;
        if (!m.terminal[k]) M[s * S + m.next[k]] -= gamma * pi[s * A + a] * m.prob[k];
      }
  }
  return M;
}

/** Solve M x = b (M is n x n, row-major) by Gaussian elimination with partial pivoting. */
export function solveLinear(M: Float64Array, b: Float64Array, transpose = false): Float64Array {
  const n = b.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = transpose ? M[j * n + i] : M[i * n + j];
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    if (Math.abs(a[p * n + c]) < 1e-300) throw new Error('solveLinear: singular matrix');
    if (p !== c) {
      for (let j = 0; j < n; j++) {
        const t = a[c * n + j];
        a[c * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
      const t = x[c];
      x[c] = x[p];
      x[p] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
      x[r] -= f * x[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let v = x[r];
    for (let j = r + 1; j < n; j++) v -= a[r * n + j] * x[j];
    x[r] = v / a[r * n + r];
  }
  return x;
}

/** Expected one-step reward of each state under pi: r_pi(s) = sum_a pi(a|s) sum_o p r. */
function expectedReward(
  m: GridModel,
  pi: ArrayLike<number>,
  rewardOf: Float64Array | Uint8Array,
): Float64Array {
  const Q = new Float64Array(m.numStates * m.numActions);
  const r = new Float64Array(m.numStates);
  qFromV(m, 0, rewardOf, new Float64Array(m.numStates), Q);
  vFromQ(m, pi, Q, r);
  return r;
}

/**
 * Value of a tabular policy pi[s, a] (probabilities). Finite horizon H: backward recursion
 * V_t = r_pi + gamma P_pi V_{t+1}, V_H = 0. Infinite horizon: solve (I - gamma P_pi) V = r_pi.
 */
export function evaluatePolicy(
  m: GridModel,
  pi: ArrayLike<number>,
  h: Horizon = { horizon: m.timeLimit },
): PolicyValues {
  const gamma = checkHorizon(h);
  if (h.horizon === Infinity) {
    const M = discountedSystem(m, pi, gamma);
    const V = solveLinear(M, expectedReward(m, pi, m.reward));
    // Success probability is undiscounted, which an infinite horizon cannot bound; report it
    // with the same discount so it stays finite (= discounted probability of reaching a goal).
    const W = solveLinear(M, expectedReward(m, pi, m.success));
    return { J: dotStart(m, V), V, successProb: dotStart(m, W) };
  }
  const V = finiteValues(m, pi, h.horizon, gamma, m.reward);
  const W = finiteValues(m, pi, h.horizon, 1, m.success);
  return { J: dotStart(m, V), V, successProb: dotStart(m, W) };
}

/**
 * [H * S] V_t(s) for t = 0..H-1: the value of a tabular policy pi[s, a] (probabilities) in state
 * s at step t, i.e. with H - t steps left (finite horizon H, discount gamma). A critic that knows
 * these is perfect for a time-limited episode; one V(s) per state cannot be, since the value of a
 * state depends on the steps left.
 */
export function stepValues(
  m: GridModel,
  pi: ArrayLike<number>,
  H: number,
  gamma = 1,
): Float64Array {
  checkHorizon({ horizon: H, gamma });
  const S = m.numStates;
  const out = new Float64Array(H * S);
  finiteValues(m, pi, H, gamma, m.reward, (t, _Q, V) => out.set(V, t * S));
  return out;
}

export interface PolicyGradient {
  readonly J: number;
  /** [S * A] dJ/dz[s, a]. */
  readonly grad: Float64Array;
}

/**
 * Exact gradient of J with respect to the logits z of a tabular softmax policy.
 *
 * Finite horizon H (policy gradient theorem, Sutton et al. 2000, written per time step because
 * the value depends on the steps left):
 *   dJ/dz[s, b] = sum_{t<H} gamma^t d_t(s) pi(b|s) (Q_t(s, b) - V_t(s)),
 * where d_t(s) = Pr(s_t = s and the episode still running at t) is the occupancy at step t
 * (d_0 = start distribution, d_{t+1}(s') = sum_{s,a} d_t(s) pi(a|s) P(s'|s,a) over
 * non-terminal transitions), Q_t / V_t are the values with H - t steps left, and
 * d pi(a|s) / d z[s, b] = pi(a|s) (1[a=b] - pi(b|s)) gives the pi (Q - V) form.
 * Infinite horizon (gamma < 1): the same with the discounted occupancy
 * d(s) = sum_t gamma^t d_t(s), i.e. d = (I - gamma P_pi)^-T rho_0, and the stationary Q, V.
 */
export function policyGradient(
  m: GridModel,
  logits: ArrayLike<number>,
  h: Horizon = { horizon: m.timeLimit },
): PolicyGradient {
  const gamma = checkHorizon(h);
  const S = m.numStates;
  const A = m.numActions;
  const pi = softmaxRows(logits, A);
  const grad = new Float64Array(S * A);
  const addTerm = (occupancy: Float64Array, weight: number, Q: Float64Array, V: Float64Array) => {
    for (let s = 0; s < S; s++) {
      const d = occupancy[s] * weight;
      if (d === 0 || !m.live[s]) continue;
      for (let b = 0; b < A; b++) grad[s * A + b] += d * pi[s * A + b] * (Q[s * A + b] - V[s]);
    }
  };

  if (h.horizon === Infinity) {
    const M = discountedSystem(m, pi, gamma);
    const V = solveLinear(M, expectedReward(m, pi, m.reward));
    const occupancy = solveLinear(M, m.startDist, true);
    const Q = new Float64Array(S * A);
    qFromV(m, gamma, m.reward, V, Q);
    addTerm(occupancy, 1, Q, V);
    return { J: dotStart(m, V), grad };
  }

  return finitePolicyGradient(m, pi, h.horizon, gamma, grad);
}

/** Per-task and mean objective of a bandit suite, with its exact gradient. */
export interface BanditExact {
  /** Mean over tasks of J_k. */
  readonly J: number;
  /** [tasks] J_k = sum_a pi_k(a) mu_k(a). */
  readonly perTask: Float64Array;
  /** Gradient of J (the task mean) with respect to the logits, same length as the logits. */
  readonly grad: Float64Array;
}

/**
 * Bandit suite objective for softmax logits: J_k = sum_a pi(a) mu_k(a) and
 * grad_z J_k = pi * (mu_k - J_k) (differentiate the softmax: d pi(a)/d z_b = pi(a)(1[a=b] - pi(b))).
 * `logits` is either [arms] (one policy shared by all tasks: gradient averaged over tasks) or
 * [tasks * arms] (a policy per task, as a tabular policy on the task-state: each task's row gets
 * its own gradient divided by the number of tasks, since J is the mean over tasks).
 */
export function banditExact(
  means: readonly (readonly number[])[],
  logits: ArrayLike<number>,
): BanditExact {
  const T = means.length;
  const K = means[0].length;
  const shared = logits.length === K;
  if (!shared && logits.length !== T * K)
    throw new Error(`banditExact: logits must have ${K} or ${T * K} entries, got ${logits.length}`);
  const pi = softmaxRows(logits, K);
  const perTask = new Float64Array(T);
  const grad = new Float64Array(logits.length);
  let J = 0;
  for (let k = 0; k < T; k++) {
    const o = shared ? 0 : k * K;
    let jk = 0;
    for (let a = 0; a < K; a++) jk += pi[o + a] * means[k][a];
    perTask[k] = jk;
    J += jk / T;
    for (let a = 0; a < K; a++) grad[o + a] += (pi[o + a] * (means[k][a] - jk)) / T;
  }
  return { J, perTask, grad };
}

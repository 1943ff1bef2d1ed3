import { describe, expect, it } from 'vitest';
import { banditExact, evaluatePolicy, gridModel, softmaxRows, stepValues } from '../envs/exact';
import { GRID_PRESETS } from '../envs/gridworld';
import { Rng } from '../rng';
import { EpisodeBatchSampler } from './episodeBatches';
import { runMicroscope, validateMicroscopeConfig, type MicroscopeConfig } from './microscope';
import { problemShape, problemTruth, type MicroscopeProblem } from './problem';
import { sweepMicroscope, sweepPlan } from './sweep';

/**
 * The microscope beyond the one-task bandit: FrozenLake 4x4 (slippery, 100-step limit) and a
 * multi-task bandit. Every check is statistical with a fixed seed: a claim "within k standard
 * errors" fails by chance with a probability far below 1 in 1000.
 */
const lake: MicroscopeProblem = { family: 'gridworld', map: GRID_PRESETS.frozenlake4x4 };
const uniform = (P: number) => new Array<number>(P).fill(0);
// A policy that is not uniform, so the gradient has structure: "right or down" is favoured.
const tilted = Array.from({ length: 64 }, (_, j) => [0, 0.6, 0.5, -0.4][j % 4] + 0.1 * (j % 7));

const lakeConfig: MicroscopeConfig = {
  problem: lake,
  logits: tilted,
  estimators: [
    // Each episode's sum over its steps, averaged over episodes (the preset's aggregation): the
    // policy gradient theorem's sample average, unbiased for grad J.
    { id: 'reinforce', preset: 'reinforce', overrides: {} },
    { id: 'rloo', preset: 'rloo', overrides: { aggregation: 'seq-mean-token-sum' } },
    { id: 'grpo', preset: 'grpo' },
    // Token-mean divides by the number of steps in the batch instead.
    { id: 'token-mean', preset: 'reinforce', overrides: { aggregation: 'token-mean' } },
    // TD(0) advantages r + V(s') - V(s): unbiased only when the critic's values are exact.
    {
      id: 'td0',
      preset: 'a2c',
      overrides: { gamma: 1, gaeLambda: 0, entropyCoef: 0, aggregation: 'seq-mean-token-sum' },
    },
  ],
  batchSize: 8,
  groupSize: 4,
  batches: 1500,
  seed: 11,
};
const lakeResult = runMicroscope(lakeConfig);
const lookOf = (id: string) => {
  const l = lakeResult.estimators.find((e) => e.id === id);
  if (!l || l.error !== undefined) throw new Error(`no look at ${id}: ${l?.error}`);
  return l;
};

describe('stepValues: V_t(s) of a finite-horizon policy', () => {
  it('V_0 is the policy value and V_{H-1} the expected next reward', () => {
    const m = gridModel(GRID_PRESETS.frozenlake4x4);
    const pi = softmaxRows(tilted, 4);
    const table = stepValues(m, pi, 100);
    const V = evaluatePolicy(m, pi).V;
    for (let s = 0; s < 16; s++) expect(table[s]).toBeCloseTo(V[s], 12);
    // One step left at state 14 (left of the goal): the chance to land on G.
    const last = table.subarray(99 * 16);
    const intoGoal = [0, 1, 2, 3].reduce((acc, a) => {
      let p = 0;
      for (let o = 0; o < m.outcomes; o++) {
        const k = (14 * 4 + a) * m.outcomes + o;
        if (m.next[k] === 15) p += m.prob[k];
      }
      return acc + pi[14 * 4 + a] * p;
    }, 0);
    expect(last[14]).toBeCloseTo(intoGoal, 12);
  });
});

describe('episode batches on FrozenLake 4x4', () => {
  it('returns average to the exact J, groups share a start, lengths respect the time limit', () => {
    const pi = softmaxRows(tilted, 4);
    const sampler = new EpisodeBatchSampler(lake, pi, 64, 4, Rng.fromSeed(5), false);
    const returns: number[] = [];
    for (let m = 0; m < 150; m++) {
      const { batch: b } = sampler.next();
      for (let e = 0; e < b.numEpisodes; e++) {
        expect(b.lengths[e]).toBeGreaterThan(0);
        expect(b.lengths[e]).toBeLessThanOrEqual(100);
        expect(b.taskIds[e]).toBe(b.taskIds[e - (e % 4)]);
        expect(b.states[e * b.maxSteps]).toBe(0); // the one start cell
        let r = 0;
        for (let t = 0; t < b.lengths[e]; t++) r += b.rewards[e * b.maxSteps + t];
        returns.push(r);
      }
    }
    const n = returns.length;
    const mean = returns.reduce((s, r) => s + r, 0) / n;
    const se = Math.sqrt((mean * (1 - mean)) / n);
    const J = problemTruth(lake, tilted).J;
    expect(Math.abs(mean - J)).toBeLessThan(4 * se);
  });

  it('greedy rollouts follow the argmax action and replay the group leader’s random numbers', () => {
    // A deterministic policy (huge logits on "right") on a slip-free map: greedy = sampled.
    const map = { ...GRID_PRESETS.frozenlake4x4, slip: 0 };
    const logits = Array.from({ length: 64 }, (_, j) => (j % 4 === 2 ? 30 : 0));
    const p: MicroscopeProblem = { family: 'gridworld', map };
    const sampler = new EpisodeBatchSampler(p, softmaxRows(logits, 4), 8, 4, Rng.fromSeed(2));
    const { batch, greedyReturns } = sampler.next();
    // Right, right, right, then the wall at the border until the time limit: return 0.
    expect(Array.from(greedyReturns(1))).toEqual([0, 0]);
    expect(batch.lengths[0]).toBe(100);
  });
});

describe('the microscope on FrozenLake 4x4', () => {
  it('uses the exact gradient of the 16 x 4 logits, zero on cells the agent never stands on', () => {
    expect(lakeResult.shape).toMatchObject({ numStates: 16, numActions: 4, maxSteps: 100 });
    expect(lakeResult.exact.length).toBe(64);
    for (const s of [5, 7, 11, 12, 15])
      // holes and goal
      for (let a = 0; a < 4; a++) expect(lakeResult.exact[s * 4 + a]).toBe(0);
    expect(Math.hypot(...lakeResult.exact)).toBeGreaterThan(1e-3);
  });

  it("REINFORCE's bias is within its standard error of zero (|b|^2 near its noise floor V/M)", () => {
    const { stats } = lookOf('reinforce');
    expect(stats.maxBiasZ).toBeLessThan(4.5);
    expect(stats.biasSq).toBeLessThan(3 * stats.biasSqFloor);
  });

  it('RLOO is unbiased too; a TD(0) advantage with the exact V_t(s) is unbiased', () => {
    for (const id of ['rloo', 'td0']) {
      const { stats } = lookOf(id);
      expect(stats.biasSq).toBeLessThan(3 * stats.biasSqFloor);
    }
    // The perfect critic removes most of the noise of the Monte Carlo return.
    expect(lookOf('td0').stats.variance).toBeLessThan(lookOf('reinforce').stats.variance);
  });

  it('GRPO (std division) and token-mean aggregation (1 / steps, not 1 / episodes) are biased', () => {
    for (const id of ['grpo', 'token-mean']) {
      const { stats } = lookOf(id);
      expect(stats.biasSq).toBeGreaterThan(10 * stats.biasSqFloor);
    }
  });

  it("REINFORCE's variance falls as 1/N (sweep over batch size)", () => {
    const rows = sweepMicroscope(
      { ...lakeConfig, estimators: lakeConfig.estimators.slice(0, 1), batches: 600 },
      'batch',
      [
        { batchSize: 4, groupSize: 4 },
        { batchSize: 32, groupSize: 4 },
      ],
    );
    const ratio = rows[0].values.reinforce.variance / rows[1].values.reinforce.variance;
    // 8 times more episodes: 8 times less variance, to within the sampling error of M = 600.
    expect(ratio).toBeGreaterThan(6);
    expect(ratio).toBeLessThan(10.5);
  });

  it('a sweep over episodes stops at 256 per batch and draws fewer batches where they are long', () => {
    const plan = sweepPlan({ ...lakeConfig, batches: 500 }, 'batch');
    expect(plan.map((p) => p.batchSize)).toEqual([4, 8, 16, 32, 64, 128, 256]);
    // 2e6 episode-steps per point at 100 steps per episode: M = min(500, 20000 / N), at least 50.
    expect(plan.map((p) => p.batches)).toEqual([500, 500, 500, 500, 312, 156, 78]);
  });

  it('says what is wrong with a policy of the wrong size or a too long batch', () => {
    expect(validateMicroscopeConfig({ ...lakeConfig, logits: uniform(3) })).toContain(
      'the policy has 3 logits but the problem needs 64 (16 states x 4 actions)',
    );
    expect(validateMicroscopeConfig({ ...lakeConfig, batchSize: 4000 }).join()).toMatch(
      /batch size times the episode length \(4000 x 100\) must be at most 262144/,
    );
    const long: MicroscopeProblem = {
      family: 'gridworld',
      map: { ...GRID_PRESETS.frozenlake4x4, timeLimit: 800 },
    };
    expect(validateMicroscopeConfig({ ...lakeConfig, problem: long }).join()).toMatch(
      /time limit is 800 steps; the microscope samples episodes of at most 500/,
    );
  });
});

describe('the microscope on a multi-task bandit (a policy per task)', () => {
  const suite: MicroscopeProblem = {
    family: 'bandit-suite',
    params: {
      kind: 'bernoulli',
      means: [
        [0.1, 0.9],
        [0.7, 0.3],
        [0.5, 0.6],
      ],
    },
  };
  const logits = [0.2, -0.1, 0, 0.4, -0.3, 0.1];
  const r = runMicroscope({
    problem: suite,
    logits,
    estimators: [
      { id: 'reinforce', preset: 'reinforce' },
      { id: 'ema', preset: 'reinforce-baseline' },
    ],
    batchSize: 12,
    groupSize: 4,
    batches: 3000,
    seed: 4,
  });

  it('the exact gradient is the task mean (banditExact on the [tasks x arms] logits)', () => {
    expect(problemShape(suite)).toMatchObject({ numStates: 3, numActions: 2, numTasks: 3 });
    const want = banditExact(suite.params.means, logits);
    expect(Array.from(r.exact)).toEqual(Array.from(want.grad));
    expect(r.J).toBe(want.J);
  });

  it('REINFORCE and the per-task EMA baseline (at its fixed point) are unbiased; the EMA cuts variance', () => {
    const [plain, ema] = r.estimators;
    if (plain.error !== undefined || ema.error !== undefined) throw new Error('no look');
    for (const l of [plain, ema]) expect(l.stats.maxBiasZ).toBeLessThan(4);
    expect(ema.stats.variance).toBeLessThan(plain.stats.variance);
    // Theory's closed forms are for one task only.
    expect(plain.theory).toEqual({ scale: null, variance: null });
  });
});

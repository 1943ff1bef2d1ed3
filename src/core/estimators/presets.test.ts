import { describe, expect, it } from 'vitest';
import { computeAdvantages, createEstimatorState } from './advantages';
import { makeRolloutBatch } from './batch';
import { PRESET_CARDS } from './cards';
import { estimatorNeeds } from './needs';
import {
  EstimatorConfigError,
  PRESET_LABELS,
  PRESET_NAMES,
  PRESETS,
  resolveEstimator,
  type PresetName,
} from './presets';
import type { EstimatorOverrides } from './spec';
import { validateEstimator } from './validate';

const bandit = (rs: number[], G: number) =>
  makeRolloutBatch(
    rs.map((r) => ({ rewards: [r] })),
    G,
  );

describe('every preset is valid, labelled and has a card', () => {
  it.each(PRESET_NAMES)('%s', (name) => {
    expect(validateEstimator(PRESETS[name])).toEqual([]);
    expect(PRESET_LABELS[name]).toBeTruthy();
    const card = PRESET_CARDS[name];
    expect(card.explanation.length).toBeGreaterThan(40);
    expect(card.formula).toMatch(/\\/); // KaTeX source
    expect(card.source.paper).toBeTruthy();
    expect(card.source.implementation).toBeTruthy();
  });
  it('covers the table of estimators.md', () => {
    expect(PRESET_NAMES).toHaveLength(21);
  });
});

/** Conventions each preset pins (golden values), with the source they come from. */
const conventions: Record<PresetName, Partial<Record<keyof EstimatorOverrides, unknown>>> = {
  reinforce: { baseline: 'none', surrogate: 'vanilla', returnTarget: 'episode' },
  'reinforce-baseline': { baseline: 'ema', emaRate: 0.1 },
  'optimal-baseline': { baseline: 'optimal' },
  a2c: {
    returnTarget: 'gae',
    gaeLambda: 1,
    gamma: 0.99,
    baseline: 'critic',
    entropyCoef: 0.01,
    valueCoef: 0.5,
    maxGradNorm: 0.5,
    adamEpsilon: 1e-5,
  },
  // CleanRL ppo.py defaults
  ppo: {
    gamma: 0.99,
    gaeLambda: 0.95,
    normalisation: 'batch-std',
    batchStdEps: 1e-8,
    clipLow: 0.2,
    clipHigh: 0.2,
    epochs: 4,
    minibatches: 4,
    entropyCoef: 0.01,
    valueCoef: 0.5,
    valueClip: 0.2,
    maxGradNorm: 0.5,
    optimizer: 'adam',
    learningRate: 2.5e-4,
    adamEpsilon: 1e-5,
    bootstrapTruncated: false,
    aggregation: 'token-mean',
  },
  // TRL RLOOTrainer: k1 summed in the reward; G = 1 -> A = 0
  rloo: {
    baseline: 'leave-one-out',
    looSingleton: 'zero',
    klEstimator: 'k1',
    klPlacement: 'reward',
    klCoef: 0.05,
  },
  // TRL GRPOTrainer: unbiased std, eps 1e-4, beta 0, k3 in the loss
  grpo: {
    normalisation: 'group-std',
    stdDdof: 1,
    stdEps: 1e-4,
    surrogate: 'ppo-clip',
    clipLow: 0.2,
    clipHigh: 0.2,
    aggregation: 'seq-mean-token-mean',
    klCoef: 0,
    klEstimator: 'k3',
    klPlacement: 'loss',
  },
  'dr-grpo': {
    baseline: 'group-mean',
    normalisation: 'none',
    aggregation: 'seq-mean-token-sum-norm',
  },
  dapo: {
    clipLow: 0.2,
    clipHigh: 0.28,
    aggregation: 'token-mean',
    dropZeroVariance: true,
    klCoef: 0,
  },
  bnpo: { baseline: 'group-mean', normalisation: 'beta' },
  gdpo: { baseline: 'group-mean', normalisation: 'decoupled', stdEps: 1e-4 },
  remax: { baseline: 'greedy', surrogate: 'vanilla' },
  psr: { selection: 'psr', baseline: 'none' },
  nsr: { selection: 'nsr', baseline: 'none' },
  'w-reinforce': { selection: 'w-reinforce', wReinforceLambda: 0.1 },
  'clip-cov': { covRegulariser: 'clip-cov', surrogate: 'ppo-clip', clipCovLow: 1, clipCovHigh: 5 },
  'kl-cov': { covRegulariser: 'kl-cov', surrogate: 'ratio', klCovCoef: 1 },
  spo: { baseline: 'tracker', normalisation: 'batch-std' },
  mdpo: { surrogate: 'mdpo', mdpoStepSize: 1, epochs: 4 },
  'natural-pg': { optimizer: 'natural', naturalDamping: 1e-2 },
  'entropy-pg': { entropyCoef: 0.05 },
};

describe('preset conventions', () => {
  it.each(PRESET_NAMES)('%s', (name) => {
    const spec = PRESETS[name] as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(conventions[name]))
      expect(spec[field], field).toEqual(value);
  });

  it('GRPO vs Dr. GRPO vs RLOO on r = [1, 0, 0, 1]', () => {
    const A = (p: string, o: EstimatorOverrides = {}) =>
      Array.from(
        computeAdvantages(bandit([1, 0, 0, 1], 4), resolveEstimator(p, o), createEstimatorState(1))
          .advantages,
      );
    expect(A('grpo')[0]).toBeCloseTo(0.5 / (0.57735 + 1e-4), 4);
    expect(A('dr-grpo')[0]).toBeCloseTo(0.5, 6);
    expect(A('rloo', { klCoef: 0, reference: 'none' })[0]).toBeCloseTo(2 / 3, 6);
  });

  it('RLOO subtracts beta * summed k1 from the return', () => {
    const batch = makeRolloutBatch(
      [
        { rewards: [0, 1], logp: [-1, -1] },
        { rewards: [0, 0], logp: [-1, -1] },
      ],
      2,
    );
    const plan = computeAdvantages(batch, resolveEstimator('rloo'), createEstimatorState(1), {
      refLogp: [-2, -2, -1, -1],
    });
    // k1 sums: episode 0: 2 * (-1 - -2) = 2, episode 1: 0 -> returns 1 - 0.1 and 0
    expect(plan.episodeReturns[0]).toBeCloseTo(0.9, 6);
    expect(plan.advantages[0]).toBeCloseTo(0.9, 6);
  });

  it('SPO: one rollout per task, tracker baseline then batch whitening', () => {
    const spec = resolveEstimator('spo', {}, { groupSize: 1 });
    const batch = makeRolloutBatch(
      [
        { rewards: [1], taskId: 0 },
        { rewards: [0], taskId: 1 },
        { rewards: [1], taskId: 2 },
      ],
      1,
    );
    const state = createEstimatorState(3);
    const A = computeAdvantages(batch, spec, state).advantages; // p = 0.5 -> (0.5, -0.5, 0.5) whitened
    expect(A[0]).toBeCloseTo(1 / Math.sqrt(3), 5);
    expect(A[1]).toBeCloseTo(-2 / Math.sqrt(3), 5);
    expect(state.tracker.alpha[0]).toBeCloseTo(0.9 + 1, 12);
  });

  it('needs: which presets want groups, a critic, a reference, greedy rollouts, a table', () => {
    const needs = (n: PresetName) => estimatorNeeds(PRESETS[n]);
    const group = PRESET_NAMES.filter((n) => needs(n).groupRollouts.length > 0);
    expect(group).toEqual([
      'rloo',
      'grpo',
      'dr-grpo',
      'dapo',
      'bnpo',
      'gdpo',
      'clip-cov',
      'kl-cov',
    ]);
    expect(PRESET_NAMES.filter((n) => needs(n).critic.length > 0)).toEqual(['a2c', 'ppo']);
    expect(PRESET_NAMES.filter((n) => needs(n).referencePolicy.length > 0)).toEqual(['rloo']);
    expect(PRESET_NAMES.filter((n) => needs(n).greedyRollouts.length > 0)).toEqual(['remax']);
    expect(PRESET_NAMES.filter((n) => needs(n).tabularPolicy.length > 0)).toEqual(['natural-pg']);
    expect(needs('ppo')).toMatchObject({ epochs: 4, minibatches: 4 });
  });
});

describe('bad input: each problem names its field and the allowed range', () => {
  const problemsOf = (preset: string, over: Record<string, unknown>, ctx = {}) => {
    try {
      resolveEstimator(preset, over as EstimatorOverrides, ctx);
    } catch (e) {
      expect(e).toBeInstanceOf(EstimatorConfigError);
      return (e as EstimatorConfigError).problems;
    }
    return [];
  };
  it.each([
    ['reinforce', { learningRate: 0 }, {}, /^learningRate must be > 0, got 0/],
    ['reinforce', { learningRate: -1 }, {}, /^learningRate must be > 0/],
    ['ppo', { clipLow: 0 }, {}, /^clipLow must be in \(0, 1\)/],
    ['ppo', { clipHigh: -0.1 }, {}, /^clipHigh must be > 0/],
    ['ppo', { dualClip: 0.5 }, {}, /^dualClip must be > 1 \(or 0 = off\)/],
    [
      'grpo',
      {},
      { groupSize: 1 },
      /^groupSize must be >= 2 for baseline: group-mean, normalisation: group-std, got 1/,
    ],
    ['grpo', { klCoef: 0.04 }, {}, /^reference must be initial when klCoef > 0/],
    ['reinforce', { gamma: 1.5 }, {}, /^gamma must be in \[0, 1\]/],
    ['reinforce', { epochs: 1.5 }, {}, /^epochs must be an integer >= 1/],
    ['reinforce', { baseline: 'median' }, {}, /^baseline must be one of none, ema, group-mean/],
    [
      'reinforce',
      { learningRat: 0.1 },
      {},
      /^learningRat: unknown field; allowed fields: returnTarget/,
    ],
    ['reinforce', { stdDdof: 2 }, {}, /^stdDdof must be one of 0, 1/],
    ['natural-pg', {}, { tabular: false }, /^optimizer must be sgd, adam or normalized-momentum/],
    ['reinforce', { returnTarget: 'gae' }, {}, /^baseline must be critic with returnTarget gae/],
  ])('%s %j %j', (preset, over, ctx, pattern) => {
    expect(problemsOf(preset, over, ctx).some((p) => pattern.test(p))).toBe(true);
  });

  it('an unknown preset names the allowed presets', () => {
    expect(problemsOf('reinforcee', {})[0]).toMatch(
      /^preset must be one of reinforce, reinforce-baseline/,
    );
  });

  it('RLOO accepts groups of one (looSingleton decides A)', () => {
    expect(problemsOf('rloo', {}, { groupSize: 1 })).toEqual([]);
  });

  it('several problems are reported together', () => {
    expect(problemsOf('ppo', { learningRate: 0, clipHigh: 0 })).toHaveLength(2);
  });
});

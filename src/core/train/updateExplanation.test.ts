import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EstimatorOverrides } from '../estimators/spec';
import type { TrainConfig } from './config';
import { Trainer } from './trainer';
import {
  MAX_EXPLAINED_EPISODES,
  MAX_EXPLAINED_STEPS,
  shownEpisodeCount,
  type UpdateExplanation,
} from './updateExplanation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A 3-armed bandit whose arm 2 always pays 1 and the others never (Bernoulli means 0, 1, 0), 4
 * pulls per update: small enough to check every number of an update by hand.
 */
function threeArms(preset: string, groupSize = 1, overrides: EstimatorOverrides = {}): Trainer {
  return new Trainer({
    env: { family: 'bandit', params: { kind: 'bernoulli', means: [[0, 1, 0]] } },
    policy: { kind: 'tabular' },
    episodesPerUpdate: 4,
    runs: [
      {
        id: 'a',
        label: preset,
        preset,
        overrides: { learningRate: 0.5, ...overrides },
        seed: 3,
        groupSize,
      },
    ],
  });
}

const column = (x: UpdateExplanation, key: 'action' | 'reward' | 'baseline' | 'advantage') =>
  x.episodes.map((e) => e.steps[0][key]);

/** softmax of a logits row. */
const softmax = (z: number[]) => {
  const e = z.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe('explainNextUpdate: a worked example on a 3-armed bandit (seed 3)', () => {
  // The seed draws arms 3, 2, 3, 3 (0-based 2, 1, 2, 2) from the uniform first policy: one
  // reward of 1 (arm 2), three of 0. pi = (1/3, 1/3, 1/3) and every step weight is 1/4.

  it('REINFORCE: A = R, g = mean A (e_a - pi) = (-1/12, 1/6, -1/12), pi_new = softmax(0.5 g)', async () => {
    const x = await threeArms('reinforce').explainNextUpdate(0);
    expect(column(x, 'action')).toEqual([2, 1, 2, 2]);
    expect(column(x, 'reward')).toEqual([0, 1, 0, 0]);
    expect(x.episodes.map((e) => e.return)).toEqual([0, 1, 0, 0]);
    expect(column(x, 'baseline')).toEqual([0, 0, 0, 0]);
    expect(column(x, 'advantage')).toEqual([0, 1, 0, 0]);
    expect(x.advantagesNormalised).toBe(false);
    expect(x.episodes[1].steps[0].probability).toBeCloseTo(1 / 3, 6);
    expect(x.episodes[1].steps[0].weight).toBe(0.25);
    // Only episode 2 has A != 0: g = 1/4 * 1 * (e_2 - pi) = 1/4 (-1/3, 2/3, -1/3).
    const [pass] = x.passes;
    expect(x.passes).toHaveLength(1);
    expect(pass.gradient[0]).toBeCloseTo(-1 / 12, 9);
    expect(pass.gradient[1]).toBeCloseTo(1 / 6, 9);
    expect(pass.gradient[2]).toBeCloseTo(-1 / 12, 9);
    expect(pass.clipped).toBe(false);
    expect(pass.clippedGradient).toEqual(pass.gradient);
    // SGD: z' = 0 + 0.5 g = (-1/24, 1/12, -1/24); pi_new(arm 2) = 1 / (1 + 2 e^{-1/8}) = 0.36166.
    expect(x.logitsAfter[1]).toBeCloseTo(1 / 12, 9);
    x.policyBefore.forEach((p) => expect(p).toBeCloseTo(1 / 3, 12));
    expect(x.policyAfter[1]).toBeCloseTo(0.361664, 6);
    expect(x.policyAfter[1]).toBeCloseTo(1 / (1 + 2 * Math.exp(-1 / 8)), 9);
    expect(x.update).toBe(1);
    expect(x.estimator.label).toBe('REINFORCE');
    expect(x.actionLabels).toEqual(['arm 1', 'arm 2', 'arm 3']);
    expect(x.stateLabels).toEqual(['the bandit']);
  });

  it('RLOO (G = 4): b_i = mean of the other 3 returns, A = (-1/3, 1, -1/3, -1/3), g = (0, 1/4, -1/4)', async () => {
    const x = await threeArms('rloo', 4).explainNextUpdate(0);
    expect(column(x, 'action')).toEqual([2, 1, 2, 2]);
    // b for a 0-reward pull: (1 + 0 + 0) / 3; for the 1-reward pull: 0.
    expect(column(x, 'baseline')).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
    const adv = column(x, 'advantage');
    [-1 / 3, 1, -1 / 3, -1 / 3].forEach((a, e) => expect(adv[e]).toBeCloseTo(a, 6));
    expect(x.episodes.every((e) => e.group === 0)).toBe(true);
    // The three -1/3 pulls of arm 3 add up to -(e_3 - pi): g = 1/4 ((e_2 - pi) - (e_3 - pi)).
    const g = x.passes[0].gradient;
    [0, 0.25, -0.25].forEach((v, a) => expect(g[a]).toBeCloseTo(v, 6));
    // The KL to the initial policy is 0 at the first update (pi = pi_ref).
    const expected = softmax([0, 0.125, -0.125]);
    expected.forEach((p, a) => expect(x.policyAfter[a]).toBeCloseTo(p, 6));
  });

  it('GRPO (G = 4): A = (R - 1/4) / (std + 1e-4) with the unbiased std 1/2; the ratio is 1, so g is vanilla', async () => {
    const x = await threeArms('grpo', 4).explainNextUpdate(0);
    expect(column(x, 'baseline')).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(x.episodes.map((e) => e.steps[0].unnormalisedAdvantage)).toEqual([
      -0.25, 0.75, -0.25, -0.25,
    ]);
    // std = sqrt((0.75^2 + 3 * 0.25^2) / 3) = 1/2.
    const adv = column(x, 'advantage');
    expect(adv[1]).toBeCloseTo(0.75 / 0.5001, 6);
    expect(adv[0]).toBeCloseTo(-0.25 / 0.5001, 6);
    expect(x.advantagesNormalised).toBe(true);
    // g = 1/4 (1.4997 (e_2 - pi) - 3 * 0.49990 (e_3 - pi)) = (0, 0.374925, -0.374925).
    const g = x.passes[0].gradient;
    const half = (0.25 * 0.75) / 0.5001;
    [0, half, -half].forEach((v, a) => expect(g[a]).toBeCloseTo(v, 6));
    softmax([0, 0.5 * half, -0.5 * half]).forEach((p, a) =>
      expect(x.policyAfter[a]).toBeCloseTo(p, 6),
    );
  });

  it('gradient clipping: |g| = 0.2041 is scaled to the max norm 0.1, and SGD steps with the clipped g', async () => {
    const x = await threeArms('reinforce', 1, { maxGradNorm: 0.1 }).explainNextUpdate(0);
    const [pass] = x.passes;
    expect(pass.gradNorm).toBeCloseTo(Math.sqrt(1 / 144 + 1 / 36 + 1 / 144), 9);
    expect(pass.clipped).toBe(true);
    const scale = 0.1 / (pass.gradNorm + 1e-6);
    pass.gradient.forEach((g, a) => expect(pass.clippedGradient[a]).toBeCloseTo(g * scale, 12));
    pass.clippedGradient.forEach((g, a) => expect(x.logitsAfter[a]).toBeCloseTo(0.5 * g, 12));
  });
});

/** A few updates, with update number `explainAt` explained or not: the parameters and metrics. */
async function trajectory(config: TrainConfig, explainAt: number | null, updates = 4) {
  const trainer = new Trainer(config);
  const metrics: number[][] = [];
  for (let u = 0; u < updates; u++) {
    if (u === explainAt) await trainer.explainNextUpdate(config.runs.length - 1);
    else await trainer.update();
    metrics.push(Array.from(trainer.latest));
  }
  return { metrics, parameters: (await trainer.parameters()).map((p) => Array.from(p)) };
}

const frozenLakePpoSgd: TrainConfig = {
  env: {
    family: 'gridworld',
    map: {
      rows: ['SFFF', 'FHFH', 'FFFH', 'HFFG'],
      slip: 2 / 3,
      timeLimit: 100,
      actions: 'LDRU',
    },
  },
  policy: { kind: 'tabular' },
  episodesPerUpdate: 16,
  runs: [
    { id: 'a', label: 'REINFORCE', preset: 'reinforce', overrides: {}, seed: 5 },
    {
      id: 'b',
      label: 'PPO',
      preset: 'ppo',
      overrides: { optimizer: 'sgd', learningRate: 0.5, epochs: 2, minibatches: 2 },
      seed: 6,
    },
  ],
};

describe('an explained update is the same update', () => {
  it('leaves parameters and every metric identical to a plain update (bandit, EMA baseline)', async () => {
    const config: TrainConfig = {
      env: { family: 'bandit', params: { kind: 'bernoulli', means: [[0.2, 0.5, 0.8]] } },
      policy: { kind: 'tabular' },
      episodesPerUpdate: 32,
      runs: [
        { id: 'a', label: 'b', preset: 'reinforce-baseline', overrides: {}, seed: 1 },
        { id: 'c', label: 'g', preset: 'grpo', overrides: {}, seed: 2, groupSize: 8 },
      ],
    };
    expect(await trajectory(config, 1)).toEqual(await trajectory(config, null));
  });

  it('leaves parameters and metrics identical on FrozenLake with PPO (shuffled minibatches, critic)', async () => {
    expect(await trajectory(frozenLakePpoSgd, 2)).toEqual(await trajectory(frozenLakePpoSgd, null));
  });

  it('records every optimiser step: with SGD the logits move by exactly eta times the sum of the clipped gradients', async () => {
    const trainer = new Trainer(frozenLakePpoSgd);
    await trainer.update();
    const x = await trainer.explainNextUpdate(1);
    expect(x.update).toBe(2);
    expect(x.passes).toHaveLength(4); // 2 epochs x 2 minibatches
    expect(x.hiddenPasses).toBe(0);
    expect(x.passes.map((p) => p.episodes.length)).toEqual([8, 8, 8, 8]);
    expect([...x.passes[0].episodes, ...x.passes[1].episodes].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 16 }, (_, e) => e),
    );
    x.logitsAfter.forEach((z, j) => {
      const moved = x.passes.reduce((s, p) => s + 0.5 * p.clippedGradient[j], 0);
      expect(z).toBeCloseTo(x.logitsBefore[j] + moved, 10);
    });
    // Only visited states can have a gradient; the labels name cells and arrows.
    x.passes[0].gradient.forEach((g, j) => {
      if (!x.visitedStates.includes(Math.floor(j / 4))) expect(g).toBe(0);
    });
    expect(x.stateLabels[5]).toBe('row 2, col 2');
    expect(x.actionLabels).toEqual(['←', '↓', '→', '↑']);
    // PPO's critic is the baseline: target = A^GAE + V, so target - baseline is the raw advantage.
    for (const e of x.episodes)
      for (const s of e.steps)
        expect(s.target - s.baseline).toBeCloseTo(s.unnormalisedAdvantage, 9);
  });
});

describe('size caps', () => {
  it('shows whole groups, at most 64 episodes', () => {
    expect(shownEpisodeCount(4, 1)).toBe(4);
    expect(shownEpisodeCount(256, 1)).toBe(MAX_EXPLAINED_EPISODES);
    expect(shownEpisodeCount(96, 3)).toBe(63);
    expect(shownEpisodeCount(256, 128)).toBe(64);
  });

  it('says how many episodes and steps are hidden', async () => {
    const open8x8 = [...Array(7).fill('FFFFFFFF'), 'FFFFFFFG'];
    open8x8[0] = 'SFFFFFFF';
    const trainer = new Trainer({
      env: {
        family: 'gridworld',
        map: { rows: open8x8, slip: 0, timeLimit: 300, actions: 'LDRU' },
      },
      policy: { kind: 'tabular' },
      episodesPerUpdate: 96,
      runs: [{ id: 'a', label: 'r', preset: 'reinforce', overrides: {}, seed: 1 }],
    });
    const x = await trainer.explainNextUpdate(0);
    expect(x.episodes).toHaveLength(64);
    expect(x.hiddenEpisodes).toBe(32);
    const long = x.episodes.filter((e) => e.length > MAX_EXPLAINED_STEPS);
    expect(long.length).toBeGreaterThan(0);
    for (const e of long) {
      expect(e.steps).toHaveLength(MAX_EXPLAINED_STEPS);
      expect(e.hiddenSteps).toBe(e.length - MAX_EXPLAINED_STEPS);
    }
  });
});

describe('bad requests get a clear message', () => {
  it('refuses neural policies and run indices out of range', async () => {
    const config: TrainConfig = {
      env: { family: 'bandit', params: { kind: 'bernoulli', means: [[0.2, 0.8]] } },
      policy: { kind: 'tabular' },
      episodesPerUpdate: 4,
      runs: [{ id: 'a', label: 'r', preset: 'reinforce', overrides: {}, seed: 1 }],
    };
    await expect(new Trainer(config).explainNextUpdate(1)).rejects.toThrow(
      'run index must be an integer in [0, 0], got 1',
    );
    const mlp = new Trainer({ ...config, policy: { kind: 'mlp', hidden: [4] } });
    await expect(mlp.explainNextUpdate(0)).rejects.toThrow(
      'a step-by-step explanation needs a tabular policy; this experiment uses mlp',
    );
    mlp.dispose();
  });
});

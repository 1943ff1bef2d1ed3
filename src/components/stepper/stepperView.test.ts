import { describe, expect, it } from 'vitest';
import { Trainer } from '../../core/train/trainer';
import type { ExplainedEpisode, ExplainedStep } from '../../core/train/updateExplanation';
import {
  actionsText,
  fmt,
  fmtSigned,
  fmtWeight,
  gradientParts,
  rewardsText,
  rowSum,
  variesWithinEpisode,
} from './stepperView';

const step = (action: number, reward: number, target = 0): ExplainedStep => ({
  state: 0,
  action,
  reward,
  probability: 0.25,
  target,
  baseline: 0,
  unnormalisedAdvantage: target,
  advantage: target,
  weight: 0.1,
});

const episode = (steps: ExplainedStep[], length = steps.length): ExplainedEpisode => ({
  index: 0,
  task: 0,
  group: 0,
  length,
  success: false,
  truncated: false,
  kept: true,
  return: steps.reduce((s, x) => s + x.reward, 0),
  steps,
  hiddenSteps: length - steps.length,
});

describe('stepper formatting', () => {
  it('prints a real minus sign, and no "−0.000" for values that round to zero', () => {
    expect(fmt(-0.3333333)).toBe('−0.333');
    expect(fmt(2.5e-9)).toBe('0.000');
    expect(fmt(-2.5e-9)).toBe('0.000');
    expect(fmt(NaN)).toBe('–');
    expect(fmtSigned(0.125)).toBe('+0.125');
    expect(fmtSigned(-0.125)).toBe('−0.125');
    expect(fmtSigned(1e-7)).toBe('0.000');
  });

  it("lists a bandit pull's reward, and summarises a long gridworld episode by its non-zero rewards", () => {
    expect(rewardsText(episode([step(2, 1)]))).toBe('1');
    const long = episode([...Array.from({ length: 9 }, () => step(1, 0)), step(2, 1)]);
    expect(rewardsText(long)).toBe('Σ 1.00 (1 at t=9)');
    expect(
      rewardsText(
        episode(
          Array.from({ length: 8 }, () => step(0, 0)),
          120,
        ),
      ),
    ).toBe('Σ 0.00 (all 0) + 112 steps not shown');
  });

  it('writes gridworld actions as a string of arrows and bandit arms as a list', () => {
    const arrows = ['←', '↓', '→', '↑'];
    expect(actionsText(episode([step(2, 0), step(2, 0), step(1, 0)]), arrows)).toBe('→→↓');
    expect(actionsText(episode([step(2, 0), step(1, 0)]), ['arm 1', 'arm 2', 'arm 3'])).toBe(
      'arm 3, arm 2',
    );
    const long = episode(Array.from({ length: 30 }, () => step(3, 0)));
    expect(actionsText(long, arrows, 5)).toBe('↑↑↑↑↑… (+25)');
  });

  it('tells whether a per-step value varies within an episode (reward-to-go does, episode returns do not)', () => {
    expect(variesWithinEpisode(episode([step(0, 0, 1), step(0, 1, 1)]), 'target')).toBe(false);
    expect(variesWithinEpisode(episode([step(0, 0, 2), step(0, 1, 1)]), 'target')).toBe(true);
  });

  it('sums a table over the actions of one state', () => {
    expect(rowSum([0.2, 0.3, 0.5, 0.1, 0.9, 0], 0, 3)).toBeCloseTo(1, 12);
    expect(rowSum([0.2, 0.3, 0.5, 0.1, 0.9, 0], 1, 3)).toBeCloseTo(1, 12);
  });
});

describe('fmtWeight', () => {
  it('shows aggregation weights as the fractions they are', () => {
    expect(fmtWeight(1 / 32)).toBe('1/32');
    expect(fmtWeight(Math.fround(1 / 96))).toBe('1/96');
    expect(fmtWeight(0)).toBe('0.0000');
    expect(fmtWeight(0.3)).toBe('0.3000');
  });
});

describe('gradientParts: the vanilla gradient as a push up for the taken action and a push down for all', () => {
  const bandit = (preset: string, overrides = {}) =>
    new Trainer({
      env: { family: 'bandit', params: { kind: 'bernoulli', means: [[0.2, 0.5, 0.8]] } },
      policy: { kind: 'tabular' },
      episodesPerUpdate: 8,
      runs: [{ id: 'a', label: 'r', preset, overrides, seed: 4 }],
    });

  it('REINFORCE: up + down reproduces the recorded gradient, and down is -pi times the total push', async () => {
    const trainer = bandit('reinforce');
    await trainer.update();
    const x = await trainer.explainNextUpdate(0);
    const parts = gradientParts(x);
    expect(parts).not.toBeNull();
    const { up, down } = parts as { up: number[]; down: number[] };
    x.passes[0].gradient.forEach((g, a) => expect(up[a] + down[a]).toBeCloseTo(g, 9));
    const total = up.reduce((s, v) => s + v, 0);
    down.forEach((d, a) => expect(d).toBeCloseTo(-x.policyBefore[a] * total, 12));
  });

  it('is withheld where the split would be wrong: an entropy bonus, or several optimiser steps', async () => {
    // Away from the uniform policy, where the entropy's gradient is no longer 0.
    const entropy = bandit('entropy-pg');
    await entropy.update();
    expect(gradientParts(await entropy.explainNextUpdate(0))).toBeNull();
    expect(gradientParts(await bandit('reinforce', { epochs: 2 }).explainNextUpdate(0))).toBeNull();
  });
});

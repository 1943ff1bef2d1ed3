import { describe, expect, it } from 'vitest';
import { createEnv, type EnvConfig } from '../envs/registry';
import { Rng } from '../rng';
import { MonteCarloCritic, uniformLegalAction } from './mcCritic';

// One push from the start solves the level: Right pays -0.1 + 1 (box on target) + 10 (solved)
// and ends the episode; Up, Down and Left walk into walls and pay -0.1 (gym-sokoban rewards).
const ONE_PUSH: EnvConfig = { family: 'sokoban', levels: ['#####\n#@$.#\n#####'] };
const SOLVE = 10.9;
const WASTE = -0.1;

/** V of the start state from K random rollouts of at most H steps. */
function startValue(K: number, H: number, gamma: number, maxSteps = 100, t = 0): number {
  const env = createEnv(ONE_PUSH, 1, Rng.fromSeed(0));
  env.reset(0, 0);
  const critic = new MonteCarloCritic(ONE_PUSH, 1, maxSteps, K, H, gamma, Rng.fromSeed(1));
  critic.record(t, env, [1]);
  return critic.values()[t];
}

describe('Monte Carlo critic (ProAct MC-Critic, uniformly random rollouts)', () => {
  // K = 4000: one rollout's return has sd <= 5.5, so the mean's sd is below 0.09; 0.3 is > 3 sd.
  it('H = 1: V = (1/4) 10.9 + (3/4) (-0.1) = 2.65', () => {
    expect(Math.abs(startValue(4000, 1, 1) - (SOLVE + 3 * WASTE) / 4)).toBeLessThan(0.3);
  });

  it('H = 2, gamma = 0.5: V = (1/4) 10.9 + (3/4) (-0.1 + 0.5 * 2.65) = 3.64', () => {
    const v1 = (SOLVE + 3 * WASTE) / 4;
    const v2 = SOLVE / 4 + (3 / 4) * (WASTE + 0.5 * v1);
    expect(v2).toBeCloseTo(3.64375, 10);
    expect(Math.abs(startValue(4000, 2, 0.5) - v2)).toBeLessThan(0.3);
  });

  it('rollouts stop where the trainer cuts the episode: at step T - 1 only one step is left', () => {
    // T = 10, state recorded at t = 9: H = 5 is cut to 1 step, so V is the H = 1 value.
    expect(Math.abs(startValue(4000, 5, 1, 10, 9) - 2.65)).toBeLessThan(0.3);
  });

  it('values are 0 where no state was recorded, and the same seed gives the same values', () => {
    const env = createEnv(ONE_PUSH, 2, Rng.fromSeed(0));
    env.reset(0, 0);
    env.reset(1, 0);
    const run = () => {
      const critic = new MonteCarloCritic(ONE_PUSH, 2, 3, 8, 3, 1, Rng.fromSeed(7), 4);
      critic.record(0, env, [1, 0]); // copy 1 inactive: nothing recorded for episode 1
      return Array.from(critic.values());
    };
    const v = run();
    expect(v.slice(1)).toEqual([0, 0, 0, 0, 0]);
    expect(v[0]).not.toBe(0);
    expect(run()).toEqual(v);
  });

  it('random actions are uniform over the legal ones (over all without a mask or a legal one)', () => {
    const rng = Rng.fromSeed(5);
    const counts = (mask: number[] | null, n: number) => {
      const c = [0, 0, 0, 0];
      for (let i = 0; i < 4000; i++) c[uniformLegalAction(mask, n, 4, rng)]++;
      return c;
    };
    // Copy 1 of two copies: only actions 1 and 3 are legal, each drawn about 2000 times.
    const legal = counts([1, 1, 1, 1, 0, 1, 0, 1], 1);
    expect([legal[0], legal[2]]).toEqual([0, 0]);
    for (const k of [1, 3]) expect(Math.abs(legal[k] - 2000)).toBeLessThan(150);
    for (const c of [counts(null, 0), counts([0, 0, 0, 0], 0)])
      for (const k of c) expect(Math.abs(k - 1000)).toBeLessThan(130);
  });

  it('refuses K or H below 1 with a clear message', () => {
    expect(() => new MonteCarloCritic(ONE_PUSH, 1, 10, 0, 5, 1, Rng.fromSeed(0))).toThrow(
      /rollouts \(K\) must be a positive integer, got 0/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { estimatorNeeds, PRESET_NAMES, PRESETS } from '../estimators';
import { METRIC } from './config';
import { Trainer } from './trainer';

/**
 * Every preset learns the 10-armed Bernoulli bandit end to end through the trainer (tabular
 * softmax, learning rate 0.5, 64 episodes per update, groups of 8 for group estimators, seed 1):
 * the mean reward of updates 181-200 reaches 0.72 (uniform play pays 0.425, the best arm 0.8).
 * GDPO needs two reward components: both components pay with the arm's probability, so the
 * summed reward is twice the one-component bandit's and the bar is 1.44.
 */
const arms = [0.2, 0.5, 0.35, 0.8, 0.1, 0.45, 0.6, 0.3, 0.55, 0.4];

describe('each preset learns a 10-armed bandit within 200 updates (seed 1)', () => {
  for (const preset of PRESET_NAMES) {
    it(preset, async () => {
      const spec = PRESETS[preset];
      const groupSize = estimatorNeeds(spec).groupRollouts.length ? 8 : 1;
      const twoRewards = spec.normalisation === 'decoupled';
      const trainer = new Trainer({
        env: twoRewards
          ? { family: 'bandit-two-reward', params: { p1: [arms], p2: [arms] } }
          : { family: 'bandit', params: { kind: 'bernoulli', means: [arms] } },
        policy: { kind: 'tabular' },
        episodesPerUpdate: 64,
        runs: [
          {
            id: preset,
            label: preset,
            preset,
            overrides: { learningRate: 0.5 },
            seed: 1,
            groupSize,
          },
        ],
      });
      let recent = 0;
      for (let u = 0; u < 200; u++) {
        const m = await trainer.update();
        if (u >= 180) recent += m[METRIC.meanReturn] / 20;
      }
      expect(trainer.runs[0].status).toBe('training');
      expect(recent).toBeGreaterThan(twoRewards ? 1.44 : 0.72);
      // The best arm (index 3) is the policy's favourite.
      const pi = trainer.policyTable(0) as Float32Array;
      expect(pi.indexOf(Math.max(...pi))).toBe(3);
    });
  }
});

import { describe, expect, it } from 'vitest';
import { METRIC, NUM_METRICS } from '../src/core/train/config';
import { Trainer } from '../src/core/train/trainer';
import { handwrittenLoop } from './handwritten';
import { measureNaive } from './training';
import { BANDIT_BEST_ARM, BANDIT_MEANS, workloadConfig, workloads } from './workloads';

describe('bench workloads (a)-(d)', () => {
  const all = workloads();

  it('describes the issue workloads with the stated sizes', () => {
    expect(all.map((w) => [w.id, w.runs, w.policy.kind])).toEqual([
      ['bandit10', 16, 'tabular'],
      ['frozenlake8x8', 16, 'tabular'],
      ['2048', 8, 'mlp'],
      ['sokoban7x7', 8, 'mlp'],
    ]);
    expect(all[2].episodesPerUpdate).toBe(256);
    expect(all[3].episodesPerUpdate).toBe(256);
    expect(all[2].maxEpisodeSteps).toBe(200);
    expect(workloads({ neuralEpisodeCap: 16 })[3].maxEpisodeSteps).toBe(16);
    expect(BANDIT_MEANS[BANDIT_BEST_ARM]).toBe(Math.max(...BANDIT_MEANS));
  });

  for (const w of all) {
    it(`${w.id}: the trainer runs two updates with metrics for every run`, async () => {
      // Full-size tabular workloads; the neural ones with small batches and short episodes.
      const config = w.tabular
        ? workloadConfig(w)
        : workloadConfig(w, { runs: 2, episodesPerUpdate: 8, maxEpisodeSteps: 6 });
      const trainer = new Trainer(config);
      try {
        for (let u = 0; u < 2; u++) {
          const m = await trainer.update();
          expect(m.length).toBe(config.runs.length * NUM_METRICS);
          for (let r = 0; r < config.runs.length; r++) {
            expect(m[r * NUM_METRICS + METRIC.update]).toBe(u + 1);
            expect(Number.isFinite(m[r * NUM_METRICS + METRIC.meanReturn])).toBe(true);
          }
        }
        for (const run of trainer.runs) {
          expect(run.status).toBe('training');
          expect(run.envSteps).toBeGreaterThanOrEqual(2 * config.episodesPerUpdate);
          if (config.maxEpisodeSteps)
            expect(run.envSteps).toBeLessThanOrEqual(
              2 * config.episodesPerUpdate * config.maxEpisodeSteps,
            );
        }
      } finally {
        trainer.dispose();
      }
    });
  }

  it('the naive reference steps any env and reports positive rates', async () => {
    const w = all[3];
    const t = await measureNaive(
      workloadConfig(w, { runs: 1, episodesPerUpdate: 2, maxEpisodeSteps: 4 }),
      0.2,
    );
    expect(t.envStepsPerSec).toBeGreaterThan(0);
    expect(t.updatesPerSec).toBeGreaterThan(0);
  });

  it('the naive reference can stop after a number of per-run updates instead of a time', async () => {
    const config = workloadConfig(all[2], { runs: 2, episodesPerUpdate: 2, maxEpisodeSteps: 3 });
    const t = await measureNaive(config, Infinity, { maxRunUpdates: 1 });
    // One update of run 0: 2 episodes of 1-3 steps (2048 rarely ends in 3 moves).
    const steps = Math.round(t.envStepsPerSec * t.seconds);
    expect(steps).toBeGreaterThanOrEqual(2);
    expect(steps).toBeLessThanOrEqual(6);
    expect(t.updatesPerSec * t.seconds).toBeCloseTo(0.5, 1);
  });
});

describe('hand-written tabular REINFORCE', () => {
  it('learns the bandit: the best arm gets more probable', () => {
    const loop = handwrittenLoop('bandit10', 64, 0.5, 7);
    const before = loop.probs(0)[BANDIT_BEST_ARM];
    for (let u = 0; u < 60; u++) expect(loop.update()).toBe(64);
    const after = loop.probs(0);
    expect(after.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(before).toBeCloseTo(0.1, 10);
    expect(after[BANDIT_BEST_ARM]).toBeGreaterThan(0.3);
    expect(after[BANDIT_BEST_ARM]).toBe(Math.max(...after));
    expect(loop.envSteps).toBe(60 * 64);
  });

  it('runs FrozenLake 8x8 episodes of 1..200 steps and keeps a table per state', () => {
    const loop = handwrittenLoop('frozenlake8x8', 16, 0.1, 3);
    expect(loop.logits.length).toBe(64);
    for (let u = 0; u < 3; u++) {
      const steps = loop.update();
      expect(steps).toBeGreaterThanOrEqual(16);
      expect(steps).toBeLessThanOrEqual(16 * 200);
    }
    for (const row of loop.logits) for (const x of row) expect(Number.isFinite(x)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { banditSuite, TWO_REWARD_EXAMPLE } from '../envs/banditSuite';
import { groupMeanAbsAdvantage } from '../metrics/taskWeights';
import { Rng } from '../rng';
import { METRIC, NUM_METRICS, type RunConfig, type TrainConfig } from './config';
import { Trainer } from './trainer';

const G = 8;
const suite = banditSuite({ tasks: 6, arms: 3, spread: 1 }, Rng.fromSeed(4));
const run = (id: string, preset: string, groupSize = G): RunConfig => ({
  id,
  label: preset,
  preset,
  overrides: { learningRate: 0.1 },
  seed: 7,
  groupSize,
});
const suiteConfig = (runs: RunConfig[]): TrainConfig => ({
  env: { family: 'bandit', params: suite },
  policy: { kind: 'tabular' },
  episodesPerUpdate: 6 * G,
  runs,
});

describe('per-task advantage weights on a Bernoulli suite (trainer.latestTaskWeights)', () => {
  it("match each task's episodes, and 2p(1-p) (Dr. GRPO) or 2 sqrt(p(1-p)(G-1)/G) (GRPO) on tasks drawn once", async () => {
    const trainer = new Trainer(suiteConfig([run('dr', 'dr-grpo'), run('grpo', 'grpo')]));
    let checked = 0;
    for (let u = 0; u < 5; u++) {
      await trainer.update();
      trainer.runs.forEach((r, i) => {
        const w = trainer.latestTaskWeights[i];
        if (!w) throw new Error('expected task weights on a Bernoulli suite');
        const b = r.buffer;
        expect([...w.episodes].reduce((a, n) => a + n, 0)).toBe(b.numEpisodes);
        w.tasks.forEach((k, j) => {
          const mine = [...b.taskIds.keys()].filter((e) => b.taskIds[e] === k);
          const p = mine.reduce((s, e) => s + b.rewards[e], 0) / mine.length; // T = 1
          expect(w.successRate[j]).toBeCloseTo(p, 6);
          if (w.episodes[j] !== G) return; // a task drawn for two groups mixes two p's
          const formula =
            r.config.preset === 'grpo'
              ? groupMeanAbsAdvantage(p, 'std', G, 1)
              : groupMeanAbsAdvantage(p, 'none');
          // GRPO divides by std + 1e-4: 1e-3 relative covers it.
          expect(w.meanAbsAdvantage[j]).toBeCloseTo(formula, 3);
          checked++;
        });
      });
    }
    expect(checked).toBeGreaterThan(10);
    trainer.dispose();
  });

  it('are null where the 0/1-reward reading does not apply: one task, or two reward components', async () => {
    const oneTask = new Trainer({
      ...suiteConfig([run('a', 'grpo')]),
      env: { family: 'bandit', params: { kind: 'bernoulli', means: [[0.2, 0.8]] } },
    });
    await oneTask.update();
    expect(oneTask.latestTaskWeights).toEqual([null]);
    const twoReward = new Trainer({
      ...suiteConfig([run('a', 'grpo')]),
      env: { family: 'bandit-two-reward', params: TWO_REWARD_EXAMPLE },
    });
    await twoReward.update();
    expect(twoReward.latestTaskWeights).toEqual([null]);
  });
});

describe('distinct advantages per group (METRIC.distinctAdvantagesPerGroup)', () => {
  it('GRPO on two summed 0/1 rewards never exceeds 3 distinct values (sums 0, 1, 2); GDPO reaches 4', async () => {
    const trainer = new Trainer({
      ...suiteConfig([run('grpo', 'grpo'), run('gdpo', 'gdpo')]),
      env: { family: 'bandit-two-reward', params: TWO_REWARD_EXAMPLE },
    });
    let gdpoMax = 0;
    for (let u = 0; u < 10; u++) {
      const m = await trainer.update();
      const grpo = m[METRIC.distinctAdvantagesPerGroup];
      expect(grpo).toBeGreaterThanOrEqual(1);
      expect(grpo).toBeLessThanOrEqual(3);
      gdpoMax = Math.max(gdpoMax, m[NUM_METRICS + METRIC.distinctAdvantagesPerGroup]);
    }
    expect(gdpoMax).toBeGreaterThan(3);
    trainer.dispose();
  });

  it('is NaN without groups (G = 1)', async () => {
    const trainer = new Trainer(suiteConfig([run('a', 'reinforce', 1)]));
    const m = await trainer.update();
    expect(m[METRIC.distinctAdvantagesPerGroup]).toBeNaN();
  });
});

import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { banditSuite } from '../envs/banditSuite';
import { ExperimentSchema } from '../experiment/schema';
import { toTrainConfig } from '../experiment/trainConfig';
import { Rng } from '../rng';
import { METRIC, NUM_METRICS, type TrainConfig } from '../train/config';
import { Trainer } from '../train/trainer';
import { LESSONS, type Lesson } from './lessons';

const lesson = (id: string) => LESSONS.find((l) => l.id === id) as Lesson;

function configOf(l: Lesson): TrainConfig {
  const r = toTrainConfig(l.experiment());
  if ('problems' in r) throw new Error(r.problems.join('; '));
  return r.config;
}

/** Mean of a metric per run over updates [from, to). */
async function meanMetric(
  config: TrainConfig,
  metric: number,
  updates: number,
  from = 0,
): Promise<number[]> {
  const trainer = new Trainer(config);
  const sums = config.runs.map(() => 0);
  for (let u = 0; u < updates; u++) {
    const m = await trainer.update();
    if (u >= from)
      config.runs.forEach((_, r) => (sums[r] += m[r * NUM_METRICS + metric] / (updates - from)));
  }
  trainer.dispose();
  return sums;
}

describe('lessons', () => {
  it('every lesson is a valid experiment that the trainer accepts', () => {
    for (const l of LESSONS) {
      expect(ExperimentSchema.safeParse(l.experiment()).success).toBe(true);
      expect(() => configOf(l)).not.toThrow();
    }
  });

  it('every lesson formula is plain printable TeX that KaTeX renders without error', () => {
    for (const l of LESSONS) {
      // A control character means an escape like \t or \n was interpreted instead of kept raw.
      expect(
        [...l.formula].filter((c) => c.charCodeAt(0) < 32),
        l.id,
      ).toEqual([]);
      expect(() => katex.renderToString(l.formula, { throwOnError: true }), l.id).not.toThrow();
    }
  });

  it('baselines cut variance: each baseline has lower gradient variance than REINFORCE (updates 1-50, seed 1)', async () => {
    const [plain, ema, loo, optimal] = await meanMetric(
      configOf(lesson('baselines')),
      METRIC.gradVariance,
      50,
    );
    console.log(
      `gradient variance: REINFORCE ${plain.toExponential(2)}, EMA ${ema.toExponential(2)}, RLOO ${loo.toExponential(2)}, optimal ${optimal.toExponential(2)}`,
    );
    for (const v of [ema, loo, optimal]) expect(v).toBeLessThan(plain);
  });

  it('the learning cliff: the zero-variance group fraction matches p^G + (1-p)^G for G = 2, 4, 8', async () => {
    const base = configOf(lesson('learning-cliff'));
    const env = base.env;
    if (env.family !== 'bandit') throw new Error('expected a bandit suite');
    const suite = banditSuite({ tasks: 16, arms: 4, spread: 1, gap: 0.2 }, Rng.fromSeed(0));
    expect(env.params.means).toEqual(suite.means);
    for (const G of [2, 4, 8]) {
      // The initial policy is uniform: task k succeeds with p_k = mean of its arms.
      const expected =
        suite.means.reduce((s, row) => {
          const p = row.reduce((a, b) => a + b, 0) / row.length;
          return s + p ** G + (1 - p) ** G;
        }, 0) / suite.means.length;
      const config: TrainConfig = {
        ...base,
        episodesPerUpdate: 4096,
        runs: [{ ...base.runs[0], groupSize: G, overrides: { learningRate: 1e-9 } }],
      };
      const [measured] = await meanMetric(config, METRIC.zeroVarianceGroupFraction, 3);
      console.log(
        `G = ${G}: zero-variance groups ${measured.toFixed(3)}, formula ${expected.toFixed(3)}`,
      );
      // 3 x 4096 / G groups: the standard error is below 0.015 for every G here.
      expect(Math.abs(measured - expected)).toBeLessThan(0.05);
    }
  });

  it('clipping: PPO keeps the update size (approx KL) far below the unclipped surrogate at a high learning rate', async () => {
    const [vanilla, ppo] = await meanMetric(configOf(lesson('clipping')), METRIC.approxKl, 30);
    console.log(
      `approx KL per update (updates 1-30): vanilla ${vanilla.toExponential(2)}, PPO ${ppo.toExponential(2)}`,
    );
    expect(ppo).toBeLessThan(vanilla / 2);
  });

  it('entropy collapse: after 150 updates the regularised runs keep more entropy than plain GRPO', async () => {
    const [plain, bonus, clipCov] = await meanMetric(
      configOf(lesson('entropy-collapse')),
      METRIC.entropy,
      150,
      130,
    );
    console.log(
      `entropy at updates 131-150: GRPO ${plain.toFixed(3)}, entropy bonus ${bonus.toFixed(3)}, Clip-Cov ${clipCov.toFixed(3)}`,
    );
    expect(bonus).toBeGreaterThan(plain);
    expect(clipCov).toBeGreaterThan(plain);
  });

  it('geometry: natural gradient and mirror descent reach the best arm in fewer updates than the vanilla step', async () => {
    const trainer = new Trainer(configOf(lesson('geometry')));
    const reached = trainer.runs.map(() => Infinity);
    for (let u = 1; u <= 200; u++) {
      await trainer.update();
      trainer.runs.forEach((_, r) => {
        const pi = trainer.policyTable(r) as Float32Array;
        if (pi[2] > 0.9 && reached[r] === Infinity) reached[r] = u;
      });
    }
    trainer.dispose();
    const [vanilla, natural, mirror] = reached;
    console.log(
      `updates until pi(best arm) > 0.9: vanilla ${vanilla}, natural ${natural}, mirror descent ${mirror}`,
    );
    expect(natural).toBeLessThan(vanilla);
    expect(mirror).toBeLessThan(vanilla);
  });
});

import { describe, expect, it } from 'vitest';
import { toTrainConfig } from '../experiment/trainConfig';
import { goodArms } from '../metrics/coverage';
import { entropyOf } from '../metrics/entropy';
import { METRIC, NUM_METRICS } from '../train/config';
import { Trainer } from '../train/trainer';
import { NEGATIVE_REINFORCEMENT_MEANS, negativeReinforcementLesson } from './negativeReinforcement';

/** Per run, the mean over tasks of max_a pi(a | task): the probability of the favourite answer. */
function favouriteAnswerProbability(table: ArrayLike<number>, arms: number, tasks: number) {
  let sum = 0;
  for (let k = 0; k < tasks; k++) {
    let best = 0;
    for (let a = 0; a < arms; a++) best = Math.max(best, table[k * arms + a]);
    sum += best / tasks;
  }
  return sum;
}

describe('lesson: positive vs negative reinforcement (seed 1)', () => {
  it('every task of the lesson has three equally good arms, so there is something to cover', () => {
    for (const row of NEGATIVE_REINFORCEMENT_MEANS) expect(goodArms(row)).toHaveLength(3);
  });

  it('after 400 updates PSR has collapsed onto one good arm; NSR keeps entropy and covers every good arm; W-REINFORCE lies between', async () => {
    const r = toTrainConfig(negativeReinforcementLesson.experiment());
    if ('problems' in r) throw new Error(r.problems.join('; '));
    const trainer = new Trainer(r.config);
    const R = r.config.runs.length;
    const last = { entropy: new Array(R).fill(0), coverage: new Array(R).fill(0) };
    const returns = new Array(R).fill(0);
    for (let u = 1; u <= 400; u++) {
      const m = await trainer.update();
      for (let run = 0; run < R; run++) {
        // Updates 381-400: the end state, averaged over 20 updates.
        if (u > 380) {
          last.coverage[run] += m[run * NUM_METRICS + METRIC.goodArmCoverage] / 20;
          last.entropy[run] += m[run * NUM_METRICS + METRIC.entropy] / 20;
          returns[run] += m[run * NUM_METRICS + METRIC.meanReturn] / 20;
        }
      }
    }
    const tasks = NEGATIVE_REINFORCEMENT_MEANS.length;
    const arms = NEGATIVE_REINFORCEMENT_MEANS[0].length;
    const tables = trainer.runs.map((_, run) => trainer.policyTable(run) as Float32Array);
    trainer.dispose();
    const favourite = tables.map((t) => favouriteAnswerProbability(t, arms, tasks));
    const entropyNow = tables.map(
      (t) =>
        Array.from({ length: tasks }, (_, k) => entropyOf(t, k * arms, arms)).reduce(
          (s, h) => s + h,
        ) / tasks,
    );
    const [psr, nsr, w] = [0, 1, 2];
    console.log(
      ['PSR', 'NSR', 'W-REINFORCE']
        .map(
          (name, k) =>
            `${name}: return ${returns[k].toFixed(2)}, entropy ${last.entropy[k].toFixed(2)} (now ${entropyNow[k].toFixed(2)}), coverage ${last.coverage[k].toFixed(2)}, favourite answer ${favourite[k].toFixed(2)}`,
        )
        .join('\n'),
    );
    // pass@1 rises for all three (a uniform policy scores 3/8).
    for (const ret of returns) expect(ret).toBeGreaterThan(0.9);
    // PSR sharpens: higher favourite-answer probability, lower entropy, good arms lost.
    expect(favourite[psr]).toBeGreaterThan(favourite[nsr] + 0.3);
    expect(last.entropy[nsr]).toBeGreaterThan(last.entropy[psr] + 0.3);
    expect(last.coverage[nsr]).toBeCloseTo(1, 12);
    expect(last.coverage[psr]).toBeLessThan(0.8);
    // NSR keeps all three correct answers: entropy near log 3, the favourite near 1/3.
    expect(entropyNow[nsr]).toBeGreaterThan(Math.log(3) - 0.05);
    expect(favourite[nsr]).toBeLessThan(0.4);
    // W-REINFORCE between the two.
    expect(favourite[w]).toBeGreaterThan(favourite[nsr]);
    expect(favourite[w]).toBeLessThan(favourite[psr]);
    expect(last.entropy[w]).toBeGreaterThan(last.entropy[psr]);
  });
});

import { describe, expect, it } from 'vitest';
import { toTrainConfig } from '../experiment/trainConfig';
import { groupMeanAbsAdvantage } from '../metrics/taskWeights';
import { Trainer } from '../train/trainer';
import { stdNormalisationLesson } from './stdNormalisation';

interface Point {
  readonly p: number;
  readonly weight: number;
  /** Episodes of the task in the update: G when it was drawn for one group. */
  readonly episodes: number;
}

/** Every (task success rate, mean |A|) point of each run over the first `updates` updates. */
async function taskPoints(updates: number): Promise<Point[][]> {
  const r = toTrainConfig(stdNormalisationLesson.experiment());
  if ('problems' in r) throw new Error(r.problems.join('; '));
  const trainer = new Trainer(r.config);
  const points: Point[][] = trainer.runs.map(() => []);
  for (let u = 0; u < updates; u++) {
    await trainer.update();
    trainer.latestTaskWeights.forEach((w, run) => {
      if (!w) throw new Error('the lesson env is a Bernoulli suite: task weights expected');
      w.tasks.forEach((_, j) =>
        points[run].push({
          p: w.successRate[j],
          weight: w.meanAbsAdvantage[j],
          episodes: w.episodes[j],
        }),
      );
    });
  }
  trainer.dispose();
  return points;
}

/** Tasks at the ends (0 < p <= 1/4 or 3/4 <= p < 1) and in the middle (3/8 <= p <= 5/8). */
const extreme = (q: Point) => q.p > 0 && q.p < 1 && (q.p <= 0.25 || q.p >= 0.75);
const middle = (q: Point) => q.p >= 0.375 && q.p <= 0.625;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Mean weight of the extreme tasks over that of the middle tasks. */
const endsToMiddle = (pts: Point[], weight: (q: Point) => number = (q) => q.weight) =>
  mean(pts.filter(extreme).map(weight)) / mean(pts.filter(middle).map(weight));

describe('lesson: standard-deviation normalisation reweights tasks by difficulty', () => {
  it('GRPO gives extreme-p tasks more weight relative to middling ones than Dr. GRPO, as 2 sqrt(p(1-p)) vs 2p(1-p) predict (updates 1-30, seed 1)', async () => {
    const [grpo, drGrpo, bnpo] = await taskPoints(30);
    const G = 8;
    const measured = { grpo: endsToMiddle(grpo), drGrpo: endsToMiddle(drGrpo) };
    // The formulas hold per group: on the tasks drawn for exactly one group they must match to
    // round-off and GRPO's eps (a task drawn for two groups averages two groups' weights).
    const once = (pts: Point[]) => pts.filter((q) => q.episodes === G);
    const formula = {
      grpo: endsToMiddle(once(grpo), (q) => groupMeanAbsAdvantage(q.p, 'std', G, 1)),
      drGrpo: endsToMiddle(once(drGrpo), (q) => groupMeanAbsAdvantage(q.p, 'none')),
    };
    const onceMeasured = { grpo: endsToMiddle(once(grpo)), drGrpo: endsToMiddle(once(drGrpo)) };
    console.log(
      `mean |A| of tasks with p in (0, 1/4] or [3/4, 1) over tasks with p in [3/8, 5/8], all tasks: GRPO ${measured.grpo.toFixed(3)}, Dr. GRPO ${measured.drGrpo.toFixed(3)}, BNPO ${endsToMiddle(bnpo).toFixed(3)}; tasks drawn once: GRPO ${onceMeasured.grpo.toFixed(4)} (formula ${formula.grpo.toFixed(4)}), Dr. GRPO ${onceMeasured.drGrpo.toFixed(4)} (formula ${formula.drGrpo.toFixed(4)}); ${once(grpo).filter(extreme).length} extreme and ${once(grpo).filter(middle).length} middle GRPO points drawn once`,
    );
    expect(measured.grpo).toBeGreaterThan(measured.drGrpo + 0.1);
    expect(onceMeasured.grpo).toBeCloseTo(formula.grpo, 3);
    expect(onceMeasured.drGrpo).toBeCloseTo(formula.drGrpo, 6);
    // sqrt(7/16) = 0.66 against 7/16 = 0.44 at p = 1/8: the gap the lesson is about.
    expect(formula.grpo).toBeGreaterThan(formula.drGrpo + 0.1);
  });
});

import { describe, expect, it } from 'vitest';
import { toTrainConfig } from '../experiment/trainConfig';
import { METRIC, NUM_METRICS } from '../train/config';
import { Trainer } from '../train/trainer';
import { multiRewardCollapseLesson } from './multiRewardCollapse';

describe('lesson: multi-reward advantage collapse', () => {
  it('GDPO keeps more distinct advantage values per group than GRPO on the summed reward, which never exceeds 3 (updates 1-100, seed 1)', async () => {
    const r = toTrainConfig(multiRewardCollapseLesson.experiment());
    if ('problems' in r) throw new Error(r.problems.join('; '));
    const trainer = new Trainer(r.config);
    const updates = 100;
    const mean = [0, 0];
    const max = [0, 0];
    for (let u = 0; u < updates; u++) {
      const m = await trainer.update();
      for (const run of [0, 1]) {
        const d = m[run * NUM_METRICS + METRIC.distinctAdvantagesPerGroup];
        mean[run] += d / updates;
        max[run] = Math.max(max[run], d);
      }
    }
    trainer.dispose();
    const [grpo, gdpo] = mean;
    console.log(
      `distinct advantages per group of 8, mean over updates 1-${updates}: GRPO ${grpo.toFixed(3)} (max ${max[0].toFixed(2)}), GDPO ${gdpo.toFixed(3)} (max ${max[1].toFixed(2)})`,
    );
    // Sums 0, 1, 2: at most 3 values, in every group of every update.
    expect(max[0]).toBeLessThanOrEqual(3);
    expect(gdpo).toBeGreaterThan(grpo + 0.25);
  });
});

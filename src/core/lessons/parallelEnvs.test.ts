import { describe, expect, it } from 'vitest';
import { toTrainConfig } from '../experiment/trainConfig';
import { METRIC, NUM_METRICS } from '../train/config';
import { Trainer } from '../train/trainer';
import { PARALLEL_ENVS, parallelEnvsLesson } from './parallelEnvs';

describe('lesson: more parallel environments against stagnation (seed 1)', () => {
  it('per update, 256 environments beat 4 by a wide margin, and the gradient noise falls with every 4x more environments', async () => {
    const r = toTrainConfig(parallelEnvsLesson.experiment());
    if ('problems' in r) throw new Error(r.problems.join('; '));
    const trainer = new Trainer(r.config);
    expect(trainer.runs.map((run) => run.buffer.numEpisodes)).toEqual([...PARALLEL_ENVS]);
    const R = PARALLEL_ENVS.length;
    const earlyVariance = new Array<number>(R).fill(0); // updates 1-20
    const lateReturn = new Array<number>(R).fill(0); // updates 41-60
    let m = trainer.latest;
    for (let u = 0; u < 60; u++) {
      m = await trainer.update();
      for (let k = 0; k < R; k++) {
        if (u < 20) earlyVariance[k] += m[k * NUM_METRICS + METRIC.gradVariance] / 20;
        if (u >= 40) lateReturn[k] += m[k * NUM_METRICS + METRIC.meanReturn] / 20;
      }
    }
    const steps = PARALLEL_ENVS.map((_, k) => m[k * NUM_METRICS + METRIC.envSteps]);
    trainer.dispose();
    PARALLEL_ENVS.forEach((n, k) =>
      console.log(
        `${n} envs: return (updates 41-60) ${lateReturn[k].toFixed(3)}, gradient variance (updates 1-20) ${earlyVariance[k].toExponential(2)}, env steps after 60 updates ${steps[k]}`,
      ),
    );
    const [four, , , many] = lateReturn;
    // Slippery FrozenLake 4x4 allows at most about 0.74.
    expect(many).toBeGreaterThan(0.6);
    expect(many - four).toBeGreaterThan(0.3);
    for (let k = 1; k < R; k++) expect(earlyVariance[k]).toBeLessThan(earlyVariance[k - 1]);
    // The honest cost: the 256-env run has used far more samples to get there.
    expect(steps[R - 1]).toBeGreaterThan(20 * steps[0]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTrainConfig } from '../experiment/trainConfig';
import { METRIC, NUM_METRICS } from '../train/config';
import { Trainer } from '../train/trainer';
import { greedyBaseline2048Lesson } from './greedyBaseline2048';

describe('lesson: a greedy baseline in 2048 (ReMax, seed 1)', () => {
  // wasm (XNNPACK) is deterministic and several times faster than tfjs's plain-JS cpu backend.
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('ReMax advantages are several times smaller than REINFORCE’s over the first 3 updates', async () => {
    const r = toTrainConfig(greedyBaseline2048Lesson.experiment());
    if ('problems' in r) throw new Error(r.problems.join('; '));
    const trainer = new Trainer(r.config);
    const rms: number[][] = [[], []];
    for (let u = 0; u < 3; u++) {
      const m = await trainer.update();
      for (const run of [0, 1]) rms[run].push(m[run * NUM_METRICS + METRIC.advantageRms]);
    }
    trainer.dispose();
    const [reinforce, remax] = rms;
    console.log(
      `advantage RMS, updates 1-3: REINFORCE ${reinforce.map((v) => v.toFixed(0)).join(', ')}; ReMax ${remax.map((v) => v.toFixed(0)).join(', ')}`,
    );
    // At update 1 both runs hold the same games (same seed and initial network): the baseline is
    // the only difference. Later the policies, and so the games, drift apart.
    for (let u = 0; u < 3; u++) expect(remax[u]).toBeLessThan(reinforce[u] / 2);
  });
});

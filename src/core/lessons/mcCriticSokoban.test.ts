import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTrainConfig } from '../experiment/trainConfig';
import { METRIC, NUM_METRICS } from '../train/config';
import { Trainer } from '../train/trainer';
import { mcCriticSokobanLesson } from './mcCriticSokoban';

describe('lesson: a Monte Carlo critic in Sokoban (ProAct, seed 1)', () => {
  // wasm (XNNPACK) is deterministic and several times faster than tfjs's plain-JS cpu backend.
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the critic shrinks the advantages below those of no baseline at each of the first 3 updates', async () => {
    const r = toTrainConfig(mcCriticSokobanLesson.experiment());
    if ('problems' in r) throw new Error(r.problems.join('; '));
    const trainer = new Trainer(r.config);
    const rms: number[][] = [[], []];
    for (let u = 0; u < 3; u++) {
      const m = await trainer.update();
      for (const run of [0, 1]) rms[run].push(m[run * NUM_METRICS + METRIC.advantageRms]);
    }
    trainer.dispose();
    const [plain, critic] = rms;
    console.log(
      `advantage RMS, updates 1-3: no baseline ${plain.map((v) => v.toFixed(2)).join(', ')}; MC critic ${critic.map((v) => v.toFixed(2)).join(', ')}`,
    );
    // Update 1: both runs hold the same games (same seed and initial network), so the baseline
    // is the only difference.
    expect(critic[0]).toBeLessThan(0.8 * plain[0]);
    for (let u = 0; u < 3; u++) expect(critic[u]).toBeLessThan(plain[u]);
  });
});

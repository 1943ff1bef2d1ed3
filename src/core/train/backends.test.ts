import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { METRIC, NUM_METRICS, type TrainConfig } from './config';
import { Trainer } from './trainer';

const config = (policy: TrainConfig['policy']): TrainConfig => ({
  env: {
    family: 'bandit',
    params: { kind: 'bernoulli', means: [[0.2, 0.5, 0.35, 0.8, 0.1, 0.45, 0.6, 0.3, 0.55, 0.4]] },
  },
  policy,
  episodesPerUpdate: 32,
  runs: [
    {
      id: 'a',
      label: 'REINFORCE',
      preset: 'reinforce',
      overrides: { learningRate: 0.05, optimizer: 'adam' },
      seed: 7,
    },
    {
      id: 'b',
      label: 'baseline',
      preset: 'reinforce-baseline',
      overrides: { learningRate: 0.1 },
      seed: 8,
    },
  ],
});

async function series(
  backend: string,
  policy: TrainConfig['policy'],
  updates: number,
  experiment: TrainConfig = config(policy),
): Promise<number[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  await tf.ready();
  const trainer = new Trainer(experiment);
  const out: number[] = [];
  for (let u = 0; u < updates; u++) out.push(...(await trainer.update()));
  trainer.dispose();
  return out;
}

describe('the same experiment and seeds give identical metric series on cpu and wasm', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('tabular policy', async () => {
    const cpu = await series('cpu', { kind: 'tabular' }, 50);
    const wasm = await series('wasm', { kind: 'tabular' }, 50);
    expect(wasm).toEqual(cpu);
  });

  it('MLP policy: the same actions and rewards; float metrics equal to float32 rounding', async () => {
    // cpu (plain JS) and wasm (XNNPACK) sum matMul products in different orders, so float32
    // results differ in the last bits; the sampled actions, and everything counted from them,
    // are identical.
    const cpu = await series('cpu', { kind: 'mlp', hidden: [16] }, 50);
    const wasm = await series('wasm', { kind: 'mlp', hidden: [16] }, 50);
    const exact = new Set<number>([
      METRIC.update,
      METRIC.envSteps,
      METRIC.meanReturn,
      METRIC.successRate,
      METRIC.episodeLength,
    ]);
    // Gradient variance and SNR are second moments summed in float32 on the device (sums of
    // squared deviations over hundreds of parameters), so they carry more rounding than the rest.
    const secondMoments = new Set<number>([METRIC.gradVariance, METRIC.gradSnr]);
    let maxFloatDiff = 0;
    let maxMomentDiff = 0;
    cpu.forEach((x, i) => {
      const column = i % NUM_METRICS;
      const diff = Math.abs(x - wasm[i]) / Math.max(1, Math.abs(x));
      if (exact.has(column)) expect(wasm[i]).toBe(x);
      else if (Number.isNaN(x)) expect(wasm[i]).toBeNaN();
      else if (secondMoments.has(column)) maxMomentDiff = Math.max(maxMomentDiff, diff);
      else maxFloatDiff = Math.max(maxFloatDiff, diff);
    });
    console.log(
      `MLP cpu vs wasm, 50 updates: largest relative difference of float metrics ${maxFloatDiff.toExponential(2)}, of gradient variance and SNR ${maxMomentDiff.toExponential(2)}`,
    );
    expect(maxFloatDiff).toBeLessThan(1e-5);
    expect(maxMomentDiff).toBeLessThan(1e-4);
  });

  it('MLP on 2048 (cpu multiplies only the nonzero one-hot inputs): the same actions as wasm', async () => {
    const policy = { kind: 'mlp', hidden: [32] } as const;
    const game: TrainConfig = {
      ...config(policy),
      env: { family: '2048', params: {} },
      episodesPerUpdate: 8,
      maxEpisodeSteps: 24,
    };
    const cpu = await series('cpu', policy, 4, game);
    const wasm = await series('wasm', policy, 4, game);
    cpu.forEach((x, i) => {
      const column = i % NUM_METRICS;
      if ([METRIC.envSteps, METRIC.meanReturn, METRIC.episodeLength].includes(column))
        expect(wasm[i]).toBe(x);
      else if (Number.isNaN(x)) expect(wasm[i]).toBeNaN();
      else expect(Math.abs(x - wasm[i]) / Math.max(1, Math.abs(x))).toBeLessThan(1e-4);
    });
  });
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID_PRESETS } from '../envs/gridworld';
import { SOKOBAN_TEACHING_LEVELS } from '../envs/sokobanLevels';
import { METRIC, type TrainConfig } from './config';
import { Trainer } from './trainer';

/** Mean of metric `k` over updates [from, to) of a run's recorded series. */
const mean = (rows: Float64Array[], k: number, from: number, to: number) =>
  rows.slice(from, to).reduce((s, m) => s + m[k], 0) / (to - from);

async function train(config: TrainConfig, updates: number): Promise<Float64Array[]> {
  const trainer = new Trainer(config);
  const rows: Float64Array[] = [];
  for (let u = 0; u < updates; u++) rows.push((await trainer.update()).slice());
  expect(trainer.runs[0].status).toBe('training');
  trainer.dispose();
  return rows;
}

/** REINFORCE for the games: reward-to-go, gamma 0.99, whitened advantages, Adam. */
const gameRun = (learningRate: number) => ({
  id: 'a',
  label: 'REINFORCE (whitened)',
  preset: 'reinforce',
  overrides: {
    learningRate,
    optimizer: 'adam' as const,
    returnTarget: 'reward-to-go' as const,
    gamma: 0.99,
    normalisation: 'batch-std' as const,
  },
  seed: 1,
});

describe('learning on every environment family (fixed seeds)', () => {
  beforeAll(async () => {
    // The neural runs use wasm (XNNPACK): deterministic and several times faster than tfjs's
    // plain-JS cpu backend for these batch sizes.
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('PPO (tabular, lr 0.1) solves FrozenLake 4x4 without slipping within 100 updates of 64 episodes', async () => {
    const rows = await train(
      {
        env: { family: 'gridworld', map: { ...GRID_PRESETS.frozenlake4x4, slip: 0 } },
        policy: { kind: 'tabular' },
        episodesPerUpdate: 64,
        runs: [{ id: 'a', label: 'PPO', preset: 'ppo', overrides: { learningRate: 0.1 }, seed: 1 }],
      },
      100,
    );
    expect(mean(rows, METRIC.successRate, 0, 5)).toBeLessThan(0.2);
    expect(mean(rows, METRIC.successRate, 90, 100)).toBeGreaterThan(0.95);
    // The shortest path has 6 steps.
    expect(mean(rows, METRIC.episodeLength, 90, 100)).toBeLessThan(6.5);
  });

  it('REINFORCE (MLP [64], Adam 0.01) raises the mean 2048 score above the near-random start within 60 updates of 32 games', async () => {
    const rows = await train(
      {
        env: { family: '2048', params: {} },
        policy: { kind: 'mlp', hidden: [64] },
        episodesPerUpdate: 32,
        runs: [gameRun(0.01)],
      },
      60,
    );
    const start = mean(rows, METRIC.meanReturn, 0, 5);
    const end = mean(rows, METRIC.meanReturn, 50, 60);
    console.log(
      `2048 mean score: updates 1-5 ${start.toFixed(0)}, updates 51-60 ${end.toFixed(0)}`,
    );
    expect(end).toBeGreaterThan(start * 1.08);
  }, 180_000);

  it('REINFORCE (MLP [64], Adam 0.003) raises Sokoban success on "Around the corner" from ~0.1 above 0.6 within 80 updates', async () => {
    const level = SOKOBAN_TEACHING_LEVELS.find((l) => l.name === 'Around the corner') as {
      text: string;
    };
    const rows = await train(
      {
        env: { family: 'sokoban', levels: [level.text], maxSteps: 60 },
        policy: { kind: 'mlp', hidden: [64] },
        episodesPerUpdate: 32,
        runs: [gameRun(0.003)],
      },
      80,
    );
    const start = mean(rows, METRIC.successRate, 0, 5);
    const end = mean(rows, METRIC.successRate, 70, 80);
    console.log(
      `Sokoban success: updates 1-5 ${start.toFixed(2)}, updates 71-80 ${end.toFixed(2)}`,
    );
    expect(start).toBeLessThan(0.3);
    expect(end).toBeGreaterThan(0.6);
  }, 120_000);

  it('a CNN policy ([16] 3x3 convolution, [64] dense) learns "Around the corner" too', async () => {
    const level = SOKOBAN_TEACHING_LEVELS.find((l) => l.name === 'Around the corner') as {
      text: string;
    };
    const rows = await train(
      {
        env: { family: 'sokoban', levels: [level.text], maxSteps: 60 },
        policy: { kind: 'cnn', conv: [16], hidden: [64] },
        episodesPerUpdate: 32,
        runs: [gameRun(0.003)],
      },
      60,
    );
    const start = mean(rows, METRIC.successRate, 0, 5);
    const end = mean(rows, METRIC.successRate, 50, 60);
    console.log(
      `Sokoban success with a CNN: updates 1-5 ${start.toFixed(2)}, updates 51-60 ${end.toFixed(2)}`,
    );
    expect(end).toBeGreaterThan(start + 0.3);
  }, 180_000);
});

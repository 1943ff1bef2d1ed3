import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveEstimator } from '../estimators/presets';
import { Rng } from '../rng';
import { GroupedBackend, neuralBackend } from './groupedBackend';
import { NeuralBackend } from './neuralBackend';
import type { RunState } from './runState';
import { shuffledBoards } from './shuffledBoards';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const presets = ['reinforce', 'ppo', 'reinforce-baseline', 'ppo'] as const;
const runs = presets.map(
  (preset, index) => ({ spec: resolveEstimator(preset), index }) as unknown as RunState,
);
const net = { kind: 'mlp', hidden: [8] } as const;
const seeds = [5, 6, 7, 8];

/** Run r in a backend of its own. */
const alone = (r: number, obsSize: number, A: number) =>
  new NeuralBackend([{ ...runs[r], index: 0 }], obsSize, A, net, [Rng.fromSeed(seeds[r])]);

describe('the neural backend of runs that need different networks', () => {
  it('stacks REINFORCE-style runs apart from PPO runs, and each run evaluates as it would alone', async () => {
    const envs = runs.map((_, r) => shuffledBoards(3, r + 1));
    const { obsSize, numActions: A } = envs[0];
    const backend = neuralBackend(
      runs,
      obsSize,
      A,
      net,
      seeds.map((s) => Rng.fromSeed(s)),
    );
    expect(backend).toBeInstanceOf(GroupedBackend);
    expect((backend as GroupedBackend).groups.map((g) => g.runs)).toEqual([
      [0, 2],
      [1, 3],
    ]);
    const evals = await backend.evaluate(envs);
    for (let r = 0; r < runs.length; r++) {
      const own = alone(r, obsSize, A);
      const [want] = await own.evaluate([envs[r]]);
      expect(Array.from(evals[r]!.probs)).toEqual(Array.from(want!.probs));
      // The critic is PPO's alone: REINFORCE runs no longer pay for it.
      expect(evals[r]!.values === null).toBe(presets[r] !== 'ppo');
      own.dispose();
    }
    backend.dispose();
  });

  it('skips a group none of whose runs steps, and gives each parameter in run order', async () => {
    const env = shuffledBoards(2, 9);
    const { obsSize, numActions: A } = env;
    const backend = neuralBackend(
      runs,
      obsSize,
      A,
      net,
      seeds.map((s) => Rng.fromSeed(s)),
    );
    const evals = await backend.evaluate([env, null, null, null]);
    expect(evals.map((ev) => ev !== null)).toEqual([true, false, false, false]);
    const together = await backend.parameters();
    for (let r = 0; r < runs.length; r++) {
      const own = alone(r, obsSize, A);
      const mine = await own.parameters();
      mine.forEach((p, l) =>
        expect(Array.from(together[l].subarray(r * p.length, (r + 1) * p.length))).toEqual(
          Array.from(p),
        ),
      );
      own.dispose();
    }
    backend.dispose();
  });

  it('is one stacked backend when every run can share it', () => {
    const seedSweep = [0, 1].map(
      (index) => ({ spec: resolveEstimator('ppo'), index }) as unknown as RunState,
    );
    const backend = neuralBackend(seedSweep, 16, 4, net, [Rng.fromSeed(1), Rng.fromSeed(2)]);
    expect(backend).toBeInstanceOf(NeuralBackend);
    backend.dispose();
  });
});

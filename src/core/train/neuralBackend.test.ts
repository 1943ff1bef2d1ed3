import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveEstimator } from '../estimators/presets';
import { Rng } from '../rng';
import { episodeMajorLayout, NeuralBackend, roundedRows } from './neuralBackend';
import { shuffledBoards } from './shuffledBoards';
import type { PolicyEvaluation, RunState } from './runState';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** One copy's row of an evaluation, copied (the backend refills its arrays every call). */
function rowOfCopy(ev: PolicyEvaluation, e: number, A: number) {
  const row = ev.rowOf ? ev.rowOf[e] : e;
  return {
    probs: Array.from(ev.probs).slice(row * A, (row + 1) * A),
    value: ev.values ? ev.values[row] : null,
    refProbs: ev.refProbs ? Array.from(ev.refProbs).slice(row * A, (row + 1) * A) : null,
  };
}

describe('NeuralBackend.evaluate', () => {
  it('with active copies only, gives those copies the same numbers as evaluating all, bit for bit', async () => {
    // A run with a critic (PPO) and one with a reference policy (KL penalty): every output.
    const specs = [
      resolveEstimator('ppo'),
      resolveEstimator('reinforce', { klCoef: 0.1, reference: 'initial' }),
      resolveEstimator('reinforce'),
    ];
    const runs = specs.map((spec, index) => ({ spec, index }) as unknown as RunState);
    const envs = [shuffledBoards(6, 1), shuffledBoards(4, 2), shuffledBoards(5, 3)];
    const A = envs[0].numActions;
    const backend = new NeuralBackend(
      runs,
      envs[0].obsSize,
      A,
      { kind: 'mlp', hidden: [16] },
      specs.map((_, r) => Rng.fromSeed(r + 1)),
    );
    const everyCopy = await backend.evaluate(envs);
    const want = envs.map((env, r) =>
      Array.from({ length: env.numEnvs }, (_, e) => rowOfCopy(everyCopy[r]!, e, A)),
    );
    const active = [
      Uint8Array.of(1, 0, 1, 1, 0, 1),
      Uint8Array.of(0, 0, 1, 0),
      Uint8Array.of(1, 1, 1, 1, 1),
    ];
    const some = await backend.evaluate(envs, active);
    envs.forEach((env, r) => {
      const ev = some[r]!;
      let packed = 0;
      for (let e = 0; e < env.numEnvs; e++) {
        if (!active[r][e]) continue;
        expect(ev.rowOf?.[e]).toBe(packed++); // active copies fill the first rows, in order
        expect(rowOfCopy(ev, e, A)).toEqual(want[r][e]);
      }
    });
    expect(want[0][0].value).not.toBeNull();
    expect(want[1][0].refProbs).not.toBeNull();
  });

  it('skips runs given no env', async () => {
    const runs = [resolveEstimator('reinforce'), resolveEstimator('reinforce')].map(
      (spec, index) => ({ spec, index }) as unknown as RunState,
    );
    const env = shuffledBoards(3, 4);
    const backend = new NeuralBackend(
      runs,
      env.obsSize,
      env.numActions,
      { kind: 'mlp', hidden: [8] },
      [Rng.fromSeed(1), Rng.fromSeed(2)],
    );
    const [first, second] = await backend.evaluate([null, env], [null, Uint8Array.of(0, 1, 1)]);
    expect(first).toBeNull();
    expect(second?.rowOf).toEqual(Int32Array.of(0, 0, 1));
  });
});

describe('roundedRows', () => {
  it('rounds up to an eighth of the power of two below, leaving small counts alone', () => {
    expect([1, 7, 8, 9, 15, 16, 17, 100, 4095, 4096, 4097].map(roundedRows)).toEqual([
      1, 7, 8, 9, 15, 16, 18, 104, 4096, 4096, 4608,
    ]);
  });

  it('adds at most an eighth and gives at most 8 heights per doubling', () => {
    const heights = new Set<number>();
    for (let n = 1025; n <= 2048; n++) {
      const m = roundedRows(n);
      expect(m).toBeGreaterThanOrEqual(n);
      expect(m).toBeLessThanOrEqual(n * 1.125);
      heights.add(m);
    }
    expect(heights.size).toBe(8);
  });
});

describe('episodeMajorLayout', () => {
  const coefficients = (S: number, R: number) =>
    Float32Array.from({ length: R * S }, (_, k) => k + 1);

  it('is the training layout itself when every episode is as long as the longest', () => {
    const starts = [Int32Array.of(0, 3, 6), Int32Array.of(0, 3, 6)];
    const c = coefficients(6, 2);
    expect(episodeMajorLayout(starts, 2, 6, c)).toEqual({ Tu: 3, rows: null, stepCoefficients: c });
  });

  it('reads the leading E * Tu rows when the block ends in padding rows', () => {
    // Two runs of 2 episodes x 3 steps in blocks of 8 rows (6 steps + 2 padding rows).
    const starts = [Int32Array.of(0, 3, 6), Int32Array.of(0, 3, 6)];
    const layout = episodeMajorLayout(starts, 2, 8, coefficients(8, 2));
    expect(layout.rows).toBeNull();
    expect(Array.from(layout.stepCoefficients)).toEqual([1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14]);
  });

  it('maps episodes of different lengths to their rows, padding with zero coefficients', () => {
    // Run 0: episodes of 1 and 3 steps; run 1: not training (no steps).
    const starts = [Int32Array.of(0, 1, 4), Int32Array.of(0, 0, 0)];
    const layout = episodeMajorLayout(starts, 2, 4, coefficients(4, 2));
    expect(layout.Tu).toBe(3);
    expect(Array.from(layout.rows!)).toEqual([0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(layout.stepCoefficients)).toEqual([1, 0, 0, 2, 3, 4, 0, 0, 0, 0, 0, 0]);
  });
});

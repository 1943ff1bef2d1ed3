import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { StackedOptimizer, sumOf } from './stackedOptimizer';
import { variableFrom } from './variableFrom';

// The webgpu failure sumOf avoids (tf.addN over 8+ tensors) shows only in a browser:
// e2e/backendsAgree.spec.ts trains a Sokoban CNN (8 variables) on webgpu and wasm.
describe('StackedOptimizer', () => {
  it('sumOf adds any number of same-shape tensors', () => {
    const parts = Array.from({ length: 12 }, (_, k) => tf.tensor1d([k, 2 * k]));
    expect(Array.from(sumOf(parts).dataSync())).toEqual([66, 132]);
    expect(Array.from(sumOf(parts.slice(0, 1)).dataSync())).toEqual([0, 0]);
  });

  it('with 12 variables: per-run gradient norms, and SGD steps -lr g', () => {
    const params = Array.from({ length: 12 }, () => variableFrom(tf.zeros([2, 1, 3]), true));
    const grads = params.map(() => tf.tensor3d([1, 1, 1, 2, 2, 2], [2, 1, 3]));
    const sgd = {
      kind: 'sgd' as const,
      learningRate: 0.5,
      adamEpsilon: 1e-8,
      adamBeta1: 0.9,
      adamBeta2: 0.999,
      momentumBeta: 0.9,
      maxGradNorm: 0,
    };
    const optimizer = new StackedOptimizer(params, [sgd, { ...sgd, learningRate: 0.25 }]);
    const norms = optimizer.apply(grads, [1, 1]).dataSync();
    // Run 0: 12 variables x 3 entries of 1 -> sqrt(36); run 1: entries of 2 -> sqrt(144).
    expect(Array.from(norms)).toEqual([6, 12]);
    expect(Array.from(params[11].dataSync())).toEqual([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5]);
  });
});

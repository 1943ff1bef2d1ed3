import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StackedOptimizer, sumOf, type StackedRunOptimizer } from './stackedOptimizer';
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

describe('StackedOptimizer on the cpu backend, fused into loops (cpuOptimiserStep.ts)', () => {
  const kinds = ['sgd', 'adam', 'normalized-momentum'] as const;
  const run = fc.record({
    kind: fc.constantFrom(...kinds),
    learningRate: fc.constantFrom(0.3, 1e-3, 2.5e-4),
    adamEpsilon: fc.constantFrom(1e-8, 1e-5),
    adamBeta1: fc.constantFrom(0.9, 0.5),
    adamBeta2: fc.constantFrom(0.999, 0.9),
    momentumBeta: fc.constantFrom(0.9, 0.3),
    maxGradNorm: fc.constantFrom(0, 0.5, 100),
  });
  const value = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });

  /** Parameters after `steps` steps of `runs`, and every step's norms, fused or not. */
  function train(
    runs: StackedRunOptimizer[],
    shapes: number[][],
    values: number[],
    actives: number[][],
    fused: boolean,
  ) {
    let k = 0;
    const next = () => values[k++ % values.length];
    const filled = (shape: number[], value = next) =>
      tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, value), shape);
    // Parameters are never -0 in training (initialised as products with +0, then p - step, which
    // is -0 only from -0); gradients may be.
    const params = shapes.map((shape) =>
      variableFrom(
        filled(shape, () => next() + 0),
        true,
      ),
    );
    const optimizer = new StackedOptimizer(params, runs, fused);
    const norms: number[][] = [];
    for (const active of actives) {
      const grads = shapes.map((shape) => filled(shape));
      const n = optimizer.apply(grads, active);
      norms.push(Array.from(n.dataSync()));
      n.dispose();
      grads.forEach((g) => g.dispose());
    }
    const out = params.map((p) => Array.from(p.dataSync()));
    optimizer.dispose();
    params.forEach((p) => p.dispose());
    return { params: out, norms };
  }

  it("gives the tensor ops' parameters and norms bit for bit: SGD, Adam, normalised momentum, clipping, runs sitting steps out", () => {
    fc.assert(
      fc.property(
        fc.array(run, { minLength: 1, maxLength: 4 }),
        fc.array(value, { minLength: 7, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (runs, values, steps, seed) => {
          const R = runs.length;
          const shapes = [
            [R, 3, 2],
            [R, 1, 2],
            [R, 5],
          ];
          const actives = Array.from({ length: steps }, (_, t) =>
            runs.map((_, r) => ((seed >> (t * R + r)) & 1 ? 0 : 1)),
          );
          const fused = train(runs, shapes, values, actives, true);
          const ops = train(runs, shapes, values, actives, false);
          expect(fused).toEqual(ops);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('moves the parameters (the comparison is not between two untouched sets)', () => {
    const adam = {
      kind: 'adam' as const,
      learningRate: 0.1,
      adamEpsilon: 1e-8,
      adamBeta1: 0.9,
      adamBeta2: 0.999,
      momentumBeta: 0.9,
      maxGradNorm: 0,
    };
    const { params } = train([adam, adam], [[2, 2]], [1, -2, 3, 0.5], [[1, 0]], true);
    // Adam's first step is lr sign(g) (m_hat / sqrt(v_hat) = g / |g|); run 1 sat it out.
    const want = [1 - 0.1, -2 + 0.1, 3, 0.5];
    params[0].forEach((p, k) => expect(p).toBeCloseTo(want[k], 5));
    expect(params[0].slice(2)).toEqual([3, 0.5]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BINARY_OP_NAMES, installFastCpuKernels, UNARY_OP_NAMES } from './cpuKernels';

/** tfjs's own cpu kernels, taken before ours replace them. */
const originals = new Map<string, tf.KernelFunc>();

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  for (const name of [
    ...BINARY_OP_NAMES,
    ...UNARY_OP_NAMES,
    'Sum',
    'Softmax',
    'BatchMatMul',
    'GatherV2',
  ])
    originals.set(name, tf.getKernel(name, 'cpu')!.kernelFunc);
  installFastCpuKernels();
});

/** Run tfjs's original kernel `name` and return its output's shape, dtype and values. */
function original(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}) {
  const backend = tf.backend();
  const info = originals.get(name)!({ inputs, backend, attrs }) as tf.TensorInfo;
  const out = tf.engine().makeTensorFromTensorInfo(info);
  const result = { shape: out.shape, dtype: out.dtype, values: Array.from(out.dataSync()) };
  out.dispose();
  return result;
}

function ours(t: tf.Tensor) {
  const result = { shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) };
  t.dispose();
  return result;
}

/** A shape and a second shape broadcastable against it (some axes 1, maybe fewer axes). */
const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc
      .tuple(
        fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
        fc.integer({ min: 0, max: shape.length - 1 }),
        fc.boolean(),
      )
      .map(([ones, drop, swap]) => {
        const other = shape.map((d, k) => (ones[k] ? 1 : d)).slice(drop);
        return swap ? [other, shape] : [shape, other];
      }),
  );

const values = (shape: number[], seed: number) =>
  // Small integers mixed with fractions, so comparisons see ties and arithmetic sees rounding.
  Float32Array.from({ length: tf.util.sizeFromShape(shape) }, (_, k) => {
    const v = Math.sin(seed * 7.3 + k * 1.7) * 3;
    return k % 3 === 0 ? Math.round(v) : v;
  });

describe('broadcasting binary kernels on cpu equal tfjs 4.22 own kernels', () => {
  for (const name of BINARY_OP_NAMES)
    it(name, () => {
      fc.assert(
        fc.property(broadcastPair, fc.integer({ min: 0, max: 1000 }), ([aShape, bShape], seed) => {
          const a = tf.tensor(values(aShape, seed), aShape);
          const b = tf.tensor(values(bShape, seed + 1), bShape);
          const want = original(name, { a, b });
          const got = ours(tf.engine().runKernel(name, { a, b }) as tf.Tensor);
          tf.dispose([a, b]);
          expect(got).toEqual(want);
        }),
        { numRuns: 60 },
      );
    });

  it('same-shape and scalar operands (no broadcast axes) equal the original too', () => {
    for (const name of BINARY_OP_NAMES)
      for (const [aShape, bShape] of [
        [
          [2, 3],
          [2, 3],
        ],
        [[2, 3], []],
        [[], [4]],
        [[], []],
      ]) {
        const a = tf.tensor(values(aShape, 3), aShape);
        const b = tf.tensor(values(bShape, 4), bShape);
        const want = original(name, { a, b });
        expect(ours(tf.engine().runKernel(name, { a, b }) as tf.Tensor)).toEqual(want);
        tf.dispose([a, b]);
      }
  });

  it('int32 operands stay int32, like the original', () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    const b = tf.tensor2d([10, 20], [2, 1], 'int32');
    const got = ours(tf.add(a, b));
    expect(got).toEqual({ shape: [2, 3], dtype: 'int32', values: [11, 12, 13, 24, 25, 26] });
    tf.dispose([a, b]);
  });

  it('the bias add of a stacked layer: [R, N, H] + [R, 1, H]', () => {
    const h = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const bias = tf.tensor3d([10, 20, 30, 40], [2, 1, 2]);
    expect(ours(tf.add(h, bias)).values).toEqual([11, 22, 13, 24, 35, 46, 37, 48]);
    tf.dispose([h, bias]);
  });
});

describe('Sum over non-innermost axes on cpu equals tfjs 4.22 own kernel', () => {
  it('any axes in increasing order, with and without keepDims', () => {
    const shapeAndAxes = fc
      .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 })
      .chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.subarray(
            shape.map((_, k) => k),
            { minLength: 1 },
          ),
          fc.boolean(),
          fc.integer({ min: 0, max: 1000 }),
        ),
      );
    fc.assert(
      fc.property(shapeAndAxes, ([shape, axes, keepDims, seed]) => {
        const x = tf.tensor(values(shape, seed), shape);
        const want = original('Sum', { x }, { axis: axes, keepDims });
        const got = ours(tf.sum(x, axes, keepDims));
        x.dispose();
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('the bias gradient: sum of [R, N, H] over N', () => {
    const dy = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
    expect(ours(tf.sum(dy, 1, true))).toEqual({
      shape: [2, 1, 2],
      dtype: 'float32',
      values: [9, 12, 27, 30],
    });
    dy.dispose();
  });
});

describe('Softmax on cpu equals tfjs 4.22 own kernel', () => {
  it('bit for bit, on rows with large, equal and masked logits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (shape, seed) => {
          const v = values(shape, seed).map((x, k) => (k % 5 === 4 ? x - 1e9 : x * 10));
          const logits = tf.tensor(v, shape);
          const want = original('Softmax', { logits }, { dim: -1 });
          const got = ours(tf.softmax(logits));
          logits.dispose();
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('BatchMatMul on cpu equals tfjs 4.22 own kernel', () => {
  // Shared axes past 48 cover the original's float32 rounding between blocks of 48 products.
  const problem = fc.record({
    batchA: fc.constantFrom([], [1], [3], [2, 2]),
    broadcastB: fc.boolean(),
    left: fc.integer({ min: 1, max: 7 }),
    shared: fc.constantFrom(1, 5, 48, 49, 130),
    right: fc.integer({ min: 1, max: 9 }),
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1000 }),
  });
  it('bit for bit, with transposes, broadcast batches and long shared axes', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const batchB = p.broadcastB && p.batchA.length ? p.batchA.map(() => 1) : p.batchA;
        const aShape = [...p.batchA, ...(p.transposeA ? [p.shared, p.left] : [p.left, p.shared])];
        const bShape = [...batchB, ...(p.transposeB ? [p.right, p.shared] : [p.shared, p.right])];
        const a = tf.tensor(values(aShape, p.seed), aShape);
        const b = tf.tensor(values(bShape, p.seed + 1), bShape);
        const attrs = { transposeA: p.transposeA, transposeB: p.transposeB };
        const want = original('BatchMatMul', { a, b }, attrs);
        const got = ours(tf.engine().runKernel('BatchMatMul', { a, b }, attrs) as tf.Tensor);
        tf.dispose([a, b]);
        expect(got).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('mismatched inner axes get the original error', () => {
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([4, 2]);
    expect(() => tf.matMul(a, b)).toThrow(/inner shapes \(3\) and \(4\)/);
    tf.dispose([a, b]);
  });
});

describe('unary float32 kernels on cpu equal tfjs 4.22 own kernels', () => {
  const special = [0, -0, 1, -1, 0.5, -2.5, 30, -30, 100, -100, NaN, Infinity, -Infinity, 1e-30];
  for (const name of UNARY_OP_NAMES)
    it(`${name}, bit for bit, on random and special values`, () => {
      fc.assert(
        fc.property(fc.array(fc.float({ noDefaultInfinity: false }), { maxLength: 40 }), (xs) => {
          const x = tf.tensor1d([...special, ...xs]);
          const want = original(name, { x });
          const got = ours(tf.engine().runKernel(name, { x }) as tf.Tensor);
          x.dispose();
          expect(got).toEqual(want);
        }),
        { numRuns: 50 },
      );
    });

  it('int32 input goes to the original kernel (Neg stays int32)', () => {
    const x = tf.tensor1d([1, -2, 3], 'int32');
    expect(ours(tf.neg(x))).toEqual({ shape: [3], dtype: 'int32', values: [-1, 2, -3] });
    x.dispose();
  });
});

describe('GatherV2 on cpu equals tfjs 4.22 own kernel', () => {
  it('row gathers (axis = batchDims) and every other layout, float32 and int32', () => {
    const case_ = fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
      picks: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
      axisFrom: fc.nat(),
      batchFrom: fc.nat(),
      dtype: fc.constantFrom('float32' as const, 'int32' as const),
      seed: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(case_, ({ shape, picks, axisFrom, batchFrom, dtype, seed }) => {
        const batchDims = batchFrom % Math.min(shape.length, 2);
        const axis = batchDims + (axisFrom % (shape.length - batchDims));
        const indicesShape = [...shape.slice(0, batchDims), ...picks];
        const indices = tf.tensor(
          Int32Array.from(
            { length: tf.util.sizeFromShape(indicesShape) },
            (_, k) => (seed + k * 7) % shape[axis],
          ),
          indicesShape,
          'int32',
        );
        const x = tf.tensor(values(shape, seed), shape, dtype);
        const attrs = { axis, batchDims };
        expect(ours(tf.gather(x, indices, axis, batchDims))).toEqual(
          original('GatherV2', { x, indices }, attrs),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the gather of the variance metric: [R, S, H] rows by [R, K] indices, batchDims 1', () => {
    const x = tf.tensor(values([3, 5, 4], 2), [3, 5, 4]);
    const indices = tf.tensor2d([0, 4, 4, 1, 2, 2, 3, 0, 1, 0, 0, 4], [3, 4], 'int32');
    const got = ours(tf.gather(x, indices, 1, 1));
    expect(got.shape).toEqual([3, 4, 4]);
    expect(got).toEqual(original('GatherV2', { x, indices }, { axis: 1, batchDims: 1 }));
  });

  it('an index out of range gets the original error', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(() => tf.gather(x, tf.tensor1d([2], 'int32'))).toThrow(/index/i);
  });
});

import { describe, expect, it } from 'vitest';
import { reductionBlock, skinnyProduct, smallReduction } from './webgpuKernels';
import { outputsPerInvocation } from './webgpuSparseInput';

// The shaders themselves run only in a browser with WebGPU: e2e/backendsAgree.spec.ts trains
// 2048 on webgpu and on wasm and finds the same episodes and float metrics. Here: which
// reductions and products they take.
describe('webgpu thread-per-output kernels: which shapes they take', () => {
  it('views a reduction over consecutive axes as [outer, reduce, inner]', () => {
    expect(reductionBlock([8, 4096, 4], [2])).toEqual({ outer: 32768, reduce: 4, inner: 1 });
    expect(reductionBlock([8, 4096, 64], [1])).toEqual({ outer: 8, reduce: 4096, inner: 64 });
    expect(reductionBlock([2, 3, 4, 5], [1, 2])).toEqual({ outer: 2, reduce: 12, inner: 5 });
    expect(reductionBlock([2, 3], [0, 1])).toEqual({ outer: 1, reduce: 6, inner: 1 });
    expect(reductionBlock([2, 3, 4], [0, 2])).toBeNull();
  });

  it('takes small reductions and outer-axis ones, leaves long innermost ones to tfjs', () => {
    expect(smallReduction({ outer: 32768, reduce: 4, inner: 1 })).toBe(true); // softmax over 4
    expect(smallReduction({ outer: 8, reduce: 4096, inner: 64 })).toBe(true); // bias gradient
    expect(smallReduction({ outer: 8, reduce: 4096, inner: 1 })).toBe(false); // per-run loss sum
  });

  it('takes products with a dimension of at most 16', () => {
    expect(skinnyProduct(4096, 4, 64)).toBe(true); // logits = h W, 4 actions
    expect(skinnyProduct(4096, 64, 4)).toBe(true); // dh = dlogits W^T
    expect(skinnyProduct(4096, 64, 256)).toBe(false); // a dense observation layer
  });

  it('the observation layer writes 16, 8, 4 or 1 outputs per invocation, as its width allows', () => {
    expect([64, 32, 24, 12, 10].map(outputsPerInvocation)).toEqual([16, 16, 8, 4, 1]);
  });
});

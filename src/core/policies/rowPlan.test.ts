import { describe, expect, it } from 'vitest';
import { chainedWeightGradient, emptyRowPlan } from './rowPlan';
import { forward } from './sparseInputMatMul';

describe('rowPlan: how the observation layer summed each row, reused by the weight gradient', () => {
  // One run of three one-hot rows, 3 cells of 2 channels (I = 6): cell 0 turns from channel 0 to
  // channel 1 (2 changes against 3 ones: summed from the previous row), then nothing changes.
  const x = new Float32Array([1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0]);
  const w = new Float32Array([1, 2, 4, 8, 16, 32]); // O = 1

  it('lists the ones of a row from scratch, and where a 1 appeared (i) or went (~i)', () => {
    const plan = emptyRowPlan(1, 3);
    expect(Array.from(forward(x, w, 1, 3, 6, 1, null, plan))).toEqual([21, 22, 22]);
    expect(Array.from(plan.fromPrevious)).toEqual([0, 1, 1]);
    expect(Array.from(plan.starts)).toEqual([0, 3, 5, 5]);
    expect(Array.from(plan.entries.subarray(0, 5))).toEqual([0, 2, 4, 1, ~0]);
    expect(Array.from(plan.oneHotRuns)).toEqual([1]);
  });

  it('sums dy over a chain with suffix sums: dw = x[0]^T S[0] + sum_k d[k]^T S[k]', () => {
    // dy = [1, 10, 100]: S = [111, 110, 100]. dw[0] = S[0] - S[1] = 1 (row 0 only); dw[1] =
    // S[1] = 110 (rows 1 and 2); inputs 2 and 4 are 1 in every row: S[0] = 111.
    const plan = emptyRowPlan(1, 3);
    forward(x, w, 1, 3, 6, 1, null, plan);
    const dw = new Float32Array(6);
    const dy = new Float32Array([1, 10, 100]);
    chainedWeightGradient(plan, 0, dy, 3, 6, 1, dw, 0, new Float64Array(3), new Float64Array(6));
    expect(Array.from(dw)).toEqual([1, 110, 111, 0, 111, 0]);
  });

  it('is followed by a second pass over the same rows, which then does not read them', () => {
    const plan = emptyRowPlan(1, 3);
    forward(x, w, 1, 3, 6, 1, null, plan);
    const w2 = new Float32Array([3, 5, 7, 11, 13, 17]);
    const unread = new Float32Array(x.length);
    const out = forward(unread, w2, 1, 3, 6, 1, null, plan, { planIsKnown: true });
    expect(Array.from(out)).toEqual([3 + 7 + 13, 5 + 7 + 13, 5 + 7 + 13]);
  });

  it('marks a run with a row that is not one-hot, whose plan is then incomplete', () => {
    const plan = emptyRowPlan(2, 1);
    forward(new Float32Array([0, 1, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0]), w, 2, 1, 6, 1, null, plan);
    expect(Array.from(plan.oneHotRuns)).toEqual([1, 0]);
  });

  it('grows its entries past the first guess', () => {
    const plan = emptyRowPlan(1, 2);
    const I = 200;
    const ones = new Float32Array(2 * I);
    for (let i = 0; i < I; i += 2) ones[i] = ones[I + i + 1] = 1; // rows differ everywhere
    forward(ones, new Float32Array(I).fill(1), 1, 2, I, 1, null, plan);
    expect(plan.starts[2]).toBe(I);
    expect(plan.entries.length).toBeGreaterThanOrEqual(I);
  });
});

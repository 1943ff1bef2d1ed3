import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mostNonzerosPerRow,
  sparseColumns,
  sparseRows,
  SparseObservation,
} from './sparseObservation';

describe('sparseRows / sparseColumns: a batch as its nonzero entries', () => {
  // Two runs, two rows each, I = 4: [0 1 0 2], [0 0 0 0] | [3 0 0 0], [0 4 5 0].
  const x = Float32Array.from([0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 5, 0]);

  it('rows: K = the most nonzeros of a row, shorter rows padded with -1', () => {
    const rows = sparseRows(x, 2, 2, 4);
    expect(rows.perRow).toBe(2);
    expect(Array.from(rows.indices)).toEqual([1, 3, -1, -1, 0, -1, 1, 2]);
    expect(Array.from(rows.values)).toEqual([1, 2, 0, 0, 3, 0, 4, 5]);
  });

  it('columns: per run, the entries grouped by input index, with their row and value', () => {
    const c = sparseColumns(sparseRows(x, 2, 2, 4));
    expect(c.perRun).toBe(3);
    // Run 0: input 1 has row 0 (value 1), input 3 has row 0 (value 2).
    expect(Array.from(c.offsets.subarray(0, 5))).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(c.entryRows.subarray(0, 2))).toEqual([0, 0]);
    expect(Array.from(c.entryValues.subarray(0, 3))).toEqual([1, 2, 0]);
    // Run 1: input 0 <- row 0 (3), input 1 <- row 1 (4), input 2 <- row 1 (5).
    expect(Array.from(c.offsets.subarray(5, 10))).toEqual([0, 1, 2, 3, 3]);
    expect(Array.from(c.entryRows.subarray(3, 6))).toEqual([0, 1, 1]);
    expect(Array.from(c.entryValues.subarray(3, 6))).toEqual([3, 4, 5]);
  });

  it('both layouts give x w and x^T dy exactly as the dense sums (any sparse batch)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (R, N, I, seed) => {
          const dense = Float32Array.from({ length: R * N * I }, (_, k) =>
            (seed + k * 7) % 3 === 0 ? ((seed + k) % 5) - 2 : 0,
          );
          const rows = sparseRows(dense, R, N, I);
          const cols = sparseColumns(rows);
          const O = 2;
          const w = Float32Array.from({ length: R * I * O }, (_, k) => (k % 7) - 3);
          const dy = Float32Array.from({ length: R * N * O }, (_, k) => (k % 5) - 1);
          for (let r = 0; r < R; r++)
            for (let o = 0; o < O; o++) {
              for (let n = 0; n < N; n++) {
                let want = 0;
                let got = 0;
                for (let i = 0; i < I; i++)
                  want += dense[(r * N + n) * I + i] * w[(r * I + i) * O + o];
                for (let k = 0; k < rows.perRow; k++) {
                  const slot = (r * N + n) * rows.perRow + k;
                  if (rows.indices[slot] >= 0)
                    got += rows.values[slot] * w[(r * I + rows.indices[slot]) * O + o];
                }
                expect(got).toBe(want);
              }
              for (let i = 0; i < I; i++) {
                let want = 0;
                let got = 0;
                for (let n = 0; n < N; n++)
                  want += dense[(r * N + n) * I + i] * dy[(r * N + n) * O + o];
                const o0 = r * (I + 1);
                for (let j = cols.offsets[o0 + i]; j < cols.offsets[o0 + i + 1]; j++)
                  got +=
                    cols.entryValues[r * cols.perRun + j] *
                    dy[(r * N + cols.entryRows[r * cols.perRun + j]) * O + o];
                expect(got).toBe(want);
              }
            }
        },
      ),
    );
  });

  it('is worth it only when every row has at most a quarter of its entries set', () => {
    const oneHot2048 = new Float32Array(256);
    for (let c = 0; c < 16; c++) oneHot2048[c * 16] = 1;
    const worthIt = (x: Float32Array, I: number) => {
      const sparse = SparseObservation.ifWorthIt(x, 1, x.length / I, I, false);
      sparse?.dispose();
      return sparse !== null;
    };
    expect(worthIt(oneHot2048, 256)).toBe(true);
    expect(worthIt(Float32Array.from([1]), 1)).toBe(false); // bandit
    expect(worthIt(Float32Array.from([1, 1, 0, 0, 0, 0, 0, 0]), 8)).toBe(true);
    expect(worthIt(Float32Array.from([1, 1, 1, 0, 0, 0, 0, 0]), 8)).toBe(false);
    // Every row counts, not only the first.
    expect(worthIt(Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]), 8)).toBe(
      false,
    );
    expect(mostNonzerosPerRow(Float32Array.from([1, 0, 1, 1, 1, 0]), 2, 3)).toBe(2);
  });

  it('names the shape that does not fit', () => {
    expect(() => sparseRows(new Float32Array(5), 2, 2, 2)).toThrow(
      /5 values do not make \[2, 2, 2\]/,
    );
  });
});

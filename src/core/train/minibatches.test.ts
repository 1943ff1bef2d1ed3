import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { episodeMinibatches, gatherRows, minibatchRows } from './minibatches';
import { roundedRows } from './neuralBackend';

describe('episodeMinibatches', () => {
  it('covers every episode once per epoch, in M lists', () => {
    const lists = episodeMinibatches(10, 4, Rng.fromSeed(3));
    expect(lists.map((l) => l.length)).toEqual([2, 3, 2, 3]);
    expect([...lists.flatMap((l) => [...l])].sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });
});

describe('minibatchRows: only the rows a minibatch step needs', () => {
  // Run 0: episodes of 3, 1 and 4 steps (rows 0-2, 3, 4-7); run 1: 2 and 2 (rows 0-1, 2-3).
  const starts = [Int32Array.of(0, 3, 4, 8), Int32Array.of(0, 2, 4)];
  const S = 8;

  it("lists each run's minibatch episodes' rows, pads with row 0, and skips a run sitting out", () => {
    const g = minibatchRows(starts, [Int32Array.of(2, 1), null], S, (n) => n);
    expect(g).toEqual({
      indices: Int32Array.of(4, 5, 6, 7, 3, 0, 0, 0, 0, 0),
      counts: Int32Array.of(5, 0),
      rows: 5,
    });
  });

  it('is null when the gathered rows would not be fewer than the whole batch, in the same order', () => {
    const all = [Int32Array.of(0, 1, 2), Int32Array.of(0, 1)];
    expect(minibatchRows(starts, all, S, (n) => n)).toBeNull();
    // 4 rows, rounded up to a multiple of 8, are 8 = S, and they lead run 0's block.
    const byEight = (n: number) => Math.ceil(n / 8) * 8;
    expect(minibatchRows(starts, [Int32Array.of(0, 1), null], S, byEight)).toBeNull();
    expect(minibatchRows(starts, [Int32Array.of(0, 1), null], S, roundedRows)?.rows).toBe(4);
  });

  it('gathers shuffled episodes even into as many rows as the whole batch (sums in the same order as alone)', () => {
    // Run 0's episodes 2, 0 (7 rows), rounded up to 8 = S: the whole batch would sum row 3
    // (episode 1, weight 0) between episode 0 and episode 2, and episode 0 first.
    const byFour = (n: number) => Math.ceil(n / 4) * 4;
    expect(minibatchRows(starts, [Int32Array.of(2, 0), null], S, byFour)).toEqual({
      indices: Int32Array.of(4, 5, 6, 7, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      counts: Int32Array.of(7, 0),
      rows: 8,
    });
    const all = [Int32Array.of(0, 2, 1), Int32Array.of(0, 1)];
    expect(minibatchRows(starts, all, S, (n) => n)?.indices.subarray(0, 8)).toEqual(
      Int32Array.of(0, 1, 2, 4, 5, 6, 7, 3),
    );
  });

  it('gatherRows copies whole rows of any width, padding rows from row 0 of their run', () => {
    const g = minibatchRows(starts, [Int32Array.of(1), Int32Array.of(1)], S, (n) => n)!;
    expect(g.rows).toBe(2);
    // Width 2: row i of run r holds [10 r + i, -(10 r + i)].
    const src = new Float32Array(2 * S * 2);
    for (let r = 0; r < 2; r++)
      for (let i = 0; i < S; i++) src.set([10 * r + i, -(10 * r + i)], (r * S + i) * 2);
    expect([...gatherRows(src, 2, g, S, new Float32Array(2 * 2 * 2))]).toEqual([
      3, -3, 0, -0, 12, -12, 13, -13,
    ]);
  });
});

import { Rng } from '../rng';
import type { GridMap } from './gridworld';

/** Test fixtures of the exact-gradient tests (exact.test.ts, finiteGradient.test.ts). */

/** Logits with entries in [-scale, scale], from `seed`. */
export function randomLogits(n: number, seed: number, scale = 1): Float64Array {
  const rng = Rng.fromSeed(seed);
  return Float64Array.from({ length: n }, () => scale * (2 * rng.uniform() - 1));
}

/** A slippery map with a wall, cliffs (-10), step costs, two starts and a goal worth 5. */
export const CLIFFS_AND_STARTS: GridMap = {
  rows: ['SFFF', 'FWFS', 'SCCG'],
  slip: 0.3,
  timeLimit: 15,
  actions: 'URDL',
  rewards: [
    [-1, -1, -1, -1],
    [-1, 0, -1, -1],
    [-1, -10, -10, 5],
  ],
};

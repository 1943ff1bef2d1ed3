import { createEnv } from '../envs/registry';
import type { VecEnv } from '../envs/types';
import { Rng } from '../rng';

/**
 * 2048 boards a few random moves apart, so that every copy's observation differs (a test
 * fixture of the neural backends' tests).
 */
export function shuffledBoards(copies: number, seed: number, moves = 6): VecEnv {
  const env = createEnv({ family: '2048', params: {} }, copies, Rng.fromSeed(seed));
  for (let e = 0; e < copies; e++) env.reset(e, e);
  const rng = Rng.fromSeed(seed + 100);
  const actions = new Int32Array(copies);
  for (let t = 0; t < moves; t++) {
    for (let e = 0; e < copies; e++) actions[e] = rng.int(4);
    env.step(actions);
  }
  return env;
}

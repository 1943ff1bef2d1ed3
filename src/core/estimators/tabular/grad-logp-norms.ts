import type { RolloutBatch } from '../batch';
import { tabularLogPolicy } from './softmax';

/**
 * |grad_z log pi(tau_e)|^2 per episode for a tabular softmax policy (input of the `optimal`
 * baseline): grad_z log pi(tau) = sum_t (e_{a_t} - pi(.|s_t)) on the block of s_t, so steps in the
 * same state add up before squaring. Uses one [S * A] scratch table, cleared per episode.
 */
export function tabularGradLogpSqNorms(
  batch: RolloutBatch,
  logits: ArrayLike<number>,
  numStates: number,
): Float64Array {
  const A = batch.numActions;
  const T = batch.maxSteps;
  const logPolicy = tabularLogPolicy(logits, numStates, A);
  const acc = new Float64Array(numStates * A);
  const out = new Float64Array(batch.numEpisodes);
  for (let e = 0; e < batch.numEpisodes; e++) {
    const len = batch.lengths[e];
    for (let t = 0; t < len; t++) {
      const i = e * T + t;
      const o = batch.states[i] * A;
      for (let b = 0; b < A; b++) acc[o + b] -= Math.exp(logPolicy[o + b]);
      acc[o + batch.actions[i]] += 1;
    }
    let ss = 0;
    for (let t = 0; t < len; t++) {
      const o = batch.states[e * T + t] * A;
      for (let b = 0; b < A; b++) {
        ss += acc[o + b] * acc[o + b];
        acc[o + b] = 0; // a state visited twice is counted once: cleared after the first read
      }
    }
    out[e] = ss;
  }
  return out;
}

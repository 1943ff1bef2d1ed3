import type { RolloutBatch } from '../batch';

/**
 * A tabular softmax policy: logits z[s * A + a], pi(a|s) = exp(z[s,a]) / sum_b exp(z[s,b]).
 * grad_z log pi(a|s) = e_a - pi(.|s) on the block of state s (zero elsewhere).
 */

/** log pi(a|s) for every state and action, [S * A] (max-shifted for stability). */
export function tabularLogPolicy(logits: ArrayLike<number>, numStates: number, numActions: number) {
  const out = new Float64Array(numStates * numActions);
  for (let s = 0; s < numStates; s++) {
    const o = s * numActions;
    let max = -Infinity;
    for (let a = 0; a < numActions; a++) max = Math.max(max, logits[o + a]);
    let sum = 0;
    for (let a = 0; a < numActions; a++) sum += Math.exp(logits[o + a] - max);
    const lse = max + Math.log(sum);
    for (let a = 0; a < numActions; a++) out[o + a] = logits[o + a] - lse;
  }
  return out;
}

/** Entropy H(s) = -sum_a pi log pi of every state, [S]. */
export function tabularEntropy(logPolicy: Float64Array, numStates: number, numActions: number) {
  const out = new Float64Array(numStates);
  for (let s = 0; s < numStates; s++) {
    let h = 0;
    for (let a = 0; a < numActions; a++) {
      const lp = logPolicy[s * numActions + a];
      h -= Math.exp(lp) * lp;
    }
    out[s] = h;
  }
  return out;
}

/** log pi(a_t | s_t) of each step of a batch under the given log-policy table, [E * T]. */
export function stepLogp(
  logPolicy: Float64Array,
  states: Int32Array,
  actions: Int32Array,
  mask: Uint8Array,
  numActions: number,
): Float64Array {
  const out = new Float64Array(mask.length);
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) out[i] = logPolicy[states[i] * numActions + actions[i]];
  return out;
}

/**
 * `stepLogp` of a batch, visiting only the steps that exist (t < lengths[e]): the same array
 * (0 on padding), without walking the padding of short episodes. Written into `out` when given
 * (a buffer reused from update to update: a fresh [E * T] array per call is mostly allocation).
 */
export function batchStepLogp(
  logPolicy: Float64Array,
  batch: RolloutBatch,
  out?: Float64Array,
): Float64Array {
  const { states, actions, mask, numActions: A, maxSteps: T } = batch;
  if (out && out.length !== mask.length)
    throw new Error(`batchStepLogp: out has ${out.length} entries, the batch ${mask.length}`);
  if (out) out.fill(0);
  else out = new Float64Array(mask.length);
  for (let e = 0; e < batch.numEpisodes; e++)
    for (let i = e * T, end = i + batch.lengths[e]; i < end; i++)
      if (mask[i]) out[i] = logPolicy[states[i] * A + actions[i]];
  return out;
}

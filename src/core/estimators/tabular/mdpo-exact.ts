import type { RolloutBatch } from '../batch';

/**
 * MDPO's exact tabular update (Tomar et al. 2022, eq. for the tabular case; the KL-regularised
 * mirror-descent step of Geist et al. 2019): pi_{k+1}(a|s) ∝ pi_k(a|s) exp(t A(s,a)).
 * In logits this is z_{k+1} = z_k + t A(s, .) (softmax absorbs the per-state normaliser); each
 * state's logits are then shifted so their max is 0, which keeps them bounded.
 *
 * @param advantageTable [S * A] A(s, a): exact (small envs) or `tabularAdvantageTable`.
 */
export function mdpoTabularUpdate(
  logits: ArrayLike<number>,
  advantageTable: ArrayLike<number>,
  stepSize: number,
  numStates: number,
  numActions: number,
): Float64Array {
  const out = new Float64Array(numStates * numActions);
  for (let s = 0; s < numStates; s++) {
    const o = s * numActions;
    let max = -Infinity;
    for (let a = 0; a < numActions; a++) {
      out[o + a] = logits[o + a] + stepSize * advantageTable[o + a];
      max = Math.max(max, out[o + a]);
    }
    for (let a = 0; a < numActions; a++) out[o + a] -= max;
  }
  return out;
}

/** Sample estimate of A(s, a): the mean advantage over the batch's visits to (s, a), 0 if none. */
export function tabularAdvantageTable(
  batch: RolloutBatch,
  advantages: ArrayLike<number>,
  numStates: number,
): Float64Array {
  const A = batch.numActions;
  const sum = new Float64Array(numStates * A);
  const count = new Float64Array(numStates * A);
  for (let i = 0; i < batch.mask.length; i++) {
    if (!batch.mask[i]) continue;
    const j = batch.states[i] * A + batch.actions[i];
    sum[j] += advantages[i];
    count[j] += 1;
  }
  for (let j = 0; j < sum.length; j++) sum[j] = count[j] > 0 ? sum[j] / count[j] : 0;
  return sum;
}

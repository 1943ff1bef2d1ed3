/**
 * Entropy metric (metrics.md, "Entropy"): mean policy entropy H = -sum_a pi log pi over the
 * states visited in the update, in nats. A uniform policy over K actions has H = log K; a
 * deterministic one has H = 0.
 *
 * "Over the states visited" is read per step: each visit counts once, so states the policy
 * visits often weigh more (the same average the entropy bonus of the loss uses).
 */

/** H(p) = -sum_a p_a log p_a of the distribution p[offset .. offset + length); 0 log 0 = 0. */
export function entropyOf(
  probs: ArrayLike<number>,
  offset = 0,
  length = probs.length - offset,
): number {
  let h = 0;
  for (let a = offset; a < offset + length; a++) {
    const p = probs[a];
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/** Entropy of softmax(logits[offset .. offset + length)), max-shifted for stability. */
export function entropyOfLogits(
  logits: ArrayLike<number>,
  offset = 0,
  length = logits.length - offset,
): number {
  let max = -Infinity;
  for (let a = offset; a < offset + length; a++) max = Math.max(max, logits[a]);
  let sum = 0;
  for (let a = offset; a < offset + length; a++) sum += Math.exp(logits[a] - max);
  const lse = max + Math.log(sum);
  // H = -sum_a pi_a (z_a - lse) = lse - sum_a pi_a z_a.
  let h = 0;
  for (let a = offset; a < offset + length; a++) {
    const p = Math.exp(logits[a] - lse);
    if (p > 0) h -= p * (logits[a] - lse);
  }
  return h;
}

/**
 * Mean of per-step entropies over the steps that exist (mask 1), e.g. the trainer's
 * `RolloutBuffer.entropy` (entropy of pi_old(.|s_t) recorded while acting). NaN for no steps.
 */
export function meanStepEntropy(stepEntropy: ArrayLike<number>, mask: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) {
      sum += stepEntropy[i];
      n++;
    }
  return n > 0 ? sum / n : NaN;
}

/**
 * Mean entropy of a tabular softmax policy (logits [S * A]) over the visited steps of a batch
 * (`states[i]` where `mask[i]` is 1): the current policy's entropy, not the one that acted.
 * NaN for no steps.
 */
export function tabularVisitedEntropy(
  logits: ArrayLike<number>,
  numStates: number,
  numActions: number,
  states: ArrayLike<number>,
  mask: ArrayLike<number>,
): number {
  const perState = new Float64Array(numStates).fill(NaN);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const s = states[i];
    if (Number.isNaN(perState[s]))
      perState[s] = entropyOfLogits(logits, s * numActions, numActions);
    sum += perState[s];
    n++;
  }
  return n > 0 ? sum / n : NaN;
}

import type { RolloutBatch } from '../batch';

/**
 * Natural policy gradient for a tabular softmax policy (Kakade 2001, "A Natural Policy
 * Gradient"). The Fisher matrix F = E_{s~d}[grad log pi grad log pi^T] is block-diagonal with
 * one block per state, d_s F_s where F_s = diag(pi_s) - pi_s pi_s^T. With damping lambda > 0
 * (F_s is singular along the all-ones direction), the direction per state solves
 *   (d_s (diag(pi_s) - pi_s pi_s^T) + lambda I) x_s = g_s,
 * in closed form by Sherman-Morrison with D = diag(d_s pi_s + lambda):
 *   x_s = D^-1 g_s + d_s D^-1 pi_s (pi_s^T D^-1 g_s) / (1 - d_s pi_s^T D^-1 pi_s).
 * O(A) per state; the denominator is > 0 whenever lambda > 0.
 *
 * @param grad [S * A] gradient (of the loss or of J; the direction keeps its sign).
 * @param stateWeights [S] d_s, e.g. `stateVisitation(batch, S)`.
 */
export function naturalGradientDirection(
  grad: ArrayLike<number>,
  logits: ArrayLike<number>,
  numStates: number,
  numActions: number,
  stateWeights: ArrayLike<number>,
  damping: number,
): Float64Array {
  const A = numActions;
  const out = new Float64Array(numStates * A);
  for (let s = 0; s < numStates; s++) {
    const o = s * A;
    const d = stateWeights[s];
    let max = -Infinity;
    for (let a = 0; a < A; a++) max = Math.max(max, logits[o + a]);
    let z = 0;
    for (let a = 0; a < A; a++) z += Math.exp(logits[o + a] - max);
    let piDg = 0;
    let piDpi = 0;
    for (let a = 0; a < A; a++) {
      const p = Math.exp(logits[o + a] - max) / z;
      const dInv = 1 / (d * p + damping);
      piDg += p * dInv * grad[o + a];
      piDpi += p * p * dInv;
    }
    const coef = (d * piDg) / (1 - d * piDpi);
    for (let a = 0; a < A; a++) {
      const p = Math.exp(logits[o + a] - max) / z;
      const dInv = 1 / (d * p + damping);
      out[o + a] = dInv * grad[o + a] + coef * p * dInv;
    }
  }
  return out;
}

/** Empirical state visitation d_s = (valid steps in state s) / (valid steps), [S]. */
export function stateVisitation(batch: RolloutBatch, numStates: number): Float64Array {
  const d = new Float64Array(numStates);
  let n = 0;
  for (let i = 0; i < batch.mask.length; i++)
    if (batch.mask[i]) {
      d[batch.states[i]] += 1;
      n++;
    }
  for (let s = 0; s < numStates; s++) d[s] /= Math.max(n, 1);
  return d;
}

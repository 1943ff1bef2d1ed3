import type { SampleSelection } from '../spec';

/**
 * Sample selection by outcome (Zhu et al. 2025, "The Surprising Effectiveness of Negative
 * Reinforcement in LLM Reasoning"), with no baseline:
 * - psr (positive sample reinforcement): A = +1 for successful rollouts, 0 otherwise;
 * - nsr (negative sample reinforcement): A = -1 for failed rollouts, 0 otherwise;
 * - w-reinforce(lambda): A = +lambda for success, -1 for failure (paper: lambda = 0.1).
 * Deselected rollouts get A = 0 but stay in the aggregation's denominator, so the loss is the
 * sample mean of the paper's objective over the whole batch.
 *
 * @returns [E] the advantage of each episode, or null for 'none' (keep the computed advantages).
 */
export function outcomeAdvantages(
  success: Uint8Array,
  selection: SampleSelection,
  lambda: number,
): Float64Array | null {
  if (selection === 'none') return null;
  const out = new Float64Array(success.length);
  for (let e = 0; e < success.length; e++) {
    const ok = success[e] === 1;
    if (selection === 'psr') out[e] = ok ? 1 : 0;
    else if (selection === 'nsr') out[e] = ok ? 0 : -1;
    else out[e] = ok ? lambda : -1;
  }
  return out;
}

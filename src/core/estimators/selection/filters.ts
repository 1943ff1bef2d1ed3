import { zeroVarianceGroups } from '../normalise/stats';

/**
 * Group filters that drop whole tasks from the update (they leave the aggregation's denominator,
 * unlike the outcome selection in outcome.ts).
 */

/**
 * DAPO dynamic sampling (Yu et al. 2025, "DAPO: An Open-Source LLM Reinforcement Learning System
 * at Scale"): a group whose rewards are all equal has zero group-relative advantage and only
 * dilutes the batch, so it is dropped. (DAPO then samples more groups; the trainer may refill.)
 * Updates `keep` [E] in place (0 = dropped).
 */
export function dropZeroVarianceGroups(
  returns: ArrayLike<number>,
  groupSize: number,
  keep: Uint8Array,
): void {
  const flat = zeroVarianceGroups(returns, groupSize);
  for (let e = 0; e < keep.length; e++) if (flat[e]) keep[e] = 0;
}

/**
 * Difficulty filter (online filtering as in PRIME and Polaris-style curricula): keep tasks whose
 * group success rate lies in [lo, hi]. Updates `keep` [E] in place.
 */
export function difficultyFilter(
  success: Uint8Array,
  groupSize: number,
  lo: number,
  hi: number,
  keep: Uint8Array,
): void {
  for (let g0 = 0; g0 < success.length; g0 += groupSize) {
    let s = 0;
    for (let j = 0; j < groupSize; j++) s += success[g0 + j];
    const rate = s / groupSize;
    if (rate < lo || rate > hi) keep.fill(0, g0, g0 + groupSize);
  }
}

/**
 * Resolution of the training signal within groups (GDPO, Liu et al. 2026, "GDPO: Group
 * reward-Decoupled Normalization Policy Optimization for Multi-reward RL Optimization"): the
 * number of distinct advantage values among a group's episodes, averaged over groups. With two
 * 0/1 rewards summed before GRPO's normalisation, the combinations (1, 0) and (0, 1) have the
 * same sum and so the same advantage: at most 3 distinct values per group. Normalising each
 * reward within the group first (GDPO) keeps all 4 combinations apart, except when the two
 * rewards have the same group std (z(1,0) - z(0,1) = 1/s1 - 1/s2: their success fractions in
 * the group are equal or add up to 1).
 *
 * An episode's advantage is the one at its first step (the whole episode's for episode-level
 * targets, as in GRPO on outcome rewards). Values closer than `relTol` times the group's largest
 * |A| (at least `relTol` itself) count as equal, so round-off never creates a distinct value.
 *
 * @param advantages [E * T] per-step advantages (batch layout: episode e's step t at e * T + t).
 * @returns mean over the E / G groups of the number of distinct values; NaN for no groups.
 */
export function distinctAdvantagesPerGroup(
  advantages: ArrayLike<number>,
  maxSteps: number,
  groupSize: number,
  relTol = 1e-6,
): number {
  if (!Number.isInteger(groupSize) || groupSize < 1)
    throw new Error(
      `distinctAdvantagesPerGroup: groupSize must be a positive integer, got ${groupSize}`,
    );
  if (!Number.isInteger(maxSteps) || maxSteps < 1 || advantages.length % maxSteps !== 0)
    throw new Error(
      `distinctAdvantagesPerGroup: advantages (${advantages.length}) must hold whole episodes of maxSteps (${maxSteps}) steps`,
    );
  const E = advantages.length / maxSteps;
  if (E % groupSize !== 0)
    throw new Error(
      `distinctAdvantagesPerGroup: ${E} episodes do not split into groups of ${groupSize}`,
    );
  const numGroups = E / groupSize;
  if (numGroups === 0) return NaN;
  const values = new Float64Array(groupSize);
  let total = 0;
  for (let g = 0; g < numGroups; g++) {
    let scale = 1;
    for (let j = 0; j < groupSize; j++) {
      values[j] = advantages[(g * groupSize + j) * maxSteps];
      scale = Math.max(scale, Math.abs(values[j]));
    }
    values.sort();
    let distinct = 1;
    for (let j = 1; j < groupSize; j++)
      if (values[j] - values[j - 1] > relTol * scale) distinct += 1;
    total += distinct;
  }
  return total / numGroups;
}

/**
 * Coverage of the good arms of a bandit: does the policy still produce every good answer, or has
 * it sharpened onto one? This is the playground's stand-in for pass@k at large k in Zhu et al.
 * 2025 ("The Surprising Effectiveness of Negative Reinforcement in LLM Reasoning"): a policy that
 * keeps probability on every correct answer keeps finding them when sampled many times, one that
 * collapses onto a single answer loses the others.
 *
 * An arm is good when its expected reward is within GOOD_ARM_MARGIN of the task's range below
 * the best arm (so several equally good arms are all good, and the scale of the rewards does not
 * matter); it is covered when the policy gives it at least COVERED_PROBABILITY, i.e. it shows up
 * about once in 20 samples or more often.
 */

/** Fraction of the task's reward range (best - worst arm) below the best that still counts as good. */
export const GOOD_ARM_MARGIN = 0.05;
/** Probability an arm must keep to count as covered. */
export const COVERED_PROBABILITY = 0.05;

/** Indices of the good arms of one task: mu(a) >= max mu - margin * (max mu - min mu). */
export function goodArms(means: readonly number[], margin = GOOD_ARM_MARGIN): number[] {
  if (means.length === 0) throw new Error('goodArms: a task needs at least one arm');
  const best = Math.max(...means);
  const worst = Math.min(...means);
  const cut = best - margin * (best - worst);
  return means.flatMap((m, a) => (m >= cut ? [a] : []));
}

/**
 * Mean over tasks of the fraction of good arms that hold at least `threshold` probability.
 * `probs` is the policy table pi[task * numArms + arm] (e.g. Trainer.policyTable); `means[task]`
 * the expected reward of each arm. 1 for a uniform policy over few arms, 1 / (number of good
 * arms) for a policy collapsed onto one good arm. NaN when a task has no probabilities yet (the
 * trainer reports NaN for states it has not visited).
 */
export function goodArmCoverage(
  probs: ArrayLike<number>,
  means: readonly (readonly number[])[],
  threshold = COVERED_PROBABILITY,
  margin = GOOD_ARM_MARGIN,
): number {
  const K = means[0]?.length ?? 0;
  if (probs.length !== means.length * K)
    throw new Error(
      `goodArmCoverage: policy table has ${probs.length} entries, expected ${means.length} tasks x ${K} arms`,
    );
  let sum = 0;
  for (let k = 0; k < means.length; k++) {
    const good = goodArms(means[k], margin);
    let covered = 0;
    for (const a of good) covered += probs[k * K + a] >= threshold ? 1 : 0;
    sum += covered / good.length;
  }
  // A NaN probability (task not visited yet) fails every >= test: report NaN, not 0 coverage.
  for (let i = 0; i < probs.length; i++) if (Number.isNaN(probs[i])) return NaN;
  return sum / means.length;
}

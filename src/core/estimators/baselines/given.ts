/**
 * Baselines whose values come from outside the estimator; each is "subtract what you were given".
 * - critic (A2C, Mnih et al. 2016): V(s_t) of a learned critic, [E * T]. With `gae` the critic
 *   enters through the TD residuals instead (targets/gae.ts).
 * - mc-rollouts (ProAct's MC-Critic): V(s_t) = mean return of K rollouts of length <= H from a
 *   clone of the env at s_t, [E * T]; the trainer runs the rollouts.
 * - greedy (ReMax, Li et al. 2023): the return of the argmax-action rollout of the same task, run
 *   with the same random numbers (common random numbers), per episode [E] or per group
 *   [numGroups]; b is independent of the sampled actions, so the estimator stays unbiased.
 */

/** Per-step baseline from per-step values (critic, mc-rollouts): b[e*T + t] = V(s_t). */
export function perStepValueBaseline(values: ArrayLike<number>, mask: Uint8Array): Float64Array {
  const out = new Float64Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? values[i] : 0;
  return out;
}

/** Per-episode greedy baseline from greedy returns given per episode [E] or per group. */
export function greedyBaseline(
  greedyReturns: ArrayLike<number>,
  numEpisodes: number,
  groupSize: number,
): Float64Array {
  const perGroup = greedyReturns.length !== numEpisodes;
  if (perGroup && greedyReturns.length * groupSize !== numEpisodes)
    throw new Error(
      `greedyReturns must have ${numEpisodes} (per episode) or ${numEpisodes / groupSize} (per group) entries, got ${greedyReturns.length}`,
    );
  const out = new Float64Array(numEpisodes);
  for (let e = 0; e < numEpisodes; e++)
    out[e] = perGroup ? greedyReturns[Math.floor(e / groupSize)] : greedyReturns[e];
  return out;
}

import type { KlEstimator } from '../spec';

/**
 * Per-step estimators of KL(pi_theta || pi_ref) from a sample a ~ pi_theta (Schulman 2020,
 * "Approximating KL Divergence"), with d = logp - logp_ref:
 *   k1 = d                          unbiased, high variance, can be negative
 *   k2 = d^2 / 2                    biased, low variance
 *   k3 = exp(-d) + d - 1            unbiased, >= 0 (GRPO, TRL `per_token_kl`)
 * GRPO puts beta * k3 in the loss; RLOO (TRL) subtracts beta * sum_t k1 from the reward.
 */
export function klValue(kind: KlEstimator, logp: number, logpRef: number): number {
  const d = logp - logpRef;
  return kind === 'k1' ? d : kind === 'k2' ? 0.5 * d * d : Math.exp(-d) + d - 1;
}

/** dk/dlogp: k1 -> 1, k2 -> d, k3 -> 1 - exp(-d). */
export function klDLogp(kind: KlEstimator, logp: number, logpRef: number): number {
  const d = logp - logpRef;
  return kind === 'k1' ? 1 : kind === 'k2' ? d : 1 - Math.exp(-d);
}

/**
 * KL in the reward (Ziegler et al. 2019; TRL RLOOTrainer): r_t <- r_t - beta k(logp_old, ref) at
 * every step, so an episode's return loses beta * sum_t k_t. Uses the sampling policy's logp
 * (no gradient flows through the reward).
 */
export function klPenalisedRewards(
  rewards: Float32Array,
  logpOld: ArrayLike<number>,
  logpRef: ArrayLike<number>,
  mask: Uint8Array,
  beta: number,
  kind: KlEstimator,
): Float32Array {
  const out = new Float32Array(rewards.length);
  for (let i = 0; i < rewards.length; i++)
    out[i] = mask[i] ? rewards[i] - beta * klValue(kind, logpOld[i], logpRef[i]) : 0;
  return out;
}

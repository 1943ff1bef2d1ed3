/**
 * REINFORCE's surrogate (Williams 1992): l = -A log pi(a|s). Its gradient is the score-function
 * estimate -A grad log pi; dl/dlogp = -A.
 */
export function vanillaLoss(logp: number, advantage: number): number {
  return -advantage * logp;
}

export function vanillaDLogp(advantage: number): number {
  return -advantage;
}

/**
 * Importance-weighted vanilla surrogate: l = -rho A with rho = exp(logp - logp_old). Same gradient
 * as vanilla at rho = 1; used unclipped by KL-Cov (verl `compute_policy_loss_kl_cov`).
 * dl/dlogp = -rho A.
 */
export function ratioLoss(logp: number, logpOld: number, advantage: number): number {
  return -Math.exp(logp - logpOld) * advantage;
}

export function ratioDLogp(logp: number, logpOld: number, advantage: number): number {
  return -Math.exp(logp - logpOld) * advantage;
}

/**
 * On-policy MDPO (Tomar et al. 2022, "Mirror Descent Policy Optimization"):
 *   loss = -rho A + (1/t) KL(pi_theta || pi_old).
 * Per sampled step (a ~ pi_old) the KL is estimated by f(rho) = rho log rho - rho + 1, which is
 * >= 0 and unbiased because E_{pi_old}[rho log rho] = KL(pi_theta || pi_old) and E[rho - 1] = 0.
 * (The paper's code uses the closed-form KL of its Gaussian policies; this sampled form needs only
 * the taken action's log-probabilities.) dl/dlogp = -rho A + (1/t) rho log rho.
 * The exact tabular update pi_{k+1} ∝ pi_k exp(t A) is in tabular/mdpo-exact.ts.
 */
export function mdpoLoss(
  logp: number,
  logpOld: number,
  advantage: number,
  invStep: number,
): number {
  const logRho = logp - logpOld;
  const rho = Math.exp(logRho);
  return -rho * advantage + invStep * (rho * logRho - rho + 1);
}

export function mdpoDLogp(
  logp: number,
  logpOld: number,
  advantage: number,
  invStep: number,
): number {
  const logRho = logp - logpOld;
  const rho = Math.exp(logRho);
  return -rho * advantage + invStep * rho * logRho;
}

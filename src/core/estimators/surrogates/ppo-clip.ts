/**
 * PPO's clipped surrogate (Schulman et al. 2017; CleanRL ppo.py; verl `compute_policy_loss`):
 *   rho = exp(logp - logp_old),
 *   l   = max(-rho A, -clip(rho, 1 - eps_low, 1 + eps_high) A),
 * and for A < 0 the dual clip (Ye et al. 2020, verl clip_ratio_c = 3): l = min(l, -c A), which
 * bounds the loss of a step whose ratio exploded. dualClip = 0 turns it off.
 *
 * Examples: A > 0, rho = 1.5, eps = 0.2 -> l = -1.2 A, zero gradient (the step is clipped);
 * A < 0, rho = 5, c = 3 -> l = -3 A, zero gradient.
 *
 * The gradient flows only through the active unclipped term: dl/dlogp = -rho A when
 * -rho A >= -clip(rho) A (and, with the dual clip, l <= -c A), else 0. Ties go to the unclipped
 * term, as tf.maximum / tf.minimum route them, so this matches tfjs autodiff.
 */
export interface PpoClipParams {
  readonly clipLow: number;
  readonly clipHigh: number;
  /** c > 1, or 0 = off. */
  readonly dualClip: number;
}

export function ppoClipLoss(
  logp: number,
  logpOld: number,
  advantage: number,
  p: PpoClipParams,
): number {
  const rho = Math.exp(logp - logpOld);
  const unclipped = -rho * advantage;
  const clipped = -Math.min(Math.max(rho, 1 - p.clipLow), 1 + p.clipHigh) * advantage;
  const l = Math.max(unclipped, clipped);
  return p.dualClip > 0 && advantage < 0 ? Math.min(l, -p.dualClip * advantage) : l;
}

export function ppoClipDLogp(
  logp: number,
  logpOld: number,
  advantage: number,
  p: PpoClipParams,
): number {
  const rho = Math.exp(logp - logpOld);
  const unclipped = -rho * advantage;
  const clipped = -Math.min(Math.max(rho, 1 - p.clipLow), 1 + p.clipHigh) * advantage;
  if (unclipped < clipped) return 0;
  if (p.dualClip > 0 && advantage < 0 && unclipped > -p.dualClip * advantage) return 0;
  return unclipped;
}

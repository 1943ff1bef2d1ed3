import { maskedMeanStd } from './stats';

/**
 * Batch whitening (CleanRL ppo.py `norm_adv`, per minibatch, eps 1e-8; verl `masked_whiten`):
 *   A <- (A - mean) / (std + eps) over the steps where `keep` is 1 (unbiased std, as torch.std).
 * In place on `advantages`; steps with keep 0 are set to 0.
 */
export function batchStdNormalise(
  advantages: Float64Array,
  keep: ArrayLike<number>,
  eps: number,
): void {
  const { mean, std } = maskedMeanStd(advantages, keep, 1);
  for (let i = 0; i < advantages.length; i++)
    advantages[i] = keep[i] ? (advantages[i] - mean) / (std + eps) : 0;
}

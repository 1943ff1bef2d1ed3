import { groupStd } from './stats';

/**
 * GRPO's group normalisation (Shao et al. 2024): A_i / (std_group(R) + eps).
 * Conventions differ: TRL uses the unbiased std (ddof 1) and eps 1e-4; verl eps 1e-6; Spinning
 * Up the population std without eps. Default TRL. r=[1,0,0,1]: std 0.57735 -> A = +-0.5/0.57745.
 * An all-equal group has A = 0 after a group-mean baseline, so it stays 0 (no division by 0).
 *
 * @returns [E] the factor 1 / (std + eps) that multiplies every step of episode e.
 */
export function groupStdScale(
  returns: ArrayLike<number>,
  groupSize: number,
  ddof: number,
  eps: number,
): Float64Array {
  const std = groupStd(returns, groupSize, ddof);
  for (let e = 0; e < std.length; e++) std[e] = 1 / (std[e] + eps);
  return std;
}

import type { Rng } from '../rng';
import { BanditEnv, validateBanditParams } from './bandit';
import type { VecEnv } from './types';
import type { EnvConfig } from '../train/config';

/** Builds `numEnvs` copies of the configured environment, drawing randomness from `rng`. */
export function createEnv(config: EnvConfig, numEnvs: number, rng: Rng): VecEnv {
  switch (config.family) {
    case 'bandit':
      return new BanditEnv(config.params, numEnvs, rng);
    default:
      throw new Error(
        `unknown environment family "${(config as { family: string }).family}"; allowed: bandit`,
      );
  }
}

/** Problems with an env config, each naming the field and what is allowed (empty if valid). */
export function validateEnvConfig(config: EnvConfig): string[] {
  switch (config.family) {
    case 'bandit':
      return validateBanditParams(config.params);
    default:
      return [
        `unknown environment family "${(config as { family: string }).family}"; allowed: bandit`,
      ];
  }
}

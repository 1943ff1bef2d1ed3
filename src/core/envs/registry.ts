import type { Rng } from '../rng';
import { BanditEnv, validateBanditParams, type BanditParams } from './bandit';
import {
  twoRewardExpected,
  TwoRewardBanditEnv,
  validateTwoRewardBanditParams,
  type TwoRewardBanditParams,
} from './banditSuite';
import { Game2048Env, validateGame2048Params, type Game2048Params } from './game2048';
import { GridWorldEnv, validateGridMap, type GridMap } from './gridworld';
import { parseSokobanLevel, SokobanEnv, validateSokobanParams, type SokobanLevel } from './sokoban';
import type { VecEnv } from './types';

/**
 * Every environment the trainer can build, as plain data (it crosses the worker boundary and
 * lives in shareable links). Sokoban levels travel as their standard text.
 */
export type EnvConfig =
  | { readonly family: 'bandit'; readonly params: BanditParams }
  | { readonly family: 'bandit-two-reward'; readonly params: TwoRewardBanditParams }
  | { readonly family: 'gridworld'; readonly map: GridMap }
  | { readonly family: '2048'; readonly params: Game2048Params }
  | {
      readonly family: 'sokoban';
      readonly levels: readonly string[];
      readonly maxSteps?: number;
      readonly deadlockTermination?: boolean;
    };

export const ENV_FAMILIES = [
  'bandit',
  'bandit-two-reward',
  'gridworld',
  '2048',
  'sokoban',
] as const;
export type EnvFamily = (typeof ENV_FAMILIES)[number];

function unknownFamily(config: { family: string }): string {
  return `unknown environment family "${config.family}"; allowed: ${ENV_FAMILIES.join(', ')}`;
}

function sokobanLevels(texts: readonly string[]): { levels: SokobanLevel[]; problems: string[] } {
  const levels: SokobanLevel[] = [];
  const problems: string[] = [];
  texts.forEach((text, k) => {
    const parsed = parseSokobanLevel(text);
    if (parsed.ok) levels.push(parsed.level);
    else problems.push(...parsed.errors.map((e) => `sokoban level ${k + 1}: ${e}`));
  });
  return { levels, problems };
}

/** Builds `numEnvs` copies of the configured environment, drawing randomness from `rng`. */
export function createEnv(config: EnvConfig, numEnvs: number, rng: Rng): VecEnv {
  switch (config.family) {
    case 'bandit':
      return new BanditEnv(config.params, numEnvs, rng);
    case 'bandit-two-reward':
      return new TwoRewardBanditEnv(config.params, numEnvs, rng);
    case 'gridworld':
      return new GridWorldEnv(config.map, numEnvs, rng);
    case '2048':
      return new Game2048Env(config.params, numEnvs, rng);
    case 'sokoban': {
      const { levels, problems } = sokobanLevels(config.levels);
      if (problems.length) throw new Error(problems.join('; '));
      return new SokobanEnv(
        { levels, maxSteps: config.maxSteps, deadlockTermination: config.deadlockTermination },
        numEnvs,
      );
    }
    default:
      throw new Error(unknownFamily(config as { family: string }));
  }
}

/** Problems with an env config, each naming the field and what is allowed (empty if valid). */
export function validateEnvConfig(config: EnvConfig): string[] {
  switch (config.family) {
    case 'bandit':
      return validateBanditParams(config.params);
    case 'bandit-two-reward':
      return validateTwoRewardBanditParams(config.params);
    case 'gridworld':
      return validateGridMap(config.map);
    case '2048':
      return validateGame2048Params(config.params);
    case 'sokoban': {
      const { levels, problems } = sokobanLevels(config.levels);
      if (problems.length) return problems;
      return validateSokobanParams({
        levels,
        maxSteps: config.maxSteps,
        deadlockTermination: config.deadlockTermination,
      });
    }
    default:
      return [unknownFamily(config as { family: string })];
  }
}

/**
 * The observation as an image [height, width, channels] (cells row-major, channels fastest, as
 * the envs write it), for convolutional policies; null where the observation is not a grid.
 */
export function observationGrid(env: VecEnv): [number, number, number] | null {
  if (env instanceof SokobanEnv)
    return [env.gridHeight, env.gridWidth, env.obsSize / (env.gridHeight * env.gridWidth)];
  if (env instanceof Game2048Env) return [4, 4, env.obsSize / 16];
  if (env instanceof GridWorldEnv) return [env.compiled.rows, env.compiled.cols, 1];
  return null;
}

/** Expected reward of each arm of each task for the bandit families, or null for other envs. */
export function banditArmMeans(config: EnvConfig): number[][] | null {
  if (config.family === 'bandit') return config.params.means.map((row) => [...row]);
  if (config.family === 'bandit-two-reward') return twoRewardExpected(config.params);
  return null;
}

import { Game2048Env, type Game2048Params } from '../../core/envs/game2048';
import { GridWorldEnv, type GridMap } from '../../core/envs/gridworld';
import { parseSokobanLevelOrThrow, SokobanEnv } from '../../core/envs/sokoban';
import type { VecEnv } from '../../core/envs/types';
import { Rng } from '../../core/rng';

/**
 * Recorded episodes for EpisodeReplay: each frame is the state after a step plus the numbers a
 * replay shows. Played by a uniformly random policy (over legal actions) from a seed, so the
 * demo page and tests get the same episode every time.
 */
export interface FrameInfo {
  /** Steps taken before this frame (0 = start state). */
  readonly step: number;
  /** Action that led here (in the env's order), or -1 for the start state. */
  readonly action: number;
  /** Reward of that step (0 for the start state). */
  readonly reward: number;
  /** Return so far. */
  readonly ret: number;
  /** 'playing' until the last frame, which says how the episode ended. */
  readonly end: 'playing' | 'terminated' | 'truncated' | 'cut';
  readonly success: boolean;
}

export interface GridFrame extends FrameInfo {
  readonly cell: number;
}
export interface Game2048Frame extends FrameInfo {
  readonly exponents: number[];
  readonly score: number;
}
export interface SokobanFrame extends FrameInfo {
  readonly text: string;
}

/** Uniform over the legal actions of copy 0 (all actions when the env has no mask). */
function randomLegalAction(env: VecEnv, rng: Rng): number {
  const mask = env.legalMask;
  if (!mask) return rng.int(env.numActions);
  const legal: number[] = [];
  for (let a = 0; a < env.numActions; a++) if (mask[a]) legal.push(a);
  return legal.length ? legal[rng.int(legal.length)] : 0;
}

/** Run copy 0 of `env` from its current state; `observe` turns the env into a frame's payload. */
function record<P>(env: VecEnv, rng: Rng, maxSteps: number, observe: () => P): (FrameInfo & P)[] {
  const frames: (FrameInfo & P)[] = [
    { step: 0, action: -1, reward: 0, ret: 0, end: 'playing', success: false, ...observe() },
  ];
  const actions = new Int32Array(1);
  let ret = 0;
  for (let t = 1; t <= maxSteps; t++) {
    actions[0] = randomLegalAction(env, rng);
    env.step(actions);
    const reward = env.rewards[0];
    ret += reward;
    const end = env.terminated[0]
      ? 'terminated'
      : env.truncated[0]
        ? 'truncated'
        : t === maxSteps
          ? 'cut'
          : 'playing';
    frames.push({
      step: t,
      action: actions[0],
      reward,
      ret,
      end,
      success: env.success[0] === 1,
      ...observe(),
    });
    if (end !== 'playing') break;
  }
  return frames;
}

export function recordGridEpisode(map: GridMap, seed: number, task = 0): GridFrame[] {
  const root = Rng.fromSeed(seed);
  const env = new GridWorldEnv(map, 1, root.split('env'));
  env.reset(0, task);
  return record(env, root.split('policy'), map.timeLimit, () => ({ cell: env.stateIndex[0] }));
}

export function record2048Episode(
  seed: number,
  maxSteps = 2000,
  params: Game2048Params = {},
): Game2048Frame[] {
  const root = Rng.fromSeed(seed);
  const env = new Game2048Env(params, 1, root.split('env'));
  env.reset(0, 0);
  return record(env, root.split('policy'), maxSteps, () => ({
    exponents: Array.from(env.boards.subarray(0, 16)),
    score: env.scores[0],
  }));
}

export function recordSokobanEpisode(levelText: string, seed: number): SokobanFrame[] {
  const level = parseSokobanLevelOrThrow(levelText);
  const env = new SokobanEnv({ levels: [level] }, 1);
  return record(env, Rng.fromSeed(seed).split('policy'), env.maxEpisodeSteps, () => ({
    text: env.text(0),
  }));
}

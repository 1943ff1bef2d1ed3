import { Game2048Env } from '../envs/game2048';
import { GridWorldEnv } from '../envs/gridworld';
import { SokobanEnv } from '../envs/sokoban';
import type { VecEnv } from '../envs/types';

/**
 * The latest episode of a run, frame by frame, for the replay views: the state after each step
 * and the numbers a replay shows. Plain data: it crosses the worker boundary in metric frames.
 * Field names match src/components/envs/episodes.ts (GridFrame, Game2048Frame, SokobanFrame).
 */
export interface TraceFrame {
  /** Steps taken before this frame (0 = start state). */
  readonly step: number;
  /** Action that led here, or -1 for the start state. */
  readonly action: number;
  readonly reward: number;
  /** Return so far. */
  readonly ret: number;
  readonly end: 'playing' | 'terminated' | 'truncated' | 'cut';
  readonly success: boolean;
  /** Gridworld / bandit: the state index. */
  readonly cell?: number;
  /** 2048: tile exponents, 16 cells. */
  readonly exponents?: number[];
  readonly score?: number;
  /** Sokoban: the level text. */
  readonly text?: string;
}

export interface EpisodeTrace {
  readonly family: string;
  readonly frames: TraceFrame[];
}

/** What a frame shows of copy `i` of an env (beyond the step numbers). */
export function observeCopy(env: VecEnv, i: number): Partial<TraceFrame> {
  if (env instanceof GridWorldEnv) return { cell: env.stateIndex[i] };
  if (env instanceof Game2048Env)
    return {
      exponents: Array.from(env.boards.subarray(i * 16, (i + 1) * 16)),
      score: env.scores[i],
    };
  if (env instanceof SokobanEnv) return { text: env.text(i) };
  return { cell: env.stateIndex[i] };
}

/** Records copy 0 of one run's env through a rollout. */
export class EpisodeRecorder {
  private frames: TraceFrame[] = [];
  private ret = 0;
  /** Last complete episode. */
  latest: EpisodeTrace | null = null;

  constructor(private readonly env: VecEnv) {}

  start(): void {
    this.ret = 0;
    this.frames = [
      {
        step: 0,
        action: -1,
        reward: 0,
        ret: 0,
        end: 'playing',
        success: false,
        ...observeCopy(this.env, 0),
      },
    ];
  }

  /** After env.step: records copy 0's step t (0-based) if it was still running. */
  record(t: number, action: number, lastStep: boolean): void {
    const env = this.env;
    const reward = env.rewards[0];
    this.ret += reward;
    const end = env.terminated[0]
      ? 'terminated'
      : env.truncated[0]
        ? 'truncated'
        : lastStep
          ? 'cut'
          : 'playing';
    this.frames.push({
      step: t + 1,
      action,
      reward,
      ret: this.ret,
      end,
      success: env.success[0] === 1,
      ...observeCopy(env, 0),
    });
    if (end !== 'playing') this.latest = { family: env.family, frames: this.frames };
  }
}

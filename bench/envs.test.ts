import { describe, expect, it } from 'vitest';
import { Rng } from '../src/core/rng';
import { BanditEnv } from '../src/core/envs/bandit';
import { GRID_PRESETS, GridWorldEnv } from '../src/core/envs/gridworld';
import { Game2048Env } from '../src/core/envs/game2048';
import { SokobanEnv, levelToText, parseSokobanLevelOrThrow } from '../src/core/envs/sokoban';
import { SOKOBAN_TEACHING_LEVELS } from '../src/core/envs/sokobanLevels';
import { generateSokobanLevels } from '../src/core/envs/sokobanGenerator';
import type { EnvSnapshot } from '../src/core/envs/types';
import {
  benchEnvironments,
  plain2048Legal,
  plain2048Move,
  plain2048Spawn,
  plainBanditPull,
  plainFrozenLakeStep,
  plainSokobanStart,
  plainSokobanStep,
} from './envs';
import type { PlainGrid } from './envs';

/** An Rng positioned where copy 0's stream is, read from the snapshot's trailing 4 numbers. */
function streamOf(snap: EnvSnapshot): Rng {
  const rng = Rng.fromSeed(0);
  rng.setState(Array.from(snap.data.subarray(snap.data.length - 4)));
  return rng;
}

describe('benchEnvironments', () => {
  it('returns one row per env family with rates and their ratio (no timing assertions)', () => {
    const rows = benchEnvironments({ stepsPerWorkload: 2000, numEnvs: 8, repeats: 1 });
    expect(rows.map((r) => r.workload.split(' ')[0])).toEqual([
      'bandit',
      'gridworld',
      '2048',
      'sokoban',
    ]);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(
        ['envStepsPerSec', 'ratio', 'referenceStepsPerSec', 'workload'].sort(),
      );
      expect(r.envStepsPerSec).toBeGreaterThan(0);
      expect(r.referenceStepsPerSec).toBeGreaterThan(0);
      expect(r.ratio).toBeCloseTo(r.envStepsPerSec / r.referenceStepsPerSec);
    }
  });
});

describe('plain loops and vectorized envs play by the same rules', () => {
  it('2048: same boards, scores and legal moves for the same actions and spawns', () => {
    const env = new Game2048Env({}, 1, Rng.fromSeed(21));
    const policy = Rng.fromSeed(22);
    const actions = new Int32Array(1);
    let episodes = 0;
    for (let task = 0; episodes < 3; task++, episodes++) {
      env.reset(0, task);
      const board = env.tiles(0);
      const rng = streamOf(env.snapshot(0));
      while (!env.terminated[0]) {
        const legal = plain2048Legal(board);
        expect(Array.from(env.legalMask).flatMap((m, a) => (m ? [a] : []))).toEqual(legal);
        actions[0] = legal[policy.int(legal.length)];
        const score = plain2048Move(board, actions[0]);
        plain2048Spawn(board, rng);
        env.step(actions);
        expect(env.tiles(0)).toEqual(board);
        expect(env.rewards[0]).toBe(score);
      }
      expect(plain2048Legal(board)).toEqual([]);
    }
  });

  it('sokoban: same grids and rewards on generated and hand-written levels', () => {
    const levels = [
      ...SOKOBAN_TEACHING_LEVELS.map((l) => parseSokobanLevelOrThrow(l.text)),
      ...generateSokobanLevels({ width: 7, height: 7, boxes: 2 }, 5),
    ];
    const policy = Rng.fromSeed(5);
    const actions = new Int32Array(1);
    levels.forEach((level) => {
      const env = new SokobanEnv({ levels: [level] }, 1);
      const plain = plainSokobanStart(levelToText(level));
      for (let t = 0; t < 120 && !env.terminated[0] && !env.truncated[0]; t++) {
        actions[0] = policy.int(4);
        const [reward, done] = plainSokobanStep(plain, actions[0]);
        env.step(actions);
        expect(env.text(0)).toBe(plain.grid.map((row) => row.join('')).join('\n'));
        expect(env.rewards[0]).toBeCloseTo(reward, 5);
        expect(env.terminated[0] === 1 || env.truncated[0] === 1).toBe(done);
      }
    });
  });

  it('gridworld: same FrozenLake positions for the same actions and slips', () => {
    const map = GRID_PRESETS.frozenlake8x8;
    const env = new GridWorldEnv(map, 1, Rng.fromSeed(8));
    const rng = streamOf(env.snapshot(0));
    const g: PlainGrid = {
      rows: map.rows,
      slip: map.slip,
      timeLimit: map.timeLimit,
      r: 0,
      c: 0,
      steps: 0,
    };
    const policy = Rng.fromSeed(9);
    const actions = new Int32Array(1);
    for (let t = 0; t < 2000; t++) {
      actions[0] = policy.int(4);
      const [reward, done] = plainFrozenLakeStep(g, actions[0], rng);
      env.step(actions);
      expect(env.stateIndex[0]).toBe(g.r * 8 + g.c);
      expect(env.rewards[0]).toBe(reward);
      expect(env.terminated[0] === 1 || env.truncated[0] === 1).toBe(done);
      if (done) {
        env.reset(0, 0);
        [g.r, g.c, g.steps] = [0, 0, 0];
      }
    }
  });

  it('bandit: same rewards for the same arms and draws', () => {
    const means = [0.2, 0.5, 0.8];
    const env = new BanditEnv({ kind: 'bernoulli', means: [means] }, 1, Rng.fromSeed(3));
    const rng = streamOf(env.snapshot(0));
    const actions = new Int32Array(1);
    for (let t = 0; t < 500; t++) {
      actions[0] = t % 3;
      env.reset(0, 0);
      env.step(actions);
      expect(env.rewards[0]).toBe(plainBanditPull(means, actions[0], rng));
    }
  });
});

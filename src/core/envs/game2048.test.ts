import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { DOWN, Game2048Env, LEFT, RIGHT, UP, slideLine } from './game2048';
import type { Game2048Params } from './game2048';

/** Tile values (0 = empty) -> exponents, row-major. */
function exps(tiles: number[]): number[] {
  return tiles.map((v) => (v ? Math.log2(v) : 0));
}

function oneEnv(params: Game2048Params = {}, seed = 1): Game2048Env {
  return new Game2048Env(params, 1, Rng.fromSeed(seed));
}

/** Step copy 0 with action a; returns the env for chaining. */
function act(env: Game2048Env, a: number): Game2048Env {
  const actions = new Int32Array(env.numEnvs).fill(a);
  env.step(actions);
  return env;
}

function slide(values: number[]): { line: number[]; score: number } {
  const out = [0, 0, 0, 0];
  const score = slideLine(exps(values), out);
  return { line: out.map((e) => (e ? 2 ** e : 0)), score };
}

/** Tiles of copy 0 with the spawned tile removed (the only cell that differs from `expected`). */
function withoutSpawn(env: Game2048Env, expected: number[]): number[] {
  const got = env.tiles(0);
  const diff = got.flatMap((v, c) => (v !== expected[c] ? [c] : []));
  expect(diff).toHaveLength(1);
  expect(expected[diff[0]]).toBe(0);
  expect([2, 4]).toContain(got[diff[0]]);
  got[diff[0]] = 0;
  return got;
}

describe('2048 slide and merge (one line, toward cell 0)', () => {
  it('merges each pair once: [2,2,2,2] -> [4,4,_,_]', () => {
    expect(slide([2, 2, 2, 2])).toEqual({ line: [4, 4, 0, 0], score: 8 });
  });
  it('a merged tile does not merge again: [4,4,8,_] -> [8,8,_,_]', () => {
    expect(slide([4, 4, 8, 0])).toEqual({ line: [8, 8, 0, 0], score: 8 });
  });
  it('slides over gaps before merging: [2,_,2,4] -> [4,4,_,_]', () => {
    expect(slide([2, 0, 2, 4])).toEqual({ line: [4, 4, 0, 0], score: 4 });
  });
  it('pairs from the wall side: [2,2,2,_] -> [4,2,_,_]', () => {
    expect(slide([2, 2, 2, 0])).toEqual({ line: [4, 2, 0, 0], score: 4 });
  });
  it('leaves a line without equal neighbours alone', () => {
    expect(slide([2, 4, 2, 4])).toEqual({ line: [2, 4, 2, 4], score: 0 });
  });
});

describe('2048 moves in all four directions', () => {
  // Each direction sees the line [2,2,2,2] / [4,4,8,_] / [2,_,2,4] read toward its wall.
  const cases: { name: string; action: number; board: number[]; moved: number[] }[] = [
    {
      name: 'Left',
      action: LEFT,
      board: [2, 2, 2, 2, 4, 4, 8, 0, 2, 0, 2, 4, 0, 0, 0, 0],
      moved: [4, 4, 0, 0, 8, 8, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0],
    },
    {
      name: 'Right',
      action: RIGHT,
      board: [2, 2, 2, 2, 0, 8, 4, 4, 4, 2, 0, 2, 0, 0, 0, 0],
      moved: [0, 0, 4, 4, 0, 0, 8, 8, 0, 0, 4, 4, 0, 0, 0, 0],
    },
    {
      name: 'Up',
      action: UP,
      // columns (top to bottom): [2,2,2,2], [4,4,8,_], [2,_,2,4], empty
      board: [2, 4, 2, 0, 2, 4, 0, 0, 2, 8, 2, 0, 2, 0, 4, 0],
      moved: [4, 8, 4, 0, 4, 8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    },
    {
      name: 'Down',
      action: DOWN,
      // columns (bottom to top): [2,2,2,2], [4,4,8,_], [2,_,2,4]
      board: [2, 0, 4, 0, 2, 8, 2, 0, 2, 4, 0, 0, 2, 4, 2, 0],
      moved: [0, 0, 0, 0, 0, 0, 0, 0, 4, 8, 4, 0, 4, 8, 4, 0],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: slides, merges, scores 8 + 8 + 4 = 20 and spawns one tile`, () => {
      const env = oneEnv();
      env.setBoard(0, exps(c.board));
      act(env, c.action);
      expect(withoutSpawn(env, c.moved)).toEqual(c.moved);
      expect(env.rewards[0]).toBe(20);
      expect(env.rewardComponents[0]).toBe(20);
      expect(env.rewardComponents[1]).toBe(1);
      expect(env.scores[0]).toBe(20);
    });
  }
});

describe('2048 game rules', () => {
  it('starts with two tiles of 2 or 4', () => {
    const env = new Game2048Env({}, 50, Rng.fromSeed(3));
    for (let i = 0; i < 50; i++) {
      env.reset(i, i);
      const tiles = env.tiles(i).filter((v) => v);
      expect(tiles).toHaveLength(2);
      for (const v of tiles) expect([2, 4]).toContain(v);
    }
  });

  it('copies reset on the same task start from the same board, then diverge', () => {
    const env = new Game2048Env({}, 8, Rng.fromSeed(4));
    for (let i = 0; i < 8; i++) env.reset(i, 17);
    for (let i = 1; i < 8; i++) expect(env.tiles(i)).toEqual(env.tiles(0));
    env.reset(0, 18);
    env.reset(1, 17);
    expect(env.tiles(1)).toEqual(env.tiles(2));
    // Their own streams place different spawns: after a few identical moves boards differ.
    const actions = new Int32Array(8);
    for (let t = 0; t < 6; t++) {
      for (let i = 0; i < 8; i++) actions[i] = env.legalMask.indexOf(1, i * 4) - i * 4;
      env.step(actions);
    }
    const boards = new Set(Array.from({ length: 7 }, (_, k) => env.tiles(k + 1).join(',')));
    expect(boards.size).toBeGreaterThan(1);
  });

  it('does not spawn after a move that changes nothing (noop costs a step)', () => {
    const env = oneEnv();
    const board = [2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    env.setBoard(0, exps(board));
    expect(env.legalMask[LEFT]).toBe(0);
    expect(env.legalMask[UP]).toBe(0);
    act(env, LEFT);
    expect(env.tiles(0)).toEqual(board);
    expect(env.rewards[0]).toBe(0);
    expect(env.rewardComponents[1]).toBe(0);
    expect(env.steps[0]).toBe(1);
    expect(env.terminated[0]).toBe(0);
  });

  it('legal mask lists exactly the moves that change the board', () => {
    const env = oneEnv();
    env.setBoard(0, exps([2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(Array.from(env.legalMask)).toEqual([0, 1, 1, 0]); // Up no, Right yes, Down yes, Left no
    env.setBoard(0, exps([2, 2, 4, 8, 4, 8, 16, 32, 8, 16, 32, 64, 16, 32, 64, 128]));
    expect(Array.from(env.legalMask)).toEqual([0, 1, 0, 1]); // only the top row can merge
  });

  it("illegal move 'terminate0' ends the episode with reward 0 (gym-2048)", () => {
    const env = oneEnv({ illegalMove: 'terminate0' });
    env.setBoard(0, exps([2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    act(env, UP);
    expect(env.terminated[0]).toBe(1);
    expect(env.rewards[0]).toBe(0);
  });

  it("illegal move 'terminateMinus1' ends the episode with reward -1 (Pgx)", () => {
    const env = oneEnv({ illegalMove: 'terminateMinus1' });
    env.setBoard(0, exps([2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    act(env, LEFT);
    expect(env.terminated[0]).toBe(1);
    expect(env.rewards[0]).toBe(-1);
    expect(env.scores[0]).toBe(-1);
    act(env, RIGHT); // a finished episode stands still until reset
    expect(env.rewards[0]).toBe(0);
    expect(env.tiles(0).slice(0, 2)).toEqual([2, 4]);
    expect(env.steps[0]).toBe(1);
  });

  it('game over when the spawn fills the last cell and nothing can merge', () => {
    // After Left the only empty cell is the bottom-right one; whatever spawns there (2 or 4)
    // sits beside 32 and below 64, so nothing can merge.
    const env = oneEnv();
    env.setBoard(0, exps([2, 4, 2, 4, 4, 2, 4, 2, 2, 4, 2, 64, 0, 8, 16, 32]));
    act(env, LEFT);
    expect(env.tiles(0).slice(0, 15)).toEqual([2, 4, 2, 4, 4, 2, 4, 2, 2, 4, 2, 64, 8, 16, 32]);
    expect(Array.from(env.legalMask)).toEqual([0, 0, 0, 0]);
    expect(env.terminated[0]).toBe(1);
    expect(env.truncated[0]).toBe(0);
  });

  it('success at the target tile, optional end tile and step limit', () => {
    const env = oneEnv({ targetTile: 16, endTile: 16 });
    env.setBoard(0, exps([8, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(env.success[0]).toBe(0);
    act(env, LEFT);
    expect(env.success[0]).toBe(1);
    expect(env.terminated[0]).toBe(1);

    const limited = oneEnv({ maxSteps: 2 });
    act(limited, limited.legalMask.indexOf(1));
    expect(limited.truncated[0]).toBe(0);
    act(limited, limited.legalMask.indexOf(1));
    expect(limited.truncated[0]).toBe(1);
  });

  it('observation is a one-hot of exponents, 16 cells x 16 channels', () => {
    const env = oneEnv();
    env.setBoard(0, exps([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2048]));
    expect(env.obsSize).toBe(256);
    expect(env.obs[0 * 16 + 1]).toBe(1);
    expect(env.obs[1 * 16 + 0]).toBe(1);
    expect(env.obs[15 * 16 + 11]).toBe(1);
    expect(env.obs.reduce((s, x) => s + x, 0)).toBe(16);
  });
});

describe('2048 spawns', () => {
  it('spawn is 2 w.p. 0.9 and uniform over empty cells (statistical bounds, ~5 sd)', () => {
    const env = oneEnv({}, 11);
    const n = 15000;
    const cellCounts = new Array<number>(16).fill(0);
    let twos = 0;
    for (let t = 0; t < n; t++) {
      // A lone 2 in the top-right corner; Left moves it to cell 0 and leaves 15 empty cells.
      env.setBoard(0, exps([0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
      act(env, LEFT);
      const tiles = env.tiles(0);
      const c = tiles.findIndex((v, k) => k > 0 && v !== 0);
      cellCounts[c]++;
      if (tiles[c] === 2) twos++;
    }
    const p2 = twos / n;
    expect(Math.abs(p2 - 0.9)).toBeLessThan(5 * Math.sqrt((0.9 * 0.1) / n));
    expect(cellCounts[0]).toBe(0);
    const expected = n / 15;
    const sd = Math.sqrt(n * (1 / 15) * (14 / 15));
    for (let c = 1; c < 16; c++) expect(Math.abs(cellCounts[c] - expected)).toBeLessThan(5 * sd);
  });
});

describe('2048 vectorization and snapshots', () => {
  /** Play `steps` steps, choosing the first legal move after a rotating preference. */
  function play(env: Game2048Env, steps: number): number[][] {
    const actions = new Int32Array(env.numEnvs);
    const trace: number[][] = [];
    for (let t = 0; t < steps; t++) {
      for (let i = 0; i < env.numEnvs; i++) {
        let a = (t + i) % 4;
        for (let k = 0; k < 4 && !env.legalMask[i * 4 + a]; k++) a = (a + 1) % 4;
        actions[i] = a;
      }
      env.step(actions);
      for (let i = 0; i < env.numEnvs; i++)
        if (env.terminated[i] || env.truncated[i]) env.reset(i, i);
      trace.push(Array.from(env.boards), Array.from(env.rewards));
    }
    return trace;
  }

  it('N copies stepped together equal N one-copy envs with copyOffset = i', () => {
    const n = 5;
    const vec = new Game2048Env({}, n, Rng.fromSeed(9));
    for (let i = 0; i < n; i++) vec.reset(i, i);
    const together = play(vec, 300);
    const alone = Array.from({ length: n }, (_, i) => {
      const env = new Game2048Env({}, 1, Rng.fromSeed(9), i);
      env.reset(0, i);
      // Copy i always picks (t + i) % 4 first; shift by i via a wrapper env of size 1.
      const actions = new Int32Array(1);
      const trace: number[][] = [];
      for (let t = 0; t < 300; t++) {
        let a = (t + i) % 4;
        for (let k = 0; k < 4 && !env.legalMask[a]; k++) a = (a + 1) % 4;
        actions[0] = a;
        env.step(actions);
        if (env.terminated[0] || env.truncated[0]) env.reset(0, i);
        trace.push(Array.from(env.boards), Array.from(env.rewards));
      }
      return trace;
    });
    for (let t = 0; t < 300; t++)
      for (let i = 0; i < n; i++) {
        expect(together[2 * t].slice(i * 16, i * 16 + 16)).toEqual(alone[i][2 * t]);
        expect(together[2 * t + 1][i]).toBe(alone[i][2 * t + 1][0]);
      }
  });

  it('a restored snapshot replays identically, spawns included (common random numbers)', () => {
    const env = new Game2048Env({}, 2, Rng.fromSeed(5));
    play(env, 40);
    const snap = env.snapshot(0);
    /** Copy `i` alone: always the first legal move after a rotating preference. */
    const replay = (i: number): number[][] => {
      const actions = new Int32Array(2);
      const active = new Uint8Array(2);
      active[i] = 1;
      const boards: number[][] = [];
      for (let t = 0; t < 60 && !env.terminated[i]; t++) {
        let a = t % 4;
        for (let k = 0; k < 4 && !env.legalMask[i * 4 + a]; k++) a = (a + 1) % 4;
        actions[i] = a;
        env.step(actions, active);
        boards.push(env.tiles(i));
      }
      return boards;
    };
    const first = replay(0);
    env.restore(0, snap);
    expect(replay(0)).toEqual(first);
    env.restore(1, snap); // a clone in another slot draws the same spawns too
    expect(replay(1)).toEqual(first);
  });
});

describe('2048 episode length', () => {
  it('reports its step limit as maxEpisodeSteps, none without one', () => {
    expect(oneEnv({ maxSteps: 500 }).maxEpisodeSteps).toBe(500);
    expect(oneEnv().maxEpisodeSteps).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  SokobanEnv,
  levelToText,
  parseSokobanLevel,
  parseSokobanLevelOrThrow,
  SOKOBAN_CHANNELS,
} from './sokoban';
import type { SokobanParams } from './sokoban';
import { SOKOBAN_TEACHING_LEVELS } from './sokobanLevels';

const UP = 0;
const RIGHT = 1;
const DOWN = 2;
const LEFT = 3;

function env1(text: string, params: Partial<SokobanParams> = {}): SokobanEnv {
  return new SokobanEnv({ levels: [parseSokobanLevelOrThrow(text)], ...params }, 1);
}

function act(env: SokobanEnv, ...moves: number[]): SokobanEnv {
  const a = new Int32Array(1);
  for (const m of moves) {
    a[0] = m;
    env.step(a);
  }
  return env;
}

const row = (...lines: string[]): string => lines.join('\n');

describe('Sokoban moves and pushes', () => {
  it('walks on floor and pushes a box into free floor', () => {
    const env = env1(row('#######', '#@$  .#', '#######'));
    act(env, RIGHT);
    expect(env.text(0)).toBe(row('#######', '# @$ .#', '#######'));
    expect(env.rewards[0]).toBeCloseTo(-0.1);
  });

  it('a move into a wall is a no-op that costs a step', () => {
    const env = env1(row('#####', '#@$.#', '#####'));
    act(env, UP);
    expect(env.text(0)).toBe(row('#####', '#@$.#', '#####'));
    expect(env.steps[0]).toBe(1);
    expect(env.rewards[0]).toBeCloseTo(-0.1);
  });

  it('cannot push a box into a wall', () => {
    const env = env1(row('######', '#. @$#', '######'));
    act(env, RIGHT);
    expect(env.text(0)).toBe(row('######', '#. @$#', '######'));
  });

  it('cannot push two boxes at once (no chain pushes)', () => {
    const env = env1(row('#######', '#@$$..#', '#######'));
    act(env, RIGHT);
    expect(env.text(0)).toBe(row('#######', '#@$$..#', '#######'));
    expect(env.steps[0]).toBe(1);
  });
});

describe('Sokoban rewards (gym-sokoban)', () => {
  it('+1 for a box onto a target, -1 for a box off it, -0.1 per step as components', () => {
    const env = env1(row('########', '#@$. . #', '#   $  #', '########'));
    act(env, RIGHT); // box onto the first target
    expect(env.rewardComponents[0]).toBe(1);
    expect(env.rewardComponents[1]).toBeCloseTo(-0.1);
    expect(env.rewards[0]).toBeCloseTo(0.9);
    act(env, RIGHT); // off it again
    expect(env.rewardComponents[0]).toBe(-1);
    expect(env.rewards[0]).toBeCloseTo(-1.1);
    act(env, RIGHT); // onto the second target (the level needs the other box too)
    expect(env.rewards[0]).toBeCloseTo(0.9);
    expect(env.terminated[0]).toBe(0);
  });

  it('+10 and termination with success when all boxes are on targets', () => {
    const env = env1(row('######', '#@$ .#', '######'));
    act(env, RIGHT);
    expect(env.terminated[0]).toBe(0);
    act(env, RIGHT);
    expect(env.rewards[0]).toBeCloseTo(-0.1 + 1 + 10);
    expect(env.rewardComponents[0]).toBe(11);
    expect(env.terminated[0]).toBe(1);
    expect(env.success[0]).toBe(1);
    act(env, LEFT); // a finished episode stands still until reset: no second bonus
    expect(env.rewards[0]).toBe(0);
    expect(env.steps[0]).toBe(2);
  });

  it('truncates at the time limit', () => {
    const env = env1(row('######', '#@$ .#', '######'), { maxSteps: 3 });
    expect(env.maxEpisodeSteps).toBe(3);
    act(env, LEFT, LEFT);
    expect(env.truncated[0]).toBe(0);
    act(env, LEFT);
    expect(env.truncated[0]).toBe(1);
    expect(env.terminated[0]).toBe(0);
  });

  it('optional deadlock termination: a box pushed into a non-target corner ends the episode', () => {
    const corner = row('#####', '#.  #', '#  $#', '#  @#', '#####');
    const on = act(env1(corner, { deadlockTermination: true }), UP); // box into the top-right corner
    expect(on.terminated[0]).toBe(1);
    expect(on.success[0]).toBe(0);
    const off = act(env1(corner), UP); // the default plays on
    expect(off.terminated[0]).toBe(0);
    // Against a wall but not in a corner: play on.
    const wall = row('######', '#.   #', '#  $ #', '#  @ #', '######');
    expect(act(env1(wall, { deadlockTermination: true }), UP).terminated[0]).toBe(0);
  });
});

describe('Sokoban level parser', () => {
  const errorsOf = (text: string): string[] => {
    const r = parseSokobanLevel(text);
    return r.ok ? [] : r.errors;
  };

  it('accepts the standard characters and round-trips to text', () => {
    const text = row('#######', '#+ $  #', '# #*# #', '#     #', '#######');
    expect(levelToText(parseSokobanLevelOrThrow(text))).toBe(text);
  });

  it('turns unreachable outside floor into wall', () => {
    const level = parseSokobanLevelOrThrow(row('####  ', '#@$.##', '######'));
    expect(levelToText(level)).toBe(row('######', '#@$.##', '######'));
  });

  it('rejects a level without a player', () => {
    expect(errorsOf(row('#####', '# $.#', '#####'))).toEqual(['no player (@, or + on a target)']);
  });

  it('rejects more than one player, naming both cells', () => {
    expect(errorsOf(row('######', '#@$.@#', '######'))).toEqual([
      'more than one player: at row 2, column 2 and at row 2, column 5',
    ]);
  });

  it('rejects unequal boxes and targets', () => {
    expect(errorsOf(row('######', '#@$$.#', '######'))).toEqual([
      '2 boxes ($ or *) but 1 targets (., + or *): they must be equal',
    ]);
  });

  it('rejects unknown characters with row and column', () => {
    expect(errorsOf(row('#####', '#@$x#', '#.  #', '#####'))).toEqual([
      "row 2, column 4: unknown character 'x' (use # @ + $ * . or space)",
    ]);
  });

  it('rejects ragged rows', () => {
    expect(errorsOf(row('#####', '#@$.#', '####'))).toEqual([
      'row 3 has 4 columns, row 1 has 5 (ragged rows)',
    ]);
  });

  it('rejects levels larger than 16 x 16', () => {
    const wide = row('#'.repeat(17), '#@$.' + ' '.repeat(12) + '#', '#'.repeat(17));
    expect(errorsOf(wide)).toEqual(['level is 17 columns x 3 rows, larger than 16 x 16']);
  });

  it('rejects a level the player can walk out of, naming the cell', () => {
    expect(errorsOf(row('#####', '#@$. ', '#####'))).toEqual([
      'not enclosed by walls: the player can reach the edge at row 2, column 5',
    ]);
  });

  it('parses every teaching level', () => {
    for (const l of SOKOBAN_TEACHING_LEVELS) expect(parseSokobanLevel(l.text).ok).toBe(true);
  });
});

describe('Sokoban observation', () => {
  it('one-hot over 7 cell types, padded with wall to the largest level', () => {
    const small = parseSokobanLevelOrThrow(row('#####', '#@$.#', '#####'));
    const big = parseSokobanLevelOrThrow(row('######', '#+$  #', '#  $.#', '######'));
    const env = new SokobanEnv({ levels: [small, big] }, 1);
    expect(env.obsSize).toBe(4 * 6 * SOKOBAN_CHANNELS.length);
    const channelAt = (r: number, c: number): string => {
      const o = (r * 6 + c) * 7;
      const hot = Array.from(env.obs.subarray(o, o + 7)).indexOf(1);
      return SOKOBAN_CHANNELS[hot];
    };
    expect(channelAt(1, 1)).toBe('player');
    expect(channelAt(1, 2)).toBe('box');
    expect(channelAt(1, 3)).toBe('target');
    expect(channelAt(2, 2)).toBe('wall'); // padding below
    expect(channelAt(1, 5)).toBe('wall'); // padding right
    act(env, RIGHT);
    expect(channelAt(1, 1)).toBe('floor');
    expect(channelAt(1, 2)).toBe('player');
    expect(channelAt(1, 3)).toBe('boxOnTarget');
    env.reset(0, 1);
    expect(channelAt(1, 1)).toBe('playerOnTarget');
    expect(channelAt(2, 2)).toBe('floor');
    expect(channelAt(2, 3)).toBe('box');
  });
});

describe('Sokoban vectorization and snapshots', () => {
  const levels = SOKOBAN_TEACHING_LEVELS.map((l) => parseSokobanLevelOrThrow(l.text));
  const actionAt = (t: number, i: number): number => (t * 7 + i * 3 + ((t * t) >> 2)) % 4;

  it('N copies stepped together equal N copies stepped alone', () => {
    const n = levels.length;
    const vec = new SokobanEnv({ levels }, n);
    const alone = Array.from({ length: n }, () => new SokobanEnv({ levels }, 1));
    for (let i = 0; i < n; i++) {
      vec.reset(i, i);
      alone[i].reset(0, i);
    }
    const actions = new Int32Array(n);
    const one = new Int32Array(1);
    for (let t = 0; t < 200; t++) {
      for (let i = 0; i < n; i++) actions[i] = actionAt(t, i);
      vec.step(actions);
      for (let i = 0; i < n; i++) {
        one[0] = actions[i];
        alone[i].step(one);
        expect(vec.text(i)).toBe(alone[i].text(0));
        expect(vec.rewards[i]).toBe(alone[i].rewards[0]);
        expect(vec.obs.subarray(i * vec.obsSize, (i + 1) * vec.obsSize)).toEqual(alone[i].obs);
        if (vec.terminated[i] || vec.truncated[i]) {
          vec.reset(i, i);
          alone[i].reset(0, i);
        }
      }
    }
  });

  it('a restored snapshot replays identically, also in another slot', () => {
    const env = new SokobanEnv({ levels }, 2);
    env.reset(0, 2);
    act1(env, 0, [DOWN, RIGHT, RIGHT]);
    const snap = env.snapshot(0);
    const moves = [UP, RIGHT, DOWN, DOWN, LEFT, UP, RIGHT, RIGHT];
    const first = act1(env, 0, moves);
    env.restore(0, snap);
    expect(act1(env, 0, moves)).toEqual(first);
    env.restore(1, snap);
    expect(act1(env, 1, moves)).toEqual(first);
  });

  /** Step only copy i through `moves`; returns the texts and rewards seen. */
  function act1(env: SokobanEnv, i: number, moves: number[]): string[] {
    const actions = new Int32Array(env.numEnvs);
    const active = new Uint8Array(env.numEnvs);
    active[i] = 1;
    return moves.map((m) => {
      actions[i] = m;
      env.step(actions, active);
      return `${env.text(i)}|${env.rewards[i]}`;
    });
  }
});

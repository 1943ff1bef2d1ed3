import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { gridModel, transitionProb } from './exact';
import {
  GRID_PRESETS,
  GRID_PRESET_NAMES,
  GridWorldEnv,
  parseGridText,
  validateGridMap,
  type GridMap,
} from './gridworld';

const FL_LEFT = 0;
const FL_DOWN = 1;
const FL_RIGHT = 2;
const CW_UP = 0;
const CW_RIGHT = 1;

/** Cell index of (row, col) in a map with `cols` columns. */
const cell = (cols: number, r: number, c: number) => r * cols + c;

/** Step one copy with one action and return what it saw. */
function stepOne(env: GridWorldEnv, i: number, action: number) {
  const actions = new Int32Array(env.numEnvs);
  const active = new Uint8Array(env.numEnvs);
  actions[i] = action;
  active[i] = 1;
  env.step(actions, active);
  return {
    state: env.stateIndex[i],
    reward: env.rewards[i],
    terminated: env.terminated[i],
    truncated: env.truncated[i],
    success: env.success[i],
  };
}

describe('FrozenLake (Gymnasium FrozenLake-v1 rules)', () => {
  it('observes a one-hot of the cell and starts on S', () => {
    const env = new GridWorldEnv(GRID_PRESETS.frozenlake4x4, 2, Rng.fromSeed(1));
    expect(env.obsSize).toBe(16);
    expect(env.numStates).toBe(16);
    expect(env.numTasks).toBe(1);
    expect(env.stateIndex[1]).toBe(0);
    expect(Array.from(env.obs.subarray(16, 32))).toEqual([1, ...new Array(15).fill(0)]);
  });

  it('slippery: intended and each perpendicular direction 1/3, empirically and in the model', () => {
    // S in the middle of a 3x3 so the three outcomes land on three different cells.
    const map: GridMap = {
      rows: ['FFF', 'FSF', 'FFG'],
      slip: 2 / 3,
      timeLimit: 100,
      actions: 'LDRU',
    };
    const n = 30000;
    const env = new GridWorldEnv(map, n, Rng.fromSeed(2));
    env.step(new Int32Array(n).fill(FL_DOWN));
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++)
      counts.set(env.stateIndex[i], (counts.get(env.stateIndex[i]) ?? 0) + 1);
    const below = cell(3, 2, 1);
    const left = cell(3, 1, 0);
    const right = cell(3, 1, 2);
    expect([...counts.keys()].sort()).toEqual([left, right, below].sort());
    // 3 standard deviations of a binomial(30000, 1/3) frequency is about 0.008.
    for (const s of [below, left, right])
      expect(Math.abs((counts.get(s) ?? 0) / n - 1 / 3)).toBeLessThan(0.01);

    const model = gridModel(map);
    const start = cell(3, 1, 1);
    for (const s of [below, left, right])
      expect(transitionProb(model, start, FL_DOWN, s)).toBeCloseTo(1 / 3, 12);
  });

  it('slippery on the 4x4 map: Down from S stays (left wall), goes down or right, 1/3 each', () => {
    const model = gridModel(GRID_PRESETS.frozenlake4x4);
    expect(transitionProb(model, 0, FL_DOWN, 0)).toBeCloseTo(1 / 3, 12); // Left: blocked by the edge
    expect(transitionProb(model, 0, FL_DOWN, 4)).toBeCloseTo(1 / 3, 12); // Down
    expect(transitionProb(model, 0, FL_DOWN, 1)).toBeCloseTo(1 / 3, 12); // Right
    expect(transitionProb(model, 0, FL_LEFT, 0)).toBeCloseTo(2 / 3, 12); // Left and Up both blocked
  });

  it('not slippery: moves exactly as told', () => {
    const env = new GridWorldEnv({ ...GRID_PRESETS.frozenlake4x4, slip: 0 }, 1, Rng.fromSeed(3));
    expect(stepOne(env, 0, FL_RIGHT).state).toBe(1);
    expect(stepOne(env, 0, FL_RIGHT).state).toBe(2);
    expect(stepOne(env, 0, FL_DOWN).state).toBe(6);
  });

  it('a hole terminates with reward 0; the goal terminates with reward 1 and success', () => {
    const env = new GridWorldEnv({ ...GRID_PRESETS.frozenlake4x4, slip: 0 }, 1, Rng.fromSeed(4));
    stepOne(env, 0, FL_RIGHT);
    const hole = stepOne(env, 0, FL_DOWN); // (1,1) is H
    expect(hole).toEqual({ state: 5, reward: 0, terminated: 1, truncated: 0, success: 0 });

    env.reset(0, 0);
    // S -> down, down, right, right, down, right: (0,0) (1,0) (2,0) (2,1) (2,2) (3,2) (3,3)=G
    for (const a of [FL_DOWN, FL_DOWN, FL_RIGHT, FL_RIGHT, FL_DOWN])
      expect(stepOne(env, 0, a).terminated).toBe(0);
    const goal = stepOne(env, 0, FL_RIGHT);
    expect(goal).toEqual({ state: 15, reward: 1, terminated: 1, truncated: 0, success: 1 });
  });

  it('truncates at the time limit: 100 steps on 4x4, 200 on 8x8', () => {
    for (const [name, limit] of [
      ['frozenlake4x4', 100],
      ['frozenlake8x8', 200],
    ] as const) {
      // Pressing Left in the top-left corner without slip never moves: only the limit ends it.
      const env = new GridWorldEnv({ ...GRID_PRESETS[name], slip: 0 }, 1, Rng.fromSeed(5));
      for (let t = 1; t < limit; t++) expect(stepOne(env, 0, FL_LEFT).truncated).toBe(0);
      expect(stepOne(env, 0, FL_LEFT)).toMatchObject({ truncated: 1, terminated: 0 });
      // Further steps are no-ops with reward 0 until reset.
      expect(stepOne(env, 0, FL_DOWN)).toMatchObject({ state: 0, reward: 0, truncated: 1 });
    }
  });
});

describe('CliffWalking (Gymnasium CliffWalking rules, with a time limit)', () => {
  const cliff = GRID_PRESETS.cliffwalking;
  const start = cell(12, 3, 0);

  it('each step costs -1; stepping into the cliff gives -100 and returns to start', () => {
    const env = new GridWorldEnv(cliff, 1, Rng.fromSeed(6));
    expect(env.stateIndex[0]).toBe(start);
    expect(stepOne(env, 0, CW_UP)).toMatchObject({ state: cell(12, 2, 0), reward: -1 });
    expect(stepOne(env, 0, CW_RIGHT)).toMatchObject({ state: cell(12, 2, 1), reward: -1 });
    const fall = stepOne(env, 0, 2); // Down into (3,1), the cliff
    expect(fall).toEqual({ state: start, reward: -100, terminated: 0, truncated: 0, success: 0 });
    expect(env.obs[start]).toBe(1);
    expect(env.obs[cell(12, 2, 1)]).toBe(0);
  });

  it('the goal terminates: the safe shortest path is 13 steps for a return of -13', () => {
    const env = new GridWorldEnv(cliff, 1, Rng.fromSeed(7));
    let ret = stepOne(env, 0, CW_UP).reward;
    for (let k = 0; k < 11; k++) ret += stepOne(env, 0, CW_RIGHT).reward;
    const last = stepOne(env, 0, 2); // Down onto the goal
    ret += last.reward;
    expect(last).toMatchObject({ terminated: 1, success: 1, state: cell(12, 3, 11) });
    expect(ret).toBe(-13);
  });

  it('the time limit is a map parameter', () => {
    const env = new GridWorldEnv({ ...cliff, timeLimit: 3 }, 1, Rng.fromSeed(8));
    stepOne(env, 0, CW_UP);
    stepOne(env, 0, CW_UP);
    expect(stepOne(env, 0, CW_UP)).toMatchObject({ truncated: 1, terminated: 0 });
  });
});

describe('vectorized copies', () => {
  /** Random actions, resetting copies whose episode ended; returns the trajectory of all copies. */
  function run(env: GridWorldEnv, steps: number, actionSeed: number) {
    const actionRng = Rng.fromSeed(actionSeed);
    const actions = new Int32Array(env.numEnvs);
    const trace: number[] = [];
    for (let t = 0; t < steps; t++) {
      for (let i = 0; i < env.numEnvs; i++) actions[i] = actionRng.int(4);
      env.step(actions);
      for (let i = 0; i < env.numEnvs; i++) {
        trace.push(env.stateIndex[i], env.rewards[i], env.terminated[i], env.truncated[i]);
        if (env.terminated[i] || env.truncated[i]) env.reset(i, 0);
      }
    }
    return trace;
  }

  it('N copies stepped together equal N copies stepped alone (same parent seed, copy index)', () => {
    const n = 5;
    const together = new GridWorldEnv(GRID_PRESETS.frozenlake8x8, n, Rng.fromSeed(9));
    const alone = Array.from(
      { length: n },
      (_, i) => new GridWorldEnv(GRID_PRESETS.frozenlake8x8, 1, Rng.fromSeed(9), i),
    );
    // Same per-step action for copy i in both set-ups.
    const actionRng = Rng.fromSeed(10);
    const actions = new Int32Array(n);
    const one = new Int32Array(1);
    for (let t = 0; t < 500; t++) {
      for (let i = 0; i < n; i++) actions[i] = actionRng.int(4);
      together.step(actions);
      for (let i = 0; i < n; i++) {
        one[0] = actions[i];
        alone[i].step(one);
        expect(alone[i].stateIndex[0]).toBe(together.stateIndex[i]);
        expect(alone[i].rewards[0]).toBe(together.rewards[i]);
        expect(alone[i].terminated[0]).toBe(together.terminated[i]);
        expect(alone[i].truncated[0]).toBe(together.truncated[i]);
        if (together.terminated[i] || together.truncated[i]) {
          together.reset(i, 0);
          alone[i].reset(0, 0);
        }
      }
    }
  });

  it('inactive copies keep their state and draw nothing', () => {
    const a = new GridWorldEnv(GRID_PRESETS.frozenlake4x4, 2, Rng.fromSeed(11));
    const b = new GridWorldEnv(GRID_PRESETS.frozenlake4x4, 2, Rng.fromSeed(11));
    a.step(new Int32Array([1, 1]), new Uint8Array([1, 0]));
    expect(a.stateIndex[1]).toBe(0);
    expect(a.rewards[1]).toBe(0);
    a.step(new Int32Array([2, 2]));
    b.step(new Int32Array([1, 2]), new Uint8Array([0, 1]));
    expect(a.stateIndex[1]).toBe(b.stateIndex[1]);
  });

  it('snapshot/restore replays identically, including the random stream', () => {
    const env = new GridWorldEnv(GRID_PRESETS.frozenlake8x8, 3, Rng.fromSeed(12));
    run(env, 7, 13);
    const snaps = [0, 1, 2].map((i) => env.snapshot(i));
    const first = run(env, 60, 14);
    snaps.forEach((s, i) => env.restore(i, s));
    expect(run(env, 60, 14)).toEqual(first);
    // A snapshot moves across copies too (clones for Monte Carlo rollouts): with the same
    // actions, two clones of one copy follow the same trajectory (common random numbers).
    env.restore(1, snaps[0]);
    env.restore(2, snaps[0]);
    for (let t = 0; t < 30; t++) {
      env.step(new Int32Array([0, t % 4, t % 4]));
      expect(env.stateIndex[2]).toBe(env.stateIndex[1]);
      expect(env.rewards[2]).toBe(env.rewards[1]);
    }
    expect(() => env.restore(0, { family: 'bandit', data: new Float64Array(5) })).toThrow(/bandit/);
  });
});

describe('map validation names the row and column', () => {
  const base = { slip: 0, timeLimit: 10, actions: 'LDRU' };
  const errorsOf = (rows: string[], extra: object = {}) =>
    validateGridMap({ ...base, rows, ...extra });

  it('accepts every preset', () => {
    for (const name of GRID_PRESET_NAMES) expect(validateGridMap(GRID_PRESETS[name])).toEqual([]);
  });

  it('unknown characters', () => {
    expect(errorsOf(['SFF', 'FFx', 'FFG'])).toEqual([
      "row 2, column 3: unknown character 'x'; allowed: S F H G W C",
    ]);
  });

  it('ragged rows', () => {
    expect(errorsOf(['SFF', 'FFFF', 'FFG'])).toEqual(['row 2: has 4 columns, row 1 has 3']);
  });

  it('no start, no goal', () => {
    expect(errorsOf(['FFF', 'FFG'])).toEqual(["map has no start cell 'S'"]);
    expect(errorsOf(['SFF', 'FFH'])).toEqual(["map has no goal cell 'G'"]);
  });

  it('a start from which no goal can be reached (walls, holes and cliffs block)', () => {
    expect(errorsOf(['SWFF', 'WFFS', 'FFFG'])).toEqual([
      'row 1, column 1: no goal is reachable from this start',
    ]);
    expect(errorsOf(['SHG'])).toEqual(['row 1, column 1: no goal is reachable from this start']);
    expect(errorsOf(['SCG'])).toEqual(['row 1, column 1: no goal is reachable from this start']);
  });

  it('oversize maps', () => {
    const rows = Array.from({ length: 17 }, (_, r) => (r === 0 ? 'S' : r === 16 ? 'G' : 'F'));
    expect(errorsOf(rows)).toEqual(['map is 17x1 (rows x columns); at most 16x16']);
  });

  it('bad slip, time limit, action order and rewards', () => {
    expect(errorsOf(['SG'], { slip: 1.5 })).toEqual(['slip must be a number in [0, 1], got 1.5']);
    expect(errorsOf(['SG'], { timeLimit: 0 })).toEqual([
      'timeLimit must be an integer from 1 to 10000, got 0',
    ]);
    expect(errorsOf(['SG'], { timeLimit: 2.5 })[0]).toMatch(/timeLimit/);
    expect(errorsOf(['SG'], { actions: 'LDRR' })[0]).toMatch(/^actions must order the letters/);
    expect(errorsOf(['SG'], { rewards: [[0, 'a']] })).toEqual([
      'rewards row 1, column 2: not a finite number',
    ]);
    expect(errorsOf(['SG'], { rewards: [[0]] })).toEqual(['rewards row 1: needs 2 numbers, got 1']);
  });

  it('the constructor rejects a bad map with the same messages', () => {
    expect(() => new GridWorldEnv({ ...base, rows: ['SFx', 'FFG'] }, 1, Rng.fromSeed(0))).toThrow(
      "row 1, column 3: unknown character 'x'",
    );
  });
});

describe('text format', () => {
  it('parses cells and an optional reward grid', () => {
    const parsed = parseGridText('\n  SFC\n  FFG\n', {
      rewardsText: '-1 -1 -100\n-1 -1 5',
      slip: 0.2,
      timeLimit: 30,
      actions: 'URDL',
    });
    expect(parsed).toEqual({
      ok: true,
      map: {
        rows: ['SFC', 'FFG'],
        rewards: [
          [-1, -1, -100],
          [-1, -1, 5],
        ],
        slip: 0.2,
        timeLimit: 30,
        actions: 'URDL',
      },
    });
  });

  it('reports errors instead of a map', () => {
    expect(parseGridText('SFq\nFFG')).toEqual({
      ok: false,
      errors: ["row 1, column 3: unknown character 'q'; allowed: S F H G W C"],
    });
    expect(parseGridText('SG', { rewardsText: '0 x' })).toEqual({
      ok: false,
      errors: ["rewards row 1, column 2: 'x' is not a number"],
    });
  });
});

describe('editing the map while training', () => {
  it('several start cells are several tasks', () => {
    const env = new GridWorldEnv(
      { rows: ['SFS', 'FFG'], slip: 0, timeLimit: 10, actions: 'LDRU' },
      2,
      Rng.fromSeed(0),
    );
    expect(env.numTasks).toBe(2);
    env.reset(1, 1);
    expect(env.stateIndex[1]).toBe(2);
  });

  it('setMap keeps the shape, applies new rewards, and resets copies standing on a now-invalid cell', () => {
    const map: GridMap = { rows: ['SFF', 'FFF', 'FFG'], slip: 0, timeLimit: 20, actions: 'LDRU' };
    const env = new GridWorldEnv(map, 2, Rng.fromSeed(0));
    stepOne(env, 0, FL_RIGHT); // copy 0 on (0,1); copy 1 stays on S
    stepOne(env, 1, FL_DOWN); // copy 1 on (1,0)
    env.setMap({ ...map, rows: ['SWF', 'FFF', 'FFG'] }); // a wall where copy 0 stands
    expect(env.numStates).toBe(9);
    expect(env.stateIndex[0]).toBe(0); // reset to the start
    expect(env.stateIndex[1]).toBe(3); // untouched
    expect(stepOne(env, 0, FL_RIGHT).state).toBe(0); // the new wall blocks
    env.setMap({
      ...map,
      rewards: [
        [0, 0, 0],
        [0, 7, 0],
        [0, 0, 1],
      ],
    });
    expect(stepOne(env, 1, FL_RIGHT)).toMatchObject({ state: 4, reward: 7 });
    expect(() => env.setMap({ ...map, rows: ['SF', 'FG'] })).toThrow(/size changed/);
    expect(() => env.setMap({ ...map, rows: ['SWF', 'WFF', 'FFG'] })).toThrow(
      /no goal is reachable/,
    );
  });
});

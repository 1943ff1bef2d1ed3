/**
 * The hand-written reference for the tabular workloads: the smallest plain-TypeScript REINFORCE
 * loop a person would write. One run, no framework, no metrics, plain arrays; the environment is
 * stepped by bench/envs.ts's plain single-board functions.
 *
 * One update does the same work as the trainer's REINFORCE update: E whole episodes with a
 * softmax policy over a logits table, returns-to-go (gamma 1), the softmax policy gradient
 * G_t * (onehot(a_t) - pi(.|s_t)) averaged over the batch's steps (token mean), one SGD step.
 */
import { GRID_PRESETS } from '../src/core/envs/gridworld';
import { Rng } from '../src/core/rng';
import { plainBanditPull, plainFrozenLakeStep, type PlainGrid } from './envs';
import { BANDIT_MEANS } from './workloads';

export interface PlainEnv {
  readonly numStates: number;
  readonly numActions: number;
  /** Start an episode; returns the start state. */
  reset(): number;
  /** Returns [next state, reward, done]. */
  step(action: number): [number, number, boolean];
}

/** A 10-armed Bernoulli bandit: one state, every episode is one pull. */
export function plainBandit(rng: Rng, means: readonly number[] = BANDIT_MEANS): PlainEnv {
  return {
    numStates: 1,
    numActions: means.length,
    reset: () => 0,
    step: (a) => [0, plainBanditPull(means, a, rng), true],
  };
}

/** Slippery FrozenLake 8x8 (Gymnasium's map, time limit 200); state = row * cols + col. */
export function plainFrozenLake(rng: Rng): PlainEnv {
  const map = GRID_PRESETS.frozenlake8x8;
  const cols = map.rows[0].length;
  const g: PlainGrid = {
    rows: map.rows,
    slip: map.slip,
    timeLimit: map.timeLimit,
    r: 0,
    c: 0,
    steps: 0,
  };
  return {
    numStates: map.rows.length * cols,
    numActions: 4,
    reset: () => {
      g.r = 0;
      g.c = 0;
      g.steps = 0;
      return 0;
    },
    step: (a) => {
      const [reward, done] = plainFrozenLakeStep(g, a, rng);
      return [g.r * cols + g.c, reward, done];
    },
  };
}

export class HandwrittenReinforce {
  /** logits[s][a] of the softmax policy. */
  readonly logits: number[][];
  envSteps = 0;

  constructor(
    readonly env: PlainEnv,
    readonly episodesPerUpdate: number,
    readonly learningRate: number,
    readonly rng: Rng,
  ) {
    this.logits = Array.from({ length: env.numStates }, () =>
      new Array<number>(env.numActions).fill(0),
    );
  }

  probs(s: number): number[] {
    const row = this.logits[s];
    const max = Math.max(...row);
    const e = row.map((x) => Math.exp(x - max));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  }

  /** One update: E episodes, returns, gradient, SGD step. Returns the env steps it took. */
  update(): number {
    const grad = this.logits.map((row) => row.map(() => 0));
    let steps = 0;
    for (let ep = 0; ep < this.episodesPerUpdate; ep++) {
      const states: number[] = [];
      const actions: number[] = [];
      const rewards: number[] = [];
      let s = this.env.reset();
      for (;;) {
        const a = this.rng.categorical(this.probs(s));
        const [next, reward, done] = this.env.step(a);
        states.push(s);
        actions.push(a);
        rewards.push(reward);
        s = next;
        if (done) break;
      }
      let G = 0;
      for (let t = states.length - 1; t >= 0; t--) {
        G += rewards[t];
        const p = this.probs(states[t]);
        const g = grad[states[t]];
        for (let a = 0; a < p.length; a++) g[a] += G * ((a === actions[t] ? 1 : 0) - p[a]);
      }
      steps += states.length;
    }
    for (let s = 0; s < this.logits.length; s++)
      for (let a = 0; a < this.env.numActions; a++)
        this.logits[s][a] += (this.learningRate * grad[s][a]) / steps;
    this.envSteps += steps;
    return steps;
  }
}

export type HandwrittenId = 'bandit10' | 'frozenlake8x8';

export function handwrittenLoop(
  id: HandwrittenId,
  episodesPerUpdate: number,
  learningRate: number,
  seed = 1,
): HandwrittenReinforce {
  const root = Rng.fromSeed(seed);
  const env =
    id === 'bandit10' ? plainBandit(root.split('env')) : plainFrozenLake(root.split('env'));
  return new HandwrittenReinforce(env, episodesPerUpdate, learningRate, root.split('sampling'));
}

export interface LoopThroughput {
  readonly envStepsPerSec: number;
  readonly updatesPerSec: number;
  readonly seconds: number;
}

/** Env steps and updates per second of the hand-written loop, time-boxed by `seconds`. */
export function measureHandwritten(
  id: HandwrittenId,
  episodesPerUpdate: number,
  learningRate: number,
  seconds: number,
): LoopThroughput {
  const loop = handwrittenLoop(id, episodesPerUpdate, learningRate);
  for (let i = 0; i < 3; i++) loop.update();
  const start = performance.now();
  let steps = 0;
  let updates = 0;
  while (performance.now() - start < seconds * 1000 || updates < 3) {
    steps += loop.update();
    updates += 1;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { envStepsPerSec: steps / elapsed, updatesPerSec: updates / elapsed, seconds: elapsed };
}

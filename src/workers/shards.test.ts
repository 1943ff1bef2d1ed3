import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRID_PRESETS } from '../core/envs/gridworld';
import { METRIC, type TrainConfig } from '../core/train/config';
import type { FromWorker, MetricFrame } from './protocol';
import { frozenLakeRuns } from './frozenLakeRuns';
import { inProcessWorkers } from './inProcessWorkers';
import { TrainingCoordinator } from './shards';
import type { TrainingWorker } from './trainingWorker';

/**
 * The coordinator with real training workers (trainingWorker.ts) in this process: messages go
 * through timers, as between threads. The rate columns are the only ones that may differ
 * between one worker and several (they are clocks).
 */
const CLOCK_COLUMNS = ['envStepsPerSec', 'updatesPerSec'];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs of five estimators in turn. */
const gridConfig = (runs = 5) =>
  frozenLakeRuns(runs, ['reinforce', 'reinforce-baseline', 'rloo', 'ppo', 'grpo']);

interface Session {
  readonly coordinator: TrainingCoordinator;
  readonly messages: FromWorker[];
  readonly workers: TrainingWorker[];
  /** Makes shard `index` report a failure, as a crashed worker would. */
  readonly crash: (index: number, message: string) => void;
}

function session(
  maxWorkers: number,
  beforeDelivery?: Parameters<typeof inProcessWorkers>[0],
): Session {
  const messages: FromWorker[] = [];
  const { spawn, workers, crash } = inProcessWorkers(beforeDelivery);
  const coordinator = new TrainingCoordinator({
    emit: (msg) => messages.push(msg),
    spawn,
    maxWorkers,
  });
  return { coordinator, messages, workers, crash };
}

async function until(what: string, condition: () => boolean, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const frames = (s: Session) => s.messages.filter((m): m is MetricFrame => m.type === 'frame');
const lastStatus = (s: Session) =>
  s.messages.filter((m) => m.type === 'status').at(-1) as
    Extract<FromWorker, { type: 'status' }> | undefined;

/** Every row of every frame, per run: [run][update] -> metrics without the clock columns. */
function rowsByRun(s: Session, runs: number): number[][][] {
  const out: number[][][] = Array.from({ length: runs }, () => []);
  for (const f of frames(s)) {
    const W = f.columns.length;
    const keep = f.columns.map((c) => !CLOCK_COLUMNS.includes(c));
    for (let row = 0; row < f.rows; row++)
      for (let r = 0; r < runs; r++) {
        const o = (row * runs + r) * W;
        out[r].push(Array.from(f.data.subarray(o, o + W)).filter((_, k) => keep[k]));
      }
  }
  return out;
}

/** Histogram and policy-trace rows, concatenated over frames. */
function streams(s: Session) {
  const histograms: number[] = [];
  const traces: number[] = [];
  for (const f of frames(s)) {
    histograms.push(...f.histograms);
    traces.push(...f.policyTrace);
  }
  return { histograms, traces };
}

/** Starts `config` at full speed. */
function start(s: Session, config: TrainConfig, maxUpdates: number): void {
  s.coordinator.send({ type: 'start', config, maxUpdates, updatesPerSecond: null });
}

async function trainedBy(s: Session, config: TrainConfig, updates: number): Promise<Session> {
  start(s, config, updates);
  await until('the end', () => lastStatus(s)?.state === 'finished');
  return s;
}

const trainToEnd = (maxWorkers: number, config: TrainConfig, updates: number) =>
  trainedBy(session(maxWorkers), config, updates);

describe('TrainingCoordinator: one experiment on several workers', () => {
  it('5 tabular runs on 2 and on 3 workers give the same rows, histograms and policies as on 1', async () => {
    const config = gridConfig(5);
    const one = await trainToEnd(1, config, 25);
    const two = await trainToEnd(2, config, 25);
    const three = await trainToEnd(3, config, 25);
    const workers = (s: Session) =>
      s.messages.find((m) => m.type === 'workers') as { count: number } | undefined;
    expect([one, two, three].map((s) => workers(s)?.count)).toEqual([1, 2, 3]);
    const reference = rowsByRun(one, 5);
    expect(reference[0]).toHaveLength(25);
    expect(rowsByRun(two, 5)).toEqual(reference);
    expect(rowsByRun(three, 5)).toEqual(reference);
    // Bins pooled from all runs, as one worker chooses them.
    const edges = (s: Session) => frames(s).find((f) => f.histogramEdges)?.histogramEdges;
    expect(edges(two)).toEqual(edges(one));
    expect(streams(two)).toEqual(streams(one));
    expect(streams(three)).toEqual(streams(one));
    const starts = (s: Session) => frames(s).find((f) => f.startPolicies)?.startPolicies;
    expect(starts(three)).toEqual(starts(one));
    expect(lastStatus(three)).toEqual({ type: 'status', state: 'finished', updates: 25 });
  });

  it('MLP runs with their own batch sizes train the same on 2 workers as on 1 (cpu backend)', async () => {
    // Each worker pads its stack to its own largest batch and longest episode: a run's numbers
    // must not depend on that (the padding is masked out and adds exact zeros).
    const config: TrainConfig = {
      env: { family: 'gridworld', map: GRID_PRESETS.frozenlake4x4 },
      policy: { kind: 'mlp', hidden: [8] },
      episodesPerUpdate: 8,
      maxEpisodeSteps: 12,
      runs: [
        { id: 'a', label: 'a', preset: 'reinforce', overrides: {}, seed: 1, episodesPerUpdate: 4 },
        { id: 'b', label: 'b', preset: 'ppo', overrides: { minibatches: 2 }, seed: 2 },
        { id: 'c', label: 'c', preset: 'rloo', overrides: {}, seed: 3, episodesPerUpdate: 16 },
      ],
    };
    const one = await trainToEnd(1, config, 4);
    const two = await trainToEnd(2, config, 4);
    expect(rowsByRun(two, 3)).toEqual(rowsByRun(one, 3));
    expect(streams(two)).toEqual(streams(one));
  });

  it('pauses every worker at the same update, and a Step adds exactly one row', async () => {
    const s = session(2);
    start(s, gridConfig(4), 1000);
    await until('some rows', () => frames(s).some((f) => f.rows > 0));
    s.coordinator.send({ type: 'pause' });
    await until('paused', () => lastStatus(s)?.state === 'paused');
    const paused = lastStatus(s)?.updates as number;
    expect(rowsByRun(s, 4)[0]).toHaveLength(paused);
    // Nobody trains while paused.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rowsByRun(s, 4)[3]).toHaveLength(paused);
    s.coordinator.send({ type: 'step' });
    s.coordinator.send({ type: 'step' });
    await s.coordinator.idle();
    expect(lastStatus(s)).toEqual({ type: 'status', state: 'paused', updates: paused + 2 });
    expect(rowsByRun(s, 4).map((r) => r.length)).toEqual([1, 2, 3, 4].map(() => paused + 2));
    s.coordinator.send({ type: 'stop' });
    await s.coordinator.idle();
    expect(lastStatus(s)?.state).toBe('stopped');
  });

  it('explains a first step of a run on another worker, exactly as one worker does', async () => {
    const explain = async (maxWorkers: number) => {
      const s = session(maxWorkers);
      const start = { config: gridConfig(3), maxUpdates: 100, updatesPerSecond: null };
      s.coordinator.send({ type: 'start', ...start, paused: true });
      s.coordinator.send({ type: 'explainStep', run: 'r1' });
      await until('the explanation', () => s.messages.some((m) => m.type === 'explanation'));
      await s.coordinator.idle();
      return s;
    };
    const one = await explain(1);
    const three = await explain(3);
    const answer = (s: Session) =>
      s.messages.find((m) => m.type === 'explanation') as Extract<
        FromWorker,
        { type: 'explanation' }
      >;
    expect(answer(three).problem).toBe('');
    expect(answer(three).explanation).toEqual(answer(one).explanation);
    expect(lastStatus(three)).toEqual({ type: 'status', state: 'paused', updates: 1 });
    expect(rowsByRun(three, 3)).toEqual(rowsByRun(one, 3));
  });

  it('"explain step" while training pauses every worker and explains the next update', async () => {
    const s = session(2);
    const config = gridConfig(3);
    start(s, config, 10_000);
    await until('some rows', () => rowsByRun(s, 3)[0].length > 8);
    s.coordinator.send({ type: 'explainStep', run: 'r1' });
    await until('the explanation', () => s.messages.some((m) => m.type === 'explanation'));
    await s.coordinator.idle();
    const answer = s.messages.find((m) => m.type === 'explanation') as Extract<
      FromWorker,
      { type: 'explanation' }
    >;
    const status = lastStatus(s);
    expect(status?.state).toBe('paused');
    expect(answer.explanation?.update).toBe(status?.updates);
    expect(rowsByRun(s, 3).map((r) => r.length)).toEqual([1, 2, 3].map(() => status?.updates));
    s.coordinator.send({ type: 'stop' });
  });

  it('refuses to explain an MLP run, as one worker does, and runs no update for it', async () => {
    const s = session(2);
    const config: TrainConfig = { ...gridConfig(2), policy: { kind: 'mlp', hidden: [4] } };
    s.coordinator.send({
      type: 'start',
      config,
      maxUpdates: 10,
      updatesPerSecond: null,
      paused: true,
    });
    s.coordinator.send({ type: 'explainStep', run: 'r1' });
    await s.coordinator.idle();
    expect(s.messages.find((m) => m.type === 'explanation')).toEqual({
      type: 'explanation',
      run: 'r1',
      explanation: null,
      problem: 'a step-by-step explanation needs a tabular policy; this experiment uses mlp',
    });
    expect(lastStatus(s)).toEqual({ type: 'status', state: 'paused', updates: 0 });
    s.coordinator.send({ type: 'stop' });
  });

  it('names problems by the run\u2019s place in the whole experiment', async () => {
    const config = gridConfig(4);
    const bad: TrainConfig = {
      ...config,
      runs: config.runs.map((r, i) => (i === 3 ? { ...r, seed: 1.5 } : r)),
    };
    const s = session(2);
    start(s, bad, 5);
    await until('the refusal', () => s.messages.some((m) => m.type === 'configError'));
    expect(s.messages.find((m) => m.type === 'configError')).toEqual({
      type: 'configError',
      problems: ['runs[3] (run 3): seed must be an integer, got 1.5'],
    });
  });

  it('a first worker that crashes while choosing the backend says so; the next Start trains', async () => {
    let crashed = false;
    const s: Session = session(2, (index, msg) => {
      if (index === 0 && msg.type === 'prepare' && !crashed) {
        crashed = true;
        s.crash(0, 'out of memory');
      }
    });
    s.coordinator.send({ type: 'init', backend: 'cpu' });
    start(s, gridConfig(3), 5);
    await until('the crash', () => crashed);
    await s.coordinator.idle();
    expect(s.messages.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', message: 'The training worker failed: out of memory' },
    ]);
    expect(lastStatus(s)?.state).toBe('stopped');
    start(s, gridConfig(3), 5);
    await until('the end', () => lastStatus(s)?.state === 'finished');
    expect(rowsByRun(s, 3)[2]).toHaveLength(5);
  });

  it('a failed worker stops its own runs with the reason; the others train to the end', async () => {
    // PPO (run 3) costs as much as the other three runs together: it gets worker 0 alone.
    const s = session(2);
    start(s, gridConfig(4), 40);
    await until('some rows', () => frames(s).some((f) => f.rows > 0));
    s.crash(1, 'out of memory');
    await until('the end', () => lastStatus(s)?.state === 'finished');
    const notice = s.messages.find((m) => m.type === 'notice') as { message: string };
    expect(notice.message).toBe(
      'Runs run 0, run 1, run 2 stopped: their training worker failed (The training worker failed: out of memory). The other runs train on.',
    );
    const last = frames(s).at(-1) as MetricFrame;
    expect(last.runStatus.map((r) => r.status)).toEqual([
      'diverged',
      'diverged',
      'diverged',
      'training',
    ]);
    expect(last.runStatus[1].reason).toContain('its training worker failed');
    const rows = rowsByRun(s, 4);
    expect(rows[3]).toHaveLength(40);
    expect(rows[1]).toHaveLength(40);
    expect(rows[3].at(-1)?.[METRIC.update]).toBe(40);
    expect(rows[1].at(-1)?.every(Number.isNaN)).toBe(true);
  });
});

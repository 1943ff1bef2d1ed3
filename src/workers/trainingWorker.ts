import { HISTOGRAM_WIDTH, METRIC_NAMES, NUM_METRICS } from '../core/train/config';
import { RateMeter } from '../core/metrics/throughput';
import {
  Trainer,
  TrainerConfigError,
  validateTrainConfig,
  type PoolHistogramBins,
} from '../core/train/trainer';
import type { UpdateExplanation } from '../core/train/updateExplanation';
import { AutoBackend } from './calibration';
import {
  FRAME_INTERVAL_MS,
  POLICY_TRACE_MAX_ENTRIES,
  type FromShard,
  type ToShard,
  type WorkerState,
} from './protocol';

export interface TrainingWorker {
  /** A message from the UI or the coordinator. */
  receive(msg: ToShard): void;
  /** Stops training and reports `error` (an unhandled rejection in the worker). */
  fail(error: unknown): void;
}

/**
 * The training worker's logic: owns every tensor, runs the trainer, and streams metric frames to
 * whoever started it. No worker globals (trainer.worker.ts wires it to `self`), so Node tests
 * train real shards in-process (shards.test.ts).
 */
export function createTrainingWorker(
  postMessage: (msg: FromShard, transfer: Transferable[]) => void,
): TrainingWorker {
  let trainer: Trainer | null = null;
  let state: WorkerState = 'idle';
  let maxUpdates = Infinity;
  let updatesPerSecond: number | null = null;
  /** Bumped on every start/stop so a stale loop notices and exits. */
  let generation = 0;
  let backendReady: Promise<unknown> = Promise.resolve();
  /** The tfjs backend: forced, or measured per workload at Start (calibration.ts). */
  const backend = new AutoBackend((info) => post({ type: 'backend', info }));
  /** The running training loop; awaited before anything else touches the trainer. */
  let loopDone: Promise<void> = Promise.resolve();

  /**
   * Sharded training (workers/shards.ts): this worker trains some of an experiment's runs and
   * updates only up to the coordinator's grant, so all shards stay within a few updates of each
   * other and pause at the same update.
   */
  let shardMode = false;
  let grant = Infinity;
  /** Wakes the loop waiting for a grant (or exiting). */
  let wakeLoop: (() => void) | null = null;
  /** Resolves the trainer's wait for the coordinator's histogram bins. */
  let receiveBins: ((edges: Float64Array | null) => void) | null = null;

  function wake(): void {
    const w = wakeLoop;
    wakeLoop = null;
    w?.();
  }

  /** The histogram bins of all shards' runs, from the coordinator. */
  const binsFromCoordinator: PoolHistogramBins = (perRun) =>
    new Promise((resolve) => {
      receiveBins = (edges) => resolve(edges ? { edges, numBins: edges.length - 1 } : null);
      post(
        { type: 'histogramSamples', perRun },
        perRun.map((a) => a.buffer),
      );
    });

  /** Ends the current loop (if any) and waits until its in-flight update has finished. */
  async function haltLoop(): Promise<void> {
    generation += 1;
    wake();
    // A trainer waiting for bins while it is stopped gets none (it is about to be dropped).
    receiveBins?.(null);
    receiveBins = null;
    await loopDone;
  }

  /** The trainer's metrics plus throughput (measured here, where the clock is). */
  const COLUMNS = [...METRIC_NAMES, 'envStepsPerSec', 'updatesPerSec'] as const;
  const WIDTH = COLUMNS.length;
  /** One rate meter per run (env steps/s and updates/s over a sliding 5 s window, as CleanRL's SPS). */
  let meters: RateMeter[] = [];

  /** Metric rows not yet sent: each row is [runs x WIDTH]. */
  let pending: Float64Array[] = [];
  let pendingHistograms: Float64Array[] = [];
  /** Policy tables after each pending update: each row is [runs x policyTraceWidth]. */
  let pendingPolicies: Float32Array[] = [];
  /** numStates x numActions when small enough to trace every update, else 0. */
  let policyTraceWidth = 0;
  /** Each run's policy before training, sent with the next frame and then dropped. */
  let startPolicies: (Float32Array | null)[] | null = null;
  /** The episode traces already sent, so each is sent once. */
  let sentEpisodes: unknown[] = [];
  let lastFrameAt = 0;

  function post(msg: FromShard, transfer: Transferable[] = []): void {
    postMessage(msg, transfer);
  }

  function setState(next: WorkerState): void {
    state = next;
    post({ type: 'status', state, updates: trainer?.updateCount ?? 0 });
  }

  function flush(): void {
    if (!trainer) return;
    const R = trainer.runs.length;
    const data = new Float64Array(pending.length * R * WIDTH);
    pending.forEach((row, i) => data.set(row, i * R * WIDTH));
    const histograms = new Float32Array(pendingHistograms.length * R * HISTOGRAM_WIDTH);
    pendingHistograms.forEach((row, i) => histograms.set(row, i * R * HISTOGRAM_WIDTH));
    const policies = trainer.runs.map((_, r) => trainer!.policyTable(r)?.slice() ?? null);
    const policyTrace = new Float32Array(pendingPolicies.length * R * policyTraceWidth);
    pendingPolicies.forEach((row, i) => policyTrace.set(row, i * R * policyTraceWidth));
    const frame: FromShard = {
      type: 'frame',
      runIds: trainer.runs.map((r) => r.config.id),
      columns: COLUMNS,
      rows: pending.length,
      data,
      policies,
      numStates: trainer.numStates,
      numActions: trainer.numActions,
      histograms,
      histogramEdges: trainer.histogramBins ? trainer.histogramBins.edges.slice() : null,
      runStatus: trainer.runs.map((r) => ({
        status: r.status,
        divergedAt: r.divergedAt,
        reason: r.divergedReason,
      })),
      // Replaced (not mutated) by every update, so sending the latest objects is safe.
      taskWeights: [...trainer.latestTaskWeights],
      episodes: trainer.runs.map((_, r) => {
        const ep = trainer!.latestEpisode(r);
        if (!ep || sentEpisodes[r] === ep) return null;
        sentEpisodes[r] = ep;
        return ep;
      }),
      policyTraceWidth,
      policyTrace,
      startPolicies,
    };
    const transfer: Transferable[] = [data.buffer, histograms.buffer, policyTrace.buffer];
    for (const p of policies) if (p) transfer.push(p.buffer);
    for (const p of startPolicies ?? []) if (p) transfer.push(p.buffer);
    post(frame, transfer);
    pending = [];
    pendingHistograms = [];
    pendingPolicies = [];
    startPolicies = null;
    lastFrameAt = performance.now();
  }

  /** One update of every run; explained for run index `explain` when given. */
  async function updateOnce(explain?: number): Promise<UpdateExplanation | null> {
    const t = trainer as Trainer;
    const explanation = explain === undefined ? null : await t.explainNextUpdate(explain);
    const metrics = explanation ? t.latest : await t.update();
    const now = performance.now();
    const row = new Float64Array(t.runs.length * WIDTH);
    t.runs.forEach((run, r) => {
      row.set(metrics.subarray(r * NUM_METRICS, (r + 1) * NUM_METRICS), r * WIDTH);
      meters[r].record(now, run.envSteps, t.updateCount);
      const rates = meters[r].windowRates();
      row[r * WIDTH + NUM_METRICS] = Number.isNaN(metrics[r * NUM_METRICS])
        ? NaN
        : rates.envStepsPerSecond;
      row[r * WIDTH + NUM_METRICS + 1] = Number.isNaN(metrics[r * NUM_METRICS])
        ? NaN
        : rates.updatesPerSecond;
    });
    pending.push(row);
    pendingHistograms.push(t.latestHistograms.slice());
    if (policyTraceWidth) {
      const policyRow = new Float32Array(t.runs.length * policyTraceWidth).fill(NaN);
      t.runs.forEach((_, r) => {
        const table = t.policyTable(r);
        if (table) policyRow.set(table, r * policyTraceWidth);
      });
      pendingPolicies.push(policyRow);
    }
    if (t.updateCount >= maxUpdates) {
      flush();
      setState('finished');
    }
    return explanation;
  }

  function fail(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    generation += 1;
    if (trainer) flush();
    trainer?.dispose();
    trainer = null;
    pending = [];
    pendingHistograms = [];
    pendingPolicies = [];
    post({ type: 'error', message });
    setState('stopped');
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * The next task, so messages (pause, grants) get handled: a message to ourselves, which is not
   * clamped like setTimeout(0) (~4 ms once timers nest, HTML spec), a third of a 10 ms slice.
   */
  const nextTask = () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });

  /** Trains until paused, stopped or finished, yielding often so control messages get through. */
  async function loop(myGeneration: number): Promise<void> {
    try {
      while (state === 'running' && generation === myGeneration) {
        if ((trainer as Trainer).updateCount >= grant) {
          // At the grant: report the rows at once (the coordinator counts them), then wait.
          flush();
          await new Promise<void>((resolve) => (wakeLoop = resolve));
          continue;
        }
        const sliceStart = performance.now();
        // Work in ~10 ms slices between yields: a yield costs a task switch, so yielding after
        // every fast tabular update would waste much of the time on them.
        do {
          await updateOnce();
          if (updatesPerSecond !== null) break;
        } while (
          state === 'running' &&
          generation === myGeneration &&
          performance.now() - sliceStart < 10 &&
          (trainer as Trainer).updateCount < grant
        );
        if (performance.now() - lastFrameAt >= FRAME_INTERVAL_MS) flush();
        const wait =
          updatesPerSecond !== null
            ? Math.max(0, 1000 / updatesPerSecond - (performance.now() - sliceStart))
            : 0;
        await (wait > 0 ? sleep(wait) : nextTask());
      }
    } catch (e) {
      if (generation === myGeneration) fail(e);
    }
  }

  /** Stops the loop and frees the trainer with its tensors and unsent rows. */
  async function dropTrainer(): Promise<void> {
    await haltLoop();
    trainer?.dispose();
    trainer = null;
    pending = [];
    pendingHistograms = [];
    pendingPolicies = [];
  }

  async function handle(msg: ToShard): Promise<void> {
    switch (msg.type) {
      case 'prepare':
        // The backend may switch for the next experiment: nothing may hold tensors then.
        await backendReady;
        await dropTrainer();
        state = 'stopped';
        await backend.prepare(msg.config, msg.workers);
        post({
          type: 'prepared',
          backend: backend.current ?? 'cpu',
          problems: validateTrainConfig(msg.config),
        });
        return;
      case 'grant': // queued only behind a start (below)
        grant = msg.upTo;
        wake();
        return;
      case 'histogramBins':
        return; // handled as it arrives (below): a running update waits for it
      case 'init':
        backendReady = backend
          .init(msg.backend)
          .catch((e) => post({ type: 'error', message: (e as Error).message }));
        return;
      case 'recalibrate':
        await backendReady;
        await backend.recalibrate();
        return;
      case 'start': {
        await backendReady;
        await dropTrainer();
        sentEpisodes = [];
        // No trainer holds tensors now, so the backend can switch (auto: measured for this shape).
        // A shard's backend was chosen for the whole experiment ('prepare'): its own part of the
        // runs is another workload class, which must not switch it.
        if (!msg.shard) await backend.prepare(msg.config);
        shardMode = msg.shard !== undefined;
        grant = msg.shard?.grant ?? Infinity;
        try {
          trainer = new Trainer(msg.config, shardMode ? binsFromCoordinator : null);
        } catch (e) {
          if (e instanceof TrainerConfigError) post({ type: 'configError', problems: e.problems });
          else post({ type: 'error', message: (e as Error).message });
          setState('stopped');
          return;
        }
        maxUpdates = msg.maxUpdates;
        meters = trainer.runs.map(() => new RateMeter());
        const entries = trainer.numStates * trainer.numActions;
        policyTraceWidth = entries > 0 && entries <= POLICY_TRACE_MAX_ENTRIES ? entries : 0;
        startPolicies = trainer.runs.map((_, r) => trainer!.policyTable(r)?.slice() ?? null);
        updatesPerSecond = msg.updatesPerSecond;
        lastFrameAt = performance.now();
        setState(msg.paused ? 'paused' : 'running');
        if (!msg.paused) loopDone = loop(generation);
        return;
      }
      case 'pause':
        if (state !== 'running') return;
        await haltLoop();
        flush();
        setState('paused');
        return;
      case 'resume':
        if (state !== 'paused' || !trainer) return;
        await haltLoop();
        setState('running');
        loopDone = loop(generation);
        return;
      case 'step':
        if (!trainer || (state !== 'paused' && state !== 'finished')) return;
        try {
          maxUpdates = Math.max(maxUpdates, trainer.updateCount + 1);
          await updateOnce();
          flush();
          if (state !== 'finished') setState('paused');
        } catch (e) {
          fail(e);
        }
        return;
      case 'explainStep': {
        const r = trainer ? trainer.runs.findIndex((run) => run.config.id === msg.run) : -1;
        const problem = !trainer
          ? 'training has not started'
          : r < 0
            ? `no run with id ${msg.run}`
            : trainer.explainProblem(r);
        if (problem) {
          post({ type: 'explanation', run: msg.run, explanation: null, problem });
          return;
        }
        if (state === 'running') {
          await haltLoop();
          setState('paused');
        }
        if (state !== 'paused' && state !== 'finished') return;
        try {
          maxUpdates = Math.max(maxUpdates, (trainer as Trainer).updateCount + 1);
          const explanation = await updateOnce(r);
          flush();
          post({ type: 'explanation', run: msg.run, explanation, problem: '' });
          if (shardMode) {
            // The coordinator paused every shard at its grant and now grants the others this update.
            setState('running');
            loopDone = loop(generation);
          } else if (state !== 'finished') setState('paused');
        } catch (e) {
          fail(e);
        }
        return;
      }
      case 'stop':
        await dropTrainer();
        setState('stopped');
        return;
      case 'setSpeed':
        updatesPerSecond = msg.updatesPerSecond;
        return;
      case 'setGridMap':
        if (!trainer) return;
        try {
          trainer.setGridMap(msg.map);
        } catch (e) {
          post({
            type: 'notice',
            message: `The edited map was not applied: ${(e as Error).message}`,
          });
        }
        return;
      case 'debugThrow':
        throw new Error(msg.message);
    }
  }

  // Messages are handled one at a time, in order, so a Step never overlaps another update. Grants
  // and bins are taken at once: a running update may be waiting for them.
  let queue: Promise<void> = Promise.resolve();
  /** Starts received and not yet handled: a grant after one is for its experiment. */
  let startsQueued = 0;

  function receive(msg: ToShard): void {
    if (msg.type === 'grant' && startsQueued === 0) {
      grant = msg.upTo;
      wake();
      return;
    }
    if (msg.type === 'histogramBins') {
      receiveBins?.(msg.edges);
      receiveBins = null;
      return;
    }
    if (msg.type === 'start') startsQueued += 1;
    queue = queue
      .then(() => handle(msg))
      .catch((e) => fail(e))
      .finally(() => {
        if (msg.type === 'start') startsQueued -= 1;
      });
  }
  return { receive, fail };
}

import { poolAdvantageBins } from '../core/metrics/advantages';
import { HISTOGRAM_BINS, HISTOGRAM_WIDTH, type TrainConfig } from '../core/train/config';
import { explanationProblem } from '../core/train/updateExplanation';
import type { EpisodeTrace } from '../core/train/episodeTrace';
import type { TaskWeights } from '../core/metrics/taskWeights';
import type {
  BackendName,
  FromShard,
  FromWorker,
  MetricFrame,
  RunStatusInfo,
  ToShard,
  ToWorker,
  WorkerState,
} from './protocol';
import { cpuWorkers, dealRuns, runCost, workersFor } from './runDealing';

/**
 * Trains one experiment on several workers at once (issue 7: many runs at close to the
 * machine's limit). One worker uses one core; a class comparing 8 estimators x 5 seeds on an
 * 8-core laptop should use them all. Every run's arithmetic is its own (its random streams come
 * from its seed, its network is its own slice of the stacked one), so each shard trains its
 * runs exactly as one worker would: the same link replays the same numbers on any number of
 * cores (trainer.test.ts checks runs stacked with others equal runs alone). Which runs go where
 * is runDealing.ts. The two couplings are handled here:
 *
 * - rows: the UI gets one metric row per update for all runs, so a shard trains only up to a
 *   grant (a few updates ahead of the slowest shard, ~0.25 s of work) and rows are released once
 *   every shard has them. Pause, step and "explain step" freeze the grant and wait for every
 *   shard to reach it;
 * - advantage-histogram bins, chosen from all runs' first-update advantages pooled in run order:
 *   shards send theirs, the coordinator pools them and sends the same bins back to all.
 *
 * GPU backends (webgpu, webgl) share one device, so neural experiments on them stay on one worker.
 * A shard that fails stops its own runs (marked diverged with the reason); the others train on.
 * No DOM: workers are reached through `ShardEndpoint`s (webWorkerShards.ts makes them from Web
 * Workers, inProcessWorkers.ts in this process for tests).
 */

export interface ShardEndpoint {
  post(msg: ToShard, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Starts worker `index`; its messages go to `onMessage`, an uncaught failure to `onFailure`. */
export type SpawnShard = (
  index: number,
  onMessage: (msg: FromShard) => void,
  onFailure: (message: string) => void,
) => ShardEndpoint;

export interface CoordinatorOptions {
  /** Messages for the UI, as one training worker would send them. */
  readonly emit: (msg: FromWorker) => void;
  readonly spawn: SpawnShard;
  /** Most workers to train on (cores, or ?workers=). */
  readonly maxWorkers: number;
  readonly now?: () => number;
}

/** How much work a shard may run ahead of the slowest one: pause and step wait at most this. */
const GRANT_AHEAD_SECONDS = 0.25;

interface Shard {
  readonly endpoint: ShardEndpoint;
  /** The backend it was initialised with (helpers are forced onto shard 0's choice). */
  backend: BackendName | null;
  /**
   * Stops sent and not yet answered by its 'stopped' status: until then its messages belong to
   * the experiment before (a worker's messages arrive in order) and are dropped.
   */
  pendingStops: number;
  /** It failed outside any handler (crashed): replaced at the next start. */
  broken: boolean;
}

/** One shard's part of the running experiment. */
interface Part {
  readonly shard: number;
  /** Global indices of its runs, in order. */
  readonly runs: readonly number[];
  /** Updates it has reported (rows received). */
  updates: number;
  /** Rows received and not yet released: each a row of one of its frames (copied out at release). */
  readonly rows: { frame: MetricFrame; row: number }[];
  failed: string | null;
  startPolicies: readonly (Float32Array | null)[] | null;
  histogramSamples: readonly Float64Array[] | null;
}

/** A frame's fields that are not rows: the latest of each run. */
interface Latest {
  columns: readonly string[];
  numStates: number;
  numActions: number;
  policyTraceWidth: number;
  histogramEdges: Float64Array | null;
  policies: (Float32Array | null)[];
  runStatus: RunStatusInfo[];
  taskWeights: (TaskWeights | null)[];
  /** Episodes received since the last frame sent (null: unchanged). */
  episodes: (EpisodeTrace | null)[];
}

export class TrainingCoordinator {
  private readonly shards: Shard[] = [];
  private readonly now: () => number;
  /** Messages are handled one at a time, in order (as in the worker). */
  private queue: Promise<void> = Promise.resolve();
  /** null: one worker (shard 0) trains the experiment and talks to the UI directly. */
  private parts: Part[] | null = null;
  private config: TrainConfig | null = null;
  private state: WorkerState = 'idle';
  private maxUpdates = Infinity;
  /** Rows released to the UI = updates of the experiment. */
  private released = 0;
  private grant = 0;
  private startedAt = 0;
  private latest: Latest | null = null;
  private startPolicies: (Float32Array | null)[] | null = null;
  private startPoliciesSent = false;
  private noticesSent = new Set<string>();
  /** Waiting for every live shard to reach `grant` (pause, step). */
  private settleWaiter: (() => void) | null = null;
  /** Resolved with shard 0's answer to 'prepare', or null if it failed instead. */
  private prepareWaiter: ((msg: Extract<FromShard, { type: 'prepared' }> | null) => void) | null =
    null;
  /** The UI's 'init', sent again to a shard 0 started anew after a crash. */
  private initMessage: Extract<ToWorker, { type: 'init' }> | null = null;
  private explanationWaiter: ((msg: Extract<FromShard, { type: 'explanation' }>) => void) | null =
    null;

  constructor(private readonly options: CoordinatorOptions) {
    this.now = options.now ?? (() => performance.now());
    this.shards.push(this.spawn(0));
  }

  /** A message from the UI. */
  send(msg: ToWorker): void {
    this.queue = this.queue
      .then(() => this.handle(msg))
      .catch((e) => this.options.emit({ type: 'error', message: (e as Error).message }));
  }

  /** Ends every worker (the bench measures the app's training and then frees the cores). */
  dispose(): void {
    for (const shard of this.shards) shard.endpoint.terminate();
    this.shards.length = 0;
    this.parts = null;
  }

  /** For tests: resolves once every message sent so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  private spawn(index: number): Shard {
    const endpoint = this.options.spawn(
      index,
      (msg) => this.receive(index, msg),
      (message) => {
        this.shards[index].broken = true;
        this.shardFailed(index, `The training worker failed: ${message}`);
      },
    );
    return { endpoint, backend: null, pendingStops: 0, broken: false };
  }

  private async handle(msg: ToWorker): Promise<void> {
    if (msg.type === 'start') return this.start(msg);
    if (msg.type === 'init') this.initMessage = msg;
    if (msg.type === 'init' || msg.type === 'recalibrate') {
      this.shards[0].endpoint.post(msg);
      return;
    }
    if (!this.parts) {
      this.shards[0].endpoint.post(msg);
      return;
    }
    switch (msg.type) {
      case 'pause':
        if (this.state !== 'running') return;
        await this.settle();
        this.setState('paused');
        return;
      case 'resume':
        if (this.state !== 'paused') return;
        this.setState('running');
        this.raiseGrant();
        return;
      case 'step': {
        if (this.state !== 'paused' && this.state !== 'finished') return;
        const finished = this.state === 'finished';
        this.grant += 1;
        this.maxUpdates = Math.max(this.maxUpdates, this.grant);
        this.postGrant();
        await this.settle();
        this.setState(finished ? 'finished' : 'paused');
        return;
      }
      case 'explainStep':
        return this.explainStep(msg.run);
      case 'stop':
        this.stopShards();
        this.setState('stopped');
        return;
      case 'setSpeed':
      case 'setGridMap':
      case 'debugThrow':
        for (const part of this.liveParts()) this.shards[part.shard].endpoint.post(msg);
        return;
    }
  }

  private async start(msg: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    if (this.parts) this.stopShards();
    this.parts = null;
    this.config = msg.config;
    for (let i = 0; i < this.shards.length; i++)
      if (this.shards[i].broken) {
        this.shards[i].endpoint.terminate();
        this.shards[i] = this.spawn(i);
        if (i === 0 && this.initMessage) this.shards[0].endpoint.post(this.initMessage);
      }
    if (this.options.maxWorkers <= 1 || msg.config.runs.length <= 1) {
      this.options.emit({ type: 'workers', ...workersFor(msg.config, 'cpu', 1) });
      this.shards[0].endpoint.post(msg);
      return;
    }
    // Shard 0 picks the backend (calibrating if needed, counting the workers a CPU backend would
    // get) and checks the whole config, so problems name the runs by their place in the
    // experiment.
    const prepared = await new Promise<Extract<FromShard, { type: 'prepared' }> | null>(
      (resolve) => {
        this.prepareWaiter = resolve;
        this.shards[0].endpoint.post({
          type: 'prepare',
          config: msg.config,
          workers: cpuWorkers(msg.config, this.options.maxWorkers),
        });
      },
    );
    // It failed instead (the error went to the UI): nothing trains.
    if (!prepared) return;
    this.shards[0].backend = prepared.backend;
    if (prepared.problems.length) {
      this.options.emit({ type: 'configError', problems: prepared.problems });
      this.setState('stopped');
      return;
    }
    const workers = workersFor(msg.config, prepared.backend, this.options.maxWorkers);
    this.options.emit({ type: 'workers', ...workers });
    if (workers.count === 1) {
      this.shards[0].endpoint.post(msg);
      return;
    }
    while (this.shards.length < workers.count) this.shards.push(this.spawn(this.shards.length));
    const deal = dealRuns(
      msg.config.runs.map((run) => runCost(msg.config, run)),
      workers.count,
    );
    this.parts = deal.map((runs, shard) => ({
      shard,
      runs,
      updates: 0,
      rows: [],
      failed: null,
      startPolicies: null,
      histogramSamples: null,
    }));
    this.maxUpdates = msg.maxUpdates;
    this.released = 0;
    this.startedAt = this.now();
    this.grant = msg.paused ? 0 : Math.min(1, msg.maxUpdates);
    this.latest = null;
    this.startPolicies = msg.config.runs.map(() => null);
    this.startPoliciesSent = false;
    this.noticesSent = new Set();
    for (const part of this.parts) {
      const shard = this.shards[part.shard];
      if (part.shard > 0 && shard.backend !== prepared.backend) {
        shard.endpoint.post({ type: 'init', backend: prepared.backend });
        shard.backend = prepared.backend;
      }
      shard.endpoint.post({
        type: 'start',
        config: { ...msg.config, runs: part.runs.map((r) => msg.config.runs[r]) },
        maxUpdates: Infinity,
        updatesPerSecond: msg.updatesPerSecond,
        shard: { grant: this.grant },
      });
    }
    this.setState(msg.paused ? 'paused' : 'running');
  }

  private async explainStep(runId: string): Promise<void> {
    const config = this.config as TrainConfig;
    const r = config.runs.findIndex((run) => run.id === runId);
    const part = this.parts?.find((p) => p.runs.includes(r));
    // The worker's own checks, made here: the other shards must not run an update for nothing.
    const status = this.latest?.runStatus[r];
    const kind = config.policy.kind;
    const problem =
      explanationProblem(kind) ||
      (!part
        ? `no run with id ${runId}`
        : (part.failed ??
          explanationProblem(kind, status && { ...status, label: config.runs[r].label })));
    if (problem || !part) {
      this.options.emit({ type: 'explanation', run: runId, explanation: null, problem });
      return;
    }
    // Paused quietly: the UI hears "paused" once the explanation is there (as from one worker).
    if (this.state === 'running') {
      await this.settle();
      this.state = 'paused';
    }
    if (this.state !== 'paused' && this.state !== 'finished') return;
    const finished = this.state === 'finished';
    // The explained shard runs the update itself; the others run theirs alongside (the first
    // update's histogram bins need every shard).
    const answer = new Promise<Extract<FromShard, { type: 'explanation' }>>((resolve) => {
      this.explanationWaiter = resolve;
    });
    this.shards[part.shard].endpoint.post({ type: 'explainStep', run: runId });
    this.grant += 1;
    this.maxUpdates = Math.max(this.maxUpdates, this.grant);
    for (const other of this.liveParts())
      if (other !== part)
        this.shards[other.shard].endpoint.post({ type: 'grant', upTo: this.grant });
    const explained = await answer;
    // Not explained after all (nothing ran there): that shard runs the update plainly.
    if (!explained.explanation) this.postGrant();
    await this.settle();
    // The shard numbers the run among its own runs; the UI among the experiment's.
    this.options.emit({
      ...explained,
      run: runId,
      explanation: explained.explanation && { ...explained.explanation, runIndex: r },
    });
    this.setState(finished ? 'finished' : 'paused');
  }

  private receive(index: number, msg: FromShard): void {
    const shard = this.shards[index];
    if (shard.pendingStops > 0) {
      if (msg.type === 'status' && msg.state === 'stopped') shard.pendingStops -= 1;
      return;
    }
    if (msg.type === 'prepared') {
      this.prepareWaiter?.(msg);
      this.prepareWaiter = null;
      return;
    }
    if (index === 0 && msg.type === 'error' && this.prepareWaiter) {
      this.prepareWaiter(null);
      this.prepareWaiter = null;
    }
    const part = this.parts?.find((p) => p.shard === index && !p.failed);
    if (!this.parts) {
      // One worker: shard 0 talks to the UI (helpers have nothing running).
      if (index === 0 && msg.type !== 'histogramSamples') this.options.emit(msg);
      return;
    }
    switch (msg.type) {
      case 'backend':
        if (index === 0) this.options.emit(msg);
        return;
      case 'status':
        return; // the coordinator keeps the experiment's state
      case 'frame':
        if (part) this.receiveFrame(part, msg);
        return;
      case 'histogramSamples':
        if (part) {
          part.histogramSamples = msg.perRun;
          this.poolHistograms();
        }
        return;
      case 'explanation':
        this.explanationWaiter?.(msg);
        this.explanationWaiter = null;
        return;
      case 'notice':
        if (this.noticesSent.has(msg.message)) return;
        this.noticesSent.add(msg.message);
        this.options.emit(msg);
        return;
      case 'configError':
        this.shardFailed(index, `Its settings were refused: ${msg.problems.join('; ')}`);
        return;
      case 'error':
        this.shardFailed(index, msg.message);
        return;
      case 'workers':
        return;
    }
  }

  private receiveFrame(part: Part, frame: MetricFrame): void {
    const config = this.config as TrainConfig;
    const R = config.runs.length;
    if (!this.latest)
      this.latest = {
        columns: frame.columns,
        numStates: frame.numStates,
        numActions: frame.numActions,
        policyTraceWidth: frame.policyTraceWidth,
        histogramEdges: null,
        policies: Array.from({ length: R }, () => null),
        runStatus: Array.from({ length: R }, () => ({
          status: 'training' as const,
          divergedAt: -1,
          reason: '',
        })),
        taskWeights: Array.from({ length: R }, () => null),
        episodes: Array.from({ length: R }, () => null),
      };
    const latest = this.latest;
    for (let row = 0; row < frame.rows; row++) part.rows.push({ frame, row });
    part.updates += frame.rows;
    if (frame.histogramEdges) latest.histogramEdges = frame.histogramEdges;
    part.runs.forEach((r, i) => {
      latest.policies[r] = frame.policies[i];
      latest.runStatus[r] = frame.runStatus[i];
      latest.taskWeights[r] = frame.taskWeights[i];
      if (frame.episodes[i]) latest.episodes[r] = frame.episodes[i];
      if (frame.startPolicies && this.startPolicies) this.startPolicies[r] = frame.startPolicies[i];
    });
    if (frame.startPolicies) part.startPolicies = frame.startPolicies;
    this.progress();
  }

  /** Releases complete rows, raises the grant while running, and notices settling and the end. */
  private progress(force = false): void {
    const parts = this.parts;
    if (!parts) return;
    const live = this.liveParts();
    if (!live.length) return;
    const complete = Math.min(...live.map((p) => p.rows.length));
    if (complete > 0 || force) this.release(complete);
    // While settling (a pause on its way), the grant holds still.
    if (this.state === 'running' && !this.settleWaiter) {
      if (this.released >= this.maxUpdates) this.setState('finished');
      else this.raiseGrant();
    }
    if (this.settleWaiter && live.every((p) => p.updates >= this.grant && !p.rows.length)) {
      const done = this.settleWaiter;
      this.settleWaiter = null;
      done();
    }
  }

  /** Sends the first `rows` complete rows of every shard to the UI as one frame. */
  private release(rows: number): void {
    const parts = this.parts as Part[];
    const latest = this.latest;
    if (!latest) return;
    const R = (this.config as TrainConfig).runs.length;
    const W = latest.columns.length;
    const H = HISTOGRAM_WIDTH;
    const P = latest.policyTraceWidth;
    const data = new Float64Array(rows * R * W);
    const histograms = new Float32Array(rows * R * H);
    const policyTrace = new Float32Array(rows * R * P);
    for (const part of parts) {
      const taken = part.rows.splice(0, rows);
      for (let row = 0; row < rows; row++) {
        const got = taken[row];
        part.runs.forEach((r, i) => {
          const at = row * R + r;
          // A failed shard's runs have no rows past its failure: NaN, as a diverged run's.
          if (!got) {
            data.fill(NaN, at * W, (at + 1) * W);
            histograms.fill(NaN, at * H, (at + 1) * H);
            policyTrace.fill(NaN, at * P, (at + 1) * P);
            return;
          }
          const from = got.row * part.runs.length + i;
          data.set(got.frame.data.subarray(from * W, (from + 1) * W), at * W);
          histograms.set(got.frame.histograms.subarray(from * H, (from + 1) * H), at * H);
          policyTrace.set(got.frame.policyTrace.subarray(from * P, (from + 1) * P), at * P);
        });
      }
    }
    const sendStart = !this.startPoliciesSent && parts.every((p) => p.startPolicies || p.failed);
    if (sendStart) this.startPoliciesSent = true;
    this.released += rows;
    this.options.emit({
      type: 'frame',
      runIds: (this.config as TrainConfig).runs.map((r) => r.id),
      columns: latest.columns,
      rows,
      data,
      policies: [...latest.policies],
      numStates: latest.numStates,
      numActions: latest.numActions,
      runStatus: [...latest.runStatus],
      histograms,
      histogramEdges: latest.histogramEdges,
      episodes: latest.episodes,
      taskWeights: [...latest.taskWeights],
      policyTraceWidth: P,
      policyTrace,
      startPolicies: sendStart ? this.startPolicies : null,
    });
    latest.episodes = latest.episodes.map(() => null);
  }

  /** Every shard at least `ahead` updates of work past the slowest one (never past maxUpdates). */
  private raiseGrant(): void {
    const live = this.liveParts();
    if (!live.length) return;
    const slowest = Math.min(...live.map((p) => p.updates));
    const seconds = Math.max(1e-3, (this.now() - this.startedAt) / 1000);
    const ahead = Math.max(2, Math.ceil((slowest / seconds) * GRANT_AHEAD_SECONDS));
    const next = Math.min(this.maxUpdates, slowest + ahead);
    if (next > this.grant) {
      this.grant = next;
      this.postGrant();
    }
  }

  private postGrant(): void {
    for (const part of this.liveParts())
      this.shards[part.shard].endpoint.post({ type: 'grant', upTo: this.grant });
  }

  /** Resolves once every live shard has reached the grant and its rows are released. */
  private settle(): Promise<void> {
    return new Promise((resolve) => {
      this.settleWaiter = resolve;
      this.progress(true);
    });
  }

  /** Once every live shard sent its first-update advantages: the same bins for all. */
  private poolHistograms(): void {
    const live = this.liveParts();
    if (!live.length || live.some((p) => !p.histogramSamples)) return;
    const R = (this.config as TrainConfig).runs.length;
    const perRun: Float64Array[] = Array.from({ length: R }, () => new Float64Array(0));
    for (const part of live)
      part.runs.forEach((r, i) => (perRun[r] = (part.histogramSamples as Float64Array[])[i]));
    const bins = poolAdvantageBins(perRun, HISTOGRAM_BINS);
    for (const part of live) {
      part.histogramSamples = null;
      this.shards[part.shard].endpoint.post({ type: 'histogramBins', edges: bins?.edges ?? null });
    }
  }

  /** A shard failed: its runs stop with the reason, the others train on. */
  private shardFailed(index: number, message: string): void {
    if (!this.parts) {
      if (index === 0) {
        this.prepareWaiter?.(null);
        this.prepareWaiter = null;
        this.options.emit({ type: 'error', message });
        this.setState('stopped');
      }
      return;
    }
    const part = this.parts.find((p) => p.shard === index && !p.failed);
    if (!part) return;
    part.failed = message;
    const config = this.config as TrainConfig;
    const labels = part.runs.map((r) => config.runs[r].label).join(', ');
    if (this.latest)
      for (const r of part.runs)
        if (this.latest.runStatus[r].status === 'training')
          this.latest.runStatus[r] = {
            status: 'diverged',
            divergedAt: part.updates + 1,
            reason: `its training worker failed: ${message}`,
          };
    // Answers nobody will give now.
    this.explanationWaiter?.({ type: 'explanation', run: '', explanation: null, problem: message });
    this.explanationWaiter = null;
    if (!this.liveParts().length) {
      this.progress(true);
      this.settleWaiter?.();
      this.settleWaiter = null;
      this.options.emit({ type: 'error', message });
      this.stopShards();
      this.setState('stopped');
      return;
    }
    this.options.emit({
      type: 'notice',
      message: `Runs ${labels} stopped: their training worker failed (${message}). The other runs train on.`,
    });
    this.poolHistograms();
    this.progress(true);
  }

  private liveParts(): Part[] {
    return (this.parts ?? []).filter((p) => !p.failed);
  }

  private stopShards(): void {
    for (const part of this.liveParts()) {
      this.shards[part.shard].endpoint.post({ type: 'stop' });
      this.shards[part.shard].pendingStops += 1;
    }
    this.settleWaiter?.();
    this.settleWaiter = null;
  }

  private setState(state: WorkerState): void {
    this.state = state;
    this.options.emit({ type: 'status', state, updates: this.released });
  }
}

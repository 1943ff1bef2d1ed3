import type { BackendTiming } from '../core/backendChoice';
import type { GridMap } from '../core/envs/gridworld';
import type { TaskWeights } from '../core/metrics/taskWeights';
import type { TrainConfig } from '../core/train/config';
import type { EpisodeTrace } from '../core/train/episodeTrace';
import type { UpdateExplanation } from '../core/train/updateExplanation';

/** Backends the worker can run tfjs on; `auto` is measured per workload (calibration.ts). */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

export interface BackendInfo {
  readonly requested: BackendChoice;
  readonly backend: BackendName;
  /** Why this backend runs, in words for the UI, e.g. "wasm: no hardware WebGPU adapter". */
  readonly reason: string;
  /** The WebGPU adapter seen, if any (vendor / architecture / description). */
  readonly adapter: string | null;
  /** Problems met on the way (a forced backend that failed, ...), shown as notices. */
  readonly notices: readonly string[];
  /** How `auto` measured its choice (calibration.ts); absent for older messages. */
  readonly calibration?: BackendCalibration;
}

/**
 * The state of the `auto` calibration: `pending` (measured at the next Start of a neural
 * experiment), `running`, `measured` (timed at this Start), `cached` (an earlier measurement on
 * this browser for this workload class), `not-needed` (tabular policy: no tfjs work), `forced`
 * (?backend=x, never calibrated).
 */
export interface BackendCalibration {
  readonly status: 'pending' | 'running' | 'measured' | 'cached' | 'not-needed' | 'forced';
  /** One line for the UI: the timings fastest first and the pick, or what happens next. */
  readonly summary: string;
  readonly timings: readonly BackendTiming[];
  /** The workload class measured (backendChoiceWorkload.ts), or null before any. */
  readonly workload: string | null;
  /** When the timings were taken (ISO 8601), or null without timings. */
  readonly measuredAt: string | null;
}

export type WorkerState = 'idle' | 'running' | 'paused' | 'finished' | 'stopped';

/** Messages from the UI to the training worker. */
export type ToWorker =
  | { readonly type: 'init'; readonly backend: BackendChoice }
  | {
      readonly type: 'start';
      readonly config: TrainConfig;
      readonly maxUpdates: number;
      /** Updates per second, or null for as fast as possible. */
      readonly updatesPerSecond: number | null;
      /** Start paused (a Step then runs exactly one update). */
      readonly paused?: boolean;
      /**
       * Train as one shard of an experiment split over several workers (workers/shards.ts):
       * updates only up to the coordinator's grant, histogram bins chosen by the coordinator.
       */
      readonly shard?: { readonly grant: number };
    }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'step' }
  /**
   * Pause if running, run exactly one update (like 'step') and explain it for the run with this
   * id (tabular policies); answered by an 'explanation' message.
   */
  | { readonly type: 'explainStep'; readonly run: string }
  | { readonly type: 'stop' }
  | { readonly type: 'setSpeed'; readonly updatesPerSecond: number | null }
  /** A teacher edited the gridworld map: running agents continue on the new map. */
  | { readonly type: 'setGridMap'; readonly map: GridMap }
  /** Test hook: the worker throws inside its message handler, to prove errors surface. */
  | { readonly type: 'debugThrow'; readonly message: string }
  /** Forget the cached backend calibrations: the next Start of a neural experiment measures again. */
  | { readonly type: 'recalibrate' };

export interface RunStatusInfo {
  readonly status: 'training' | 'diverged';
  readonly divergedAt: number;
  /** Why the run stopped (e.g. "loss or gradient became NaN"), empty while training. */
  readonly reason: string;
}

/**
 * A batch of metric rows: `data` is [rows x runs x columns] (row-major), transferred, not
 * copied. Sent at most ~20 times per second whatever the training speed.
 */
export interface MetricFrame {
  readonly type: 'frame';
  readonly runIds: readonly string[];
  readonly columns: readonly string[];
  readonly rows: number;
  readonly data: Float64Array;
  /** Latest pi[s,a] per run (flattened), or null where the state space is too large. */
  readonly policies: readonly (Float32Array | null)[];
  readonly numStates: number;
  readonly numActions: number;
  readonly runStatus: readonly RunStatusInfo[];
  /** [rows x runs x (bins + 2)] advantage histogram counts per update (bins, underflow, overflow). */
  readonly histograms: Float32Array;
  /** The fixed bin edges (bins + 1), or null before the first update. */
  readonly histogramEdges: Float64Array | null;
  /** Latest complete episode of each run's first env copy, or null if unchanged since the last frame. */
  readonly episodes: readonly (EpisodeTrace | null)[];
  /**
   * Per run, mean |A| and success rate of each task in the latest update (Bernoulli bandit
   * suites; null elsewhere or for a stopped run).
   */
  readonly taskWeights: readonly (TaskWeights | null)[];
  /**
   * Entries of one traced policy table (numStates x numActions), or 0 when the policy is too large
   * to trace (above POLICY_TRACE_MAX_ENTRIES): small policies (bandits) are sent after every
   * update, so a trajectory view draws each step, not one per frame.
   */
  readonly policyTraceWidth: number;
  /** [rows x runs x policyTraceWidth] pi[s,a] of each run after each update (row-aligned with `data`). */
  readonly policyTrace: Float32Array;
  /** Each run's policy before its first update, in the first frame after a start only (else null). */
  readonly startPolicies: readonly (Float32Array | null)[] | null;
}

/** Policies with at most this many pi[s,a] entries are streamed after every update (a bandit). */
export const POLICY_TRACE_MAX_ENTRIES = 16;

/**
 * What the coordinator of a sharded experiment (workers/shards.ts) says to a training worker
 * besides the UI's messages.
 */
export type ToShard =
  | ToWorker
  /**
   * Choose the backend for this experiment (calibrate if needed), whose runs `workers` workers
   * would share on a CPU backend; answered by 'prepared'.
   */
  | { readonly type: 'prepare'; readonly config: TrainConfig; readonly workers: number }
  /** A shard may train until its update count reaches `upTo`. */
  | { readonly type: 'grant'; readonly upTo: number }
  /** The advantage-histogram bin edges of all shards' runs pooled, or null if none had a batch. */
  | { readonly type: 'histogramBins'; readonly edges: Float64Array | null };

/** What a training worker tells the coordinator besides the UI's messages. */
export type FromShard =
  | FromWorker
  | {
      readonly type: 'prepared';
      readonly backend: BackendName;
      /** Problems with the whole experiment's config (validateTrainConfig), empty if none. */
      readonly problems: readonly string[];
    }
  /** The shard's first-update advantages, one array per run, for the histogram bins. */
  | { readonly type: 'histogramSamples'; readonly perRun: readonly Float64Array[] };

/** Messages from the training worker to the UI. */
export type FromWorker =
  | { readonly type: 'backend'; readonly info: BackendInfo }
  | { readonly type: 'status'; readonly state: WorkerState; readonly updates: number }
  | MetricFrame
  | { readonly type: 'configError'; readonly problems: readonly string[] }
  | { readonly type: 'error'; readonly message: string }
  /** The answer to 'explainStep': the explanation, or why there is none (nothing was run then). */
  | {
      readonly type: 'explanation';
      readonly run: string;
      readonly explanation: UpdateExplanation | null;
      readonly problem: string;
    }
  /** Something the user should know that does not stop training. */
  | { readonly type: 'notice'; readonly message: string }
  /** How many workers train the current experiment, and why (workers/shards.ts). */
  | { readonly type: 'workers'; readonly count: number; readonly reason: string };

/** Minimum time between two metric frames (ms): at most ~20 frames per second. */
export const FRAME_INTERVAL_MS = 50;

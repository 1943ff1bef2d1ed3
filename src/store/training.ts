import { create } from 'zustand';
import type { TaskWeights } from '../core/metrics/taskWeights';
import type { EpisodeTrace } from '../core/train/episodeTrace';
import type { BackendInfo, MetricFrame, RunStatusInfo, WorkerState } from '../workers/protocol';

/** Full-resolution metric history of one run: one growable column per metric. */
export interface RunSeries {
  readonly id: string;
  length: number;
  columns: Record<string, Float64Array>;
  /** [length x histogramWidth] advantage histogram of each update. */
  histograms: Float32Array;
  /** [length x policyWidth] pi[s,a] after each update, for small policies (else width 0). */
  policyTrace: Float32Array;
  policyWidth: number;
  /** pi[s,a] before the first update, where the worker sent it. */
  policyStart: Float32Array | null;
}

function emptySeries(id: string): RunSeries {
  return {
    id,
    length: 0,
    columns: {},
    histograms: new Float32Array(0),
    policyTrace: new Float32Array(0),
    policyWidth: 0,
    policyStart: null,
  };
}

export interface TrainingStore {
  readonly workerState: WorkerState;
  /** performance.now() when workerState last changed. */
  readonly workerStateSince: number;
  readonly updates: number;
  readonly backend: BackendInfo | null;
  /** How many workers train the current experiment, and why (null before the first Start). */
  readonly trainingWorkers: { readonly count: number; readonly reason: string } | null;
  /** Visible notices (bad URL parameters, backend fallbacks); dismissible. */
  readonly notices: readonly string[];
  /** The latest worker error, shown until dismissed or training restarts. */
  readonly error: string | null;
  readonly configProblems: readonly string[];
  /** Metric buffers by run id; mutated in place, `version` bumps on every change. */
  readonly series: Record<string, RunSeries>;
  readonly runStatus: Record<string, RunStatusInfo>;
  /** Latest complete episode per run id (first env copy), for the replay views. */
  readonly episodes: Record<string, EpisodeTrace>;
  /** Latest policy table per run id (pi[s,a] flattened). */
  readonly policies: Record<string, Float32Array | null>;
  /** Latest per-task advantage weights per run id (Bernoulli bandit suites), else null. */
  readonly taskWeights: Record<string, TaskWeights | null>;
  readonly numActions: number;
  /** Fixed advantage-histogram bin edges of the current training (null before the first update). */
  readonly histogramEdges: Float64Array | null;
  /** Bumped at most every CHART_REFRESH_MS when new metrics arrived: what charts redraw on. */
  readonly version: number;
  addNotice(text: string): void;
  dismissNotice(index: number): void;
  clearError(): void;
  /** Clears all metrics; `rows` (the update budget) sizes the buffers of the next training. */
  reset(rows?: number): void;
  ingestFrame(frame: MetricFrame): void;
  /** Shows metrics from a results file, as if just trained. */
  loadRuns(
    runs: readonly {
      id: string;
      columns: readonly string[];
      rows: readonly (readonly number[])[];
    }[],
  ): void;
  /** All metrics of all runs, row by row (for exports). */
  exportRuns(): { id: string; columns: string[]; rows: number[][] }[];
}

/**
 * Charts redraw at most 4 times per second whatever the frame rate: a redraw of every chart costs
 * tens of milliseconds on a slow laptop, and frames arrive up to 20 times per second.
 */
export const CHART_REFRESH_MS = 250;
/** Extra time between redraws per run beyond four: 16 runs redraw about once a second. */
export const CHART_REFRESH_MS_PER_RUN = 50;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let lastRefresh = 0;
/** Per-run views (policies, episodes, status) waiting for the next redraw. */
let pendingViews: Partial<TrainingStore> = {};

/** Publishes waiting views now (when training pauses, steps or finishes, the last numbers show). */
export function flushViews(): void {
  if (refreshTimer !== null) clearTimeout(refreshTimer);
  refreshTimer = null;
  lastRefresh = performance.now();
  const views = pendingViews;
  pendingViews = {};
  useTraining.setState((s) => ({ ...views, version: s.version + 1 }));
}

function scheduleChartRefresh(numRuns: number): void {
  if (refreshTimer !== null) return;
  const interval = CHART_REFRESH_MS + CHART_REFRESH_MS_PER_RUN * Math.max(0, numRuns - 4);
  const wait = Math.max(0, lastRefresh + interval - performance.now());
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    lastRefresh = performance.now();
    const views = pendingViews;
    pendingViews = {};
    useTraining.setState((s) => ({ ...views, version: s.version + 1 }));
  }, wait);
}

/**
 * Rows the buffers are first sized for: the training budget (maxUpdates, given to `reset`), capped
 * at MAX_PREALLOCATED_ROWS. Growing 16 runs' buffers by doubling mid-training copies tens of
 * megabytes in one frame (a ~200 ms main-thread task at 4096 updates, measured in Chromium).
 */
let expectedRows = 256;
const MAX_PREALLOCATED_ROWS = 8192;

function grow<T extends Float64Array | Float32Array>(a: T, need: number, width = 1): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(
    Math.max(need, a.length * 2, expectedRows * width),
  );
  b.set(a);
  return b;
}

export const useTraining = create<TrainingStore>((set, get) => ({
  workerState: 'idle',
  workerStateSince: 0,
  updates: 0,
  backend: null,
  trainingWorkers: null,
  notices: [],
  error: null,
  configProblems: [],
  series: {},
  runStatus: {},
  policies: {},
  taskWeights: {},
  episodes: {},
  numActions: 0,
  histogramEdges: null,
  version: 0,
  addNotice: (text) =>
    set((s) => (s.notices.includes(text) ? s : { notices: [...s.notices, text] })),
  dismissNotice: (index) => set((s) => ({ notices: s.notices.filter((_, i) => i !== index) })),
  clearError: () => set({ error: null, configProblems: [] }),
  reset: (rows) => {
    pendingViews = {};
    expectedRows = Math.min(MAX_PREALLOCATED_ROWS, Math.max(256, rows ?? 256));
    set((s) => ({
      series: {},
      runStatus: {},
      policies: {},
      taskWeights: {},
      episodes: {},
      histogramEdges: null,
      updates: 0,
      version: s.version + 1,
    }));
  },
  loadRuns: (runs) =>
    set((s) => {
      const series: Record<string, RunSeries> = {};
      let updates = 0;
      for (const run of runs) {
        const columns: Record<string, Float64Array> = {};
        run.columns.forEach((name, c) => {
          columns[name] = Float64Array.from(run.rows, (row) => row[c]);
        });
        series[run.id] = { ...emptySeries(run.id), length: run.rows.length, columns };
        updates = Math.max(updates, run.rows.length);
      }
      return {
        series,
        updates,
        runStatus: {},
        policies: {},
        taskWeights: {},
        episodes: {},
        version: s.version + 1,
      };
    }),
  exportRuns: () => {
    const { series } = get();
    return Object.values(series).map((run) => {
      const names = Object.keys(run.columns);
      const rows: number[][] = [];
      for (let k = 0; k < run.length; k++) rows.push(names.map((n) => run.columns[n][k]));
      return { id: run.id, columns: names, rows };
    });
  },
  ingestFrame: (frame) =>
    set((s) => {
      const series = { ...s.series };
      const R = frame.runIds.length;
      const M = frame.columns.length;
      const runStatus: Record<string, RunStatusInfo> = {};
      const policies: Record<string, Float32Array | null> = {};
      const taskWeights: Record<string, TaskWeights | null> = {};
      let episodes = pendingViews.episodes ?? s.episodes;
      frame.runIds.forEach((id, r) => {
        const cur = series[id] ?? emptySeries(id);
        const H = frame.histogramEdges ? frame.histogramEdges.length + 1 : 0;
        // Grow every buffer once per frame (a frame carries many rows at full speed).
        const need = cur.length + frame.rows;
        if (H) cur.histograms = grow(cur.histograms, need * H, H);
        const columns = frame.columns.map((name) => {
          const col = grow(cur.columns[name] ?? new Float64Array(256), need);
          cur.columns[name] = col;
          return col;
        });
        const P = frame.policyTraceWidth;
        cur.policyWidth = P;
        if (P) cur.policyTrace = grow(cur.policyTrace, need * P, P);
        const start = frame.startPolicies?.[r];
        if (start) cur.policyStart = start;
        for (let row = 0; row < frame.rows; row++) {
          const o = (row * R + r) * M;
          // Diverged runs send NaN rows: keep their last good metrics, draw nothing new.
          if (Number.isNaN(frame.data[o])) continue;
          if (H)
            cur.histograms.set(
              frame.histograms.subarray((row * R + r) * H, (row * R + r + 1) * H),
              cur.length * H,
            );
          if (P)
            cur.policyTrace.set(
              frame.policyTrace.subarray((row * R + r) * P, (row * R + r + 1) * P),
              cur.length * P,
            );
          for (let c = 0; c < M; c++) columns[c][cur.length] = frame.data[o + c];
          cur.length += 1;
        }
        series[id] = cur;
        runStatus[id] = frame.runStatus[r];
        policies[id] = frame.policies[r];
        taskWeights[id] = frame.taskWeights[r];
        const ep = frame.episodes[r];
        if (ep) episodes = { ...episodes, [id]: ep };
      });
      const lastUpdate = (id: string) => {
        const run = series[id];
        return run.length ? run.columns.update[run.length - 1] : 0;
      };
      const updates = Math.max(pendingViews.updates ?? s.updates, ...frame.runIds.map(lastUpdate));
      // Everything but the update counter is published with the next (throttled) redraw, so a
      // burst of frames costs the main thread one render, not one per frame.
      pendingViews = {
        series,
        runStatus,
        policies,
        taskWeights,
        episodes,
        numActions: frame.numActions,
        histogramEdges: frame.histogramEdges ?? s.histogramEdges,
        updates,
      };
      scheduleChartRefresh(R);
      return { series };
    }),
}));

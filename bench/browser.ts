/**
 * The bench page (bench.html), driven by bench/run.ts through `window.__bench`: one worker per
 * page runs the workloads on one backend while this main thread only watches itself: long tasks
 * (PerformanceObserver 'longtask') and requestAnimationFrame intervals, summed up per workload
 * into the row's `mainThread` and `met.noLongTask`.
 */
import type { BackendName } from '../src/workers/protocol';
import { spawnWebWorker } from '../src/workers/webWorkerShards';
import { measureApp } from './app';
import { noLongTask, summarizeMainThread } from './mainThread';
import type { BenchReply, BenchRequest } from './protocol';
import { scalingOf, TARGETS } from './targets';
import {
  BANDIT_WORKLOAD,
  trainingWorkloadConfig,
  trainingWorkloadDescription,
  workloadConfig,
  workloads,
  type WorkloadId,
} from './workloads';

const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
const out = document.getElementById('out') as HTMLElement;

// Everything seen since the page loaded; each workload keeps the part inside its own window.
const longTasks: { startTime: number; duration: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    longTasks.push({ startTime: e.startTime, duration: e.duration });
});
observer.observe({ type: 'longtask', buffered: true });
const frames: number[] = [];
const onFrame = (t: number) => {
  frames.push(t);
  requestAnimationFrame(onFrame);
};
requestAnimationFrame(onFrame);

let pending: ((m: BenchReply) => void) | null = null;
worker.onmessage = (e: MessageEvent<BenchReply>) => pending?.(e.data);
worker.onerror = (e) => pending?.({ type: 'error', message: `worker error: ${e.message}` });

/** One request at a time: the bench measures one workload at a time. */
function ask(req: BenchRequest): Promise<BenchReply> {
  if (pending) return Promise.reject(new Error('bench page: a request is still running'));
  return new Promise((resolve) => {
    pending = (m) => {
      pending = null;
      resolve(m);
    };
    worker.postMessage(req);
  });
}

/** Runs `measure` and adds what the main thread did meanwhile (long tasks, frame intervals). */
async function watchingMainThread<T>(measure: () => Promise<T>) {
  const start = performance.now();
  const answer = await measure();
  const end = performance.now();
  longTasks.push(
    ...observer.takeRecords().map((e) => ({ startTime: e.startTime, duration: e.duration })),
  );
  const mainThread = summarizeMainThread(longTasks, frames, start, end);
  // Keep memory flat over a long bench: nothing before this window is needed again.
  frames.splice(0, frames.length - 1);
  longTasks.length = 0;
  return { answer, mainThread };
}

async function run(req: Extract<BenchRequest, { type: 'run' }>): Promise<object> {
  const { answer, mainThread } = await watchingMainThread(() => ask(req));
  if (answer.type !== 'row')
    return { error: answer.type === 'error' ? answer.message : 'no row', mainThread };
  const row = answer.row;
  const result = { ...row, mainThread, met: { ...row.met, noLongTask: noLongTask(mainThread) } };
  out.textContent += JSON.stringify(result) + '\n';
  return result;
}

/**
 * A workload trained as the app trains it: the coordinator deals its runs to one training worker
 * per core (src/workers/shards.ts), against 1 run on one worker, on the same page.
 */
async function runApp(req: {
  workload: 'training' | WorkloadId;
  seconds: number;
  neuralEpisodeCap: number;
  backend: BackendName;
}): Promise<object> {
  const w =
    req.workload === 'training'
      ? {
          id: 'training',
          description: trainingWorkloadDescription(BANDIT_WORKLOAD),
          tabular: false,
          runs: BANDIT_WORKLOAD.runs,
          config: (runs?: number) =>
            trainingWorkloadConfig(runs ? { ...BANDIT_WORKLOAD, runs } : BANDIT_WORKLOAD),
        }
      : workloads({ neuralEpisodeCap: req.neuralEpisodeCap })
          .filter((x) => x.id === req.workload)
          .map((x) => ({ ...x, config: (runs?: number) => workloadConfig(x, { runs }) }))[0];
  if (!w) return { error: `unknown workload ${req.workload}` };
  const maxWorkers = navigator.hardwareConcurrency || 1;
  const opts = {
    backend: req.backend,
    maxWorkers,
    spawn: spawnWebWorker,
    ...(w.tabular ? { warmup: 3, minUpdates: 3 } : { warmup: 1, minUpdates: 1 }),
  };
  try {
    const { answer, mainThread } = await watchingMainThread(async () => ({
      all: await measureApp(w.config(), req.seconds, opts),
      one: await measureApp(w.config(1), req.seconds, opts),
    }));
    const scaling = scalingOf(answer.all.throughput, answer.one.throughput, w.runs);
    const result = {
      bench: 'app',
      id: w.id,
      workload: `${w.description}, trained as the app does: ${answer.all.workers} workers (${maxWorkers} cores)`,
      runtime: 'chromium',
      backend: req.backend,
      workers: answer.all.workers,
      trainer: answer.all.throughput,
      trainer1Run: answer.one.throughput,
      ...scaling,
      scalingTarget: `<= ${TARGETS.scaling} (${w.runs} runs vs 1)`,
      mainThread,
      met: { scaling: scaling.scaling <= TARGETS.scaling, noLongTask: noLongTask(mainThread) },
    };
    out.textContent += JSON.stringify(result) + '\n';
    return result;
  } catch (err) {
    return { error: (err as Error).message };
  }
}

(window as unknown as { __bench: object }).__bench = {
  init: (backend: string) => ask({ type: 'init', backend }),
  run,
  runApp,
};

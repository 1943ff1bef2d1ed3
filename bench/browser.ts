/**
 * The bench page (bench.html), driven by bench/run.ts through `window.__bench`: one worker per
 * page runs the workloads on one backend while this main thread only watches itself: long tasks
 * (PerformanceObserver 'longtask') and requestAnimationFrame intervals, summed up per workload
 * into the row's `mainThread` and `met.noLongTask`.
 */
import { noLongTask, summarizeMainThread } from './mainThread';
import type { BenchReply, BenchRequest } from './protocol';

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

async function run(req: Extract<BenchRequest, { type: 'run' }>): Promise<object> {
  const start = performance.now();
  const answer = await ask(req);
  const end = performance.now();
  longTasks.push(
    ...observer.takeRecords().map((e) => ({ startTime: e.startTime, duration: e.duration })),
  );
  const mainThread = summarizeMainThread(longTasks, frames, start, end);
  // Keep memory flat over a long bench: nothing before this window is needed again.
  frames.splice(0, frames.length - 1);
  longTasks.length = 0;
  if (answer.type !== 'row')
    return { error: answer.type === 'error' ? answer.message : 'no row', mainThread };
  const row = answer.row;
  const result = { ...row, mainThread, met: { ...row.met, noLongTask: noLongTask(mainThread) } };
  out.textContent += JSON.stringify(result) + '\n';
  return result;
}

(window as unknown as { __bench: object }).__bench = {
  init: (backend: string) => ask({ type: 'init', backend }),
  run,
};

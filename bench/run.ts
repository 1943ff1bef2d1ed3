/**
 * `npm run bench`: prints one JSON line per measurement, then a summary line.
 * - Node (backends cpu, wasm) and headless Chromium (each backend it offers: webgpu, wasm, webgl,
 *   cpu; the workloads run in a worker): the fixed training workload (MLP bandit, 16 runs) and the
 *   workloads (a)-(d) of bench/workloads.ts, each against its reference (bench/training.ts) and
 *   against itself with 1 run (scaling). In Chromium each row also says how the main thread
 *   fared meanwhile (long tasks, frame intervals).
 * - Node: environment stepping, vectorized envs vs plain loops (bench/envs.ts).
 * - Last line `{"bench":"summary"}`: every target, met or not (bench/summary.ts).
 * Ratios compare implementations measured in the same run, so they hold on a busy machine.
 *
 * Options (env vars, bench/options.ts): BENCH_SECONDS (default 3) per measurement;
 * BENCH_NEURAL_CAP (default 16) cuts the 2048 and Sokoban episodes; BENCH_BACKENDS and
 * BENCH_WORKLOADS (comma lists, default all: webgpu,wasm,webgl,cpu and training,a,b,c,d,envs);
 * BENCH_NODE=0 / BENCH_BROWSER=0 skip a side; BENCH_PORT (default 4179) for the preview server;
 * BENCH_WORKLOAD_TIMEOUT (s, default 600) abandons a stuck browser workload.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { benchTraining, benchWorkload } from './training';
import { workloads } from './workloads';
import { benchEnvironments } from './envs';
import {
  appBenchApplies,
  NODE_BACKENDS,
  parseBenchOptions,
  WORKLOAD_OF_LETTER,
  type WorkloadKey,
} from './options';
import { summarize } from './summary';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/browser';

let opts: ReturnType<typeof parseBenchOptions>;
try {
  opts = parseBenchOptions(process.env);
} catch (err) {
  console.error(`bench: ${(err as Error).message}`);
  process.exit(2);
}
const rows: object[] = [];
const print = (row: object) => {
  rows.push(row);
  console.log(JSON.stringify(row));
};
const trainingKeys = opts.workloads.filter((k): k is TrainingKey => k !== 'envs');
const idOf = (key: TrainingKey) => (key === 'training' ? 'training' : WORKLOAD_OF_LETTER[key]);
/** Wall-clock seconds since t0, warm-ups included: what a row costs the bench. */
const since = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;
type TrainingKey = Exclude<WorkloadKey, 'envs'>;
const errorRow = (runtime: string, backend: string, key: TrainingKey, err: unknown) => ({
  bench: key === 'training' ? 'training' : 'workload',
  id: idOf(key),
  runtime,
  backend,
  error: err instanceof Error ? err.message : String(err),
});

async function nodeBench(): Promise<void> {
  for (const backend of NODE_BACKENDS.filter((b) => opts.backends.includes(b))) {
    if (!(await tf.setBackend(backend))) {
      print({ bench: 'backend', id: 'all', runtime: 'node', backend, error: 'unavailable' });
      continue;
    }
    await tf.ready();
    for (const key of trainingKeys) {
      try {
        const w = workloads(opts).find((x) => x.id === idOf(key));
        const t0 = performance.now();
        const row = w
          ? await benchWorkload(w, 'node', opts.seconds)
          : await benchTraining('node', opts.seconds);
        print({ ...row, wallSeconds: since(t0) });
      } catch (err) {
        print(errorRow('node', backend, key, err));
      }
    }
  }
}

// --- Browser ----------------------------------------------------------------------------------

let server: ChildProcess | null = null;
/** Kills the preview server's whole process group (npx -> node -> vite); safe to call twice. */
function stopServer(): void {
  const pid = server?.pid;
  server = null;
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
process.on('exit', stopServer);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const)
  process.on(signal, () => {
    stopServer();
    process.exit(code);
  });

async function responds(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function startServer(port: number): Promise<string> {
  const url = `http://127.0.0.1:${port}/`;
  if (await responds(url))
    throw new Error(`port ${port} already serves something; set BENCH_PORT to a free port`);
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
  const args = ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const child = spawn('npx', args, { stdio: 'ignore', detached: true });
  server = child;
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  for (let i = 0; i < 150; i++) {
    if (exited !== null) throw new Error(`vite preview exited (code ${exited}) on port ${port}`);
    if (await responds(url)) return url;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not start at ${url}`);
}

interface BenchWindow {
  __bench: {
    init(backend: string): Promise<{ type: string; message?: string; info?: object }>;
    run(req: object): Promise<Record<string, unknown>>;
    runApp(req: object): Promise<Record<string, unknown>>;
  };
}

/** A fresh bench page with its worker on `backend`, or the reason it could not get one. */
async function openPage(browser: Browser, url: string, backend: string): Promise<Page | string> {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}bench.html`);
    await page.waitForFunction(() => (window as unknown as Partial<BenchWindow>).__bench);
    const answer = await page.evaluate(
      (b) => (window as unknown as BenchWindow).__bench.init(b),
      backend,
    );
    if (answer.type === 'ready') return page;
    await page.close();
    return answer.message ?? 'unavailable';
  } catch (err) {
    await page.close().catch(() => {});
    return (err as Error).message;
  }
}

function withTimeout<T>(p: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer after ${seconds} s`)),
      seconds * 1000,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function browserBench(): Promise<void> {
  let browser: Browser | null = null;
  try {
    const url = await startServer(opts.port);
    const { chromium } = await import('@playwright/test');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    for (const backend of opts.backends) {
      // Each workload gets a fresh page, so a fresh worker and tfjs backend: one workload's
      // memory (a GPU device's buffer pool, the wasm heap) does not carry into the next. On
      // SwiftShader, tfjs-backend-webgpu's uploads started failing (createBuffer with
      // mappedAtCreation refused even at 512 KB) after the 2048 workload ran on the same device.
      for (const key of trainingKeys) {
        const page = await openPage(browser, url, backend);
        if (typeof page === 'string') {
          print(errorRow('chromium', backend, key, `no page on ${backend}: ${page}`));
          continue;
        }
        const req = {
          type: 'run',
          workload: idOf(key),
          seconds: opts.seconds,
          neuralEpisodeCap: opts.neuralEpisodeCap,
        };
        try {
          const t0 = performance.now();
          const row = await withTimeout(
            page.evaluate((r) => (window as unknown as BenchWindow).__bench.run(r), req),
            opts.workloadTimeoutSeconds,
            `chromium ${backend} ${key}`,
          );
          print(
            typeof row.error === 'string'
              ? { ...errorRow('chromium', backend, key, row.error), mainThread: row.mainThread }
              : { ...row, wallSeconds: since(t0) },
          );
          if (appBenchApplies(key, backend, opts.backends)) {
            const t1 = performance.now();
            const app = await withTimeout(
              page.evaluate((r) => (window as unknown as BenchWindow).__bench.runApp(r), {
                ...req,
                backend,
              }),
              opts.workloadTimeoutSeconds,
              `chromium ${backend} ${key} (app)`,
            );
            print(
              typeof app.error === 'string'
                ? { ...errorRow('chromium', backend, key, app.error), bench: 'app' }
                : { ...app, wallSeconds: since(t1) },
            );
          }
        } catch (err) {
          // The page crashed or hangs: report it; the next workload has its own page anyway.
          print(errorRow('chromium', backend, key, err));
        } finally {
          await page.close().catch(() => {});
        }
      }
    }
  } finally {
    await browser?.close();
    stopServer();
  }
}

const started = performance.now();
if (opts.node) {
  await nodeBench();
  if (opts.workloads.includes('envs'))
    for (const row of benchEnvironments({})) print({ bench: 'envs', runtime: 'node', ...row });
}
if (opts.browser) {
  try {
    await browserBench();
  } catch (err) {
    print({
      bench: 'browser',
      id: 'all',
      runtime: 'chromium',
      backend: 'all',
      error: (err as Error).message,
    });
  }
}
console.log(
  JSON.stringify({
    ...summarize(rows),
    seconds: since(started),
    options: opts,
  }),
);

/**
 * `npm run bench`: prints one JSON line per measurement.
 * - Node, backends cpu and wasm: the training workload (ours vs the naive reference), then the
 *   workloads (a)-(d) of bench/workloads.ts (`bench: 'workload'`): tabular ones against the
 *   hand-written loop and 1 run vs 16 runs, neural ones against the naive reference.
 * - Headless Chromium, each backend the browser offers (webgpu, wasm, webgl, cpu): the fixed
 *   training workload only. (a)-(d) run in Node only: four backends x four workloads x three
 *   measurements would take several minutes at BENCH_SECONDS=3 (well over the ~2 minutes the
 *   browser part is allowed), and the neural references alone need a few seconds each.
 * - Node: environment stepping, vectorized envs vs plain loops (bench/envs.ts).
 * Ratios compare implementations measured in the same run, so they hold on a busy machine.
 *
 * Options (env vars): BENCH_SECONDS (default 3) per measurement; BENCH_BROWSER=0 skips Chromium;
 * BENCH_NEURAL_CAP (default 16) cuts the 2048 and Sokoban episodes (bench/workloads.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawn, spawnSync } from 'node:child_process';
import { benchTraining, benchWorkload } from './training';
import { workloads } from './workloads';
import { benchEnvironments } from './envs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/browser';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const neuralEpisodeCap = Number(process.env.BENCH_NEURAL_CAP ?? 16);
const print = (row: object) => console.log(JSON.stringify(row));

async function nodeTraining(): Promise<void> {
  for (const backend of ['cpu', 'wasm']) {
    if (!(await tf.setBackend(backend))) {
      print({ bench: 'training', runtime: 'node', backend, error: 'backend unavailable' });
      continue;
    }
    await tf.ready();
    print(await benchTraining('node', seconds));
    for (const w of workloads({ neuralEpisodeCap })) {
      try {
        print(await benchWorkload(w, 'node', seconds));
      } catch (err) {
        print({
          bench: 'workload',
          id: w.id,
          runtime: 'node',
          backend,
          error: (err as Error).message,
        });
      }
    }
  }
}

async function browserTraining(): Promise<void> {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
  const port = 4179;
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    await waitForServer(`http://127.0.0.1:${port}/`);
    for (const backend of ['webgpu', 'wasm', 'webgl', 'cpu']) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/bench.html?backend=${backend}&seconds=${seconds}`);
      const handle = await page.waitForFunction(
        () => (window as unknown as { __bench?: unknown }).__bench,
        null,
        {
          timeout: 600_000,
        },
      );
      print((await handle.jsonValue()) as object);
      await page.close();
    }
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not start at ${url}`);
}

await nodeTraining();
for (const row of benchEnvironments({})) print({ bench: 'envs', runtime: 'node', ...row });
if (process.env.BENCH_BROWSER !== '0') await browserTraining();

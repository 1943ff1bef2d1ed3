/**
 * `npm run bench` options, read from environment variables (parsed here, pure, so a typo gives
 * a clear message instead of a silently different bench).
 */
import type { WorkloadId } from './workloads';

export const ALL_BACKENDS = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type BenchBackend = (typeof ALL_BACKENDS)[number];

/** What BENCH_WORKLOADS names: the fixed MLP bandit training workload, (a)-(d), env stepping. */
export const WORKLOAD_KEYS = ['training', 'a', 'b', 'c', 'd', 'envs'] as const;
export type WorkloadKey = (typeof WORKLOAD_KEYS)[number];
/** The workload id of each letter (bench/workloads.ts). */
export const WORKLOAD_OF_LETTER: Record<'a' | 'b' | 'c' | 'd', WorkloadId> = {
  a: 'bandit10',
  b: 'frozenlake8x8',
  c: '2048',
  d: 'sokoban7x7',
};

export interface BenchOptions {
  /** Seconds per measurement (BENCH_SECONDS, default 3). */
  readonly seconds: number;
  /** Episode cap of (c) and (d) (BENCH_NEURAL_CAP, default 16). */
  readonly neuralEpisodeCap: number;
  /** BENCH_BACKENDS, default all; Node runs the ones of cpu, wasm among them. */
  readonly backends: readonly BenchBackend[];
  /** BENCH_WORKLOADS, default all. */
  readonly workloads: readonly WorkloadKey[];
  /** BENCH_NODE=0 skips Node, BENCH_BROWSER=0 skips Chromium. */
  readonly node: boolean;
  readonly browser: boolean;
  /** Port of the vite preview server the browser part starts (BENCH_PORT, default 4179). */
  readonly port: number;
  /** A browser workload still running after this many seconds is abandoned (default 600). */
  readonly workloadTimeoutSeconds: number;
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0) || !Number.isFinite(value))
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function list<T extends string>(
  env: Record<string, string | undefined>,
  name: string,
  allowed: readonly T[],
  aliases: Record<string, T> = {},
): T[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [...allowed];
  const picked = raw.split(',').map((s) => s.trim().toLowerCase());
  for (const p of picked)
    if (!allowed.includes(p as T) && !(p in aliases))
      throw new Error(
        `${name}: unknown "${p}"; use a comma-separated list of ${allowed.join(', ')}`,
      );
  const wanted = new Set(picked.map((p) => aliases[p] ?? (p as T)));
  // Keep the canonical order whatever order was given.
  return allowed.filter((a) => wanted.has(a));
}

function flag(env: Record<string, string | undefined>, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '1') return true;
  if (raw === '0') return false;
  throw new Error(`${name} must be 0 or 1, got "${raw}"`);
}

export function parseBenchOptions(env: Record<string, string | undefined>): BenchOptions {
  const port = positive(env, 'BENCH_PORT', 4179);
  if (!Number.isInteger(port) || port > 65535)
    throw new Error(`BENCH_PORT must be a port number, got "${env.BENCH_PORT}"`);
  const idAliases = Object.fromEntries(
    Object.entries(WORKLOAD_OF_LETTER).map(([letter, id]) => [id, letter as WorkloadKey]),
  );
  return {
    seconds: positive(env, 'BENCH_SECONDS', 3),
    neuralEpisodeCap: Math.ceil(positive(env, 'BENCH_NEURAL_CAP', 16)),
    backends: list(env, 'BENCH_BACKENDS', ALL_BACKENDS),
    workloads: list(env, 'BENCH_WORKLOADS', WORKLOAD_KEYS, idAliases),
    node: flag(env, 'BENCH_NODE'),
    browser: flag(env, 'BENCH_BROWSER'),
    port,
    workloadTimeoutSeconds: positive(env, 'BENCH_WORKLOAD_TIMEOUT', 600),
  };
}

/**
 * Where the browser bench also measures training as the app does it (bench/app.ts): the app deals
 * runs to several workers for tabular policies on any backend (measured once: on wasm, which
 * starts fastest, else on the first backend benched) and for networks on the CPU backends; on webgpu and webgl one worker trains
 * networks (one device), which the usual row already measures.
 */
export function appBenchApplies(
  key: WorkloadKey,
  backend: BenchBackend,
  backends: readonly BenchBackend[],
): boolean {
  if (key === 'envs') return false;
  if (key === 'a' || key === 'b')
    return backend === (backends.includes('wasm') ? 'wasm' : backends[0]);
  return backend === 'wasm' || backend === 'cpu';
}

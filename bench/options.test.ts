import { describe, expect, it } from 'vitest';
import { appBenchApplies, parseBenchOptions, type WorkloadKey } from './options';

describe('parseBenchOptions', () => {
  it('defaults: 3 s, cap 16, every backend and workload, both sides, port 4179', () => {
    expect(parseBenchOptions({})).toEqual({
      seconds: 3,
      neuralEpisodeCap: 16,
      backends: ['webgpu', 'wasm', 'webgl', 'cpu'],
      workloads: ['training', 'a', 'b', 'c', 'd', 'envs'],
      node: true,
      browser: true,
      port: 4179,
      workloadTimeoutSeconds: 600,
    });
  });

  it('reads the lists in any order and case, keeping the canonical order; ids alias letters', () => {
    const o = parseBenchOptions({
      BENCH_BACKENDS: 'WASM, webgpu',
      BENCH_WORKLOADS: 'c,training,bandit10',
      BENCH_SECONDS: '1',
      BENCH_NEURAL_CAP: '4',
      BENCH_PORT: '4283',
      BENCH_BROWSER: '0',
    });
    expect(o.backends).toEqual(['webgpu', 'wasm']);
    expect(o.workloads).toEqual(['training', 'a', 'c']);
    expect([o.seconds, o.neuralEpisodeCap, o.port, o.browser, o.node]).toEqual([
      1,
      4,
      4283,
      false,
      true,
    ]);
  });

  it('rejects unknown names and bad numbers with the variable in the message', () => {
    expect(() => parseBenchOptions({ BENCH_BACKENDS: 'wasm,metal' })).toThrow(
      /BENCH_BACKENDS: unknown "metal"/,
    );
    expect(() => parseBenchOptions({ BENCH_WORKLOADS: 'e' })).toThrow(/BENCH_WORKLOADS/);
    expect(() => parseBenchOptions({ BENCH_SECONDS: 'abc' })).toThrow(/BENCH_SECONDS/);
    expect(() => parseBenchOptions({ BENCH_PORT: '70000' })).toThrow(/BENCH_PORT/);
    expect(() => parseBenchOptions({ BENCH_BROWSER: 'no' })).toThrow(/BENCH_BROWSER must be 0/);
  });

  it('measures the app (several workers) where it deals runs: tabular once, networks on CPU backends', () => {
    const all = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
    const where = (key: WorkloadKey) => all.filter((b) => appBenchApplies(key, b, all));
    expect(where('a')).toEqual(['wasm']);
    expect(where('b')).toEqual(['wasm']);
    expect(where('c')).toEqual(['wasm', 'cpu']);
    expect(where('training')).toEqual(['wasm', 'cpu']);
    expect(where('envs')).toEqual([]);
    expect(appBenchApplies('a', 'cpu', ['cpu'])).toBe(true);
  });
});

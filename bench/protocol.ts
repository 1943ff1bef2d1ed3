/** Messages between the bench page (bench/browser.ts) and its worker (bench/bench.worker.ts). */
import type { BackendInfo } from '../src/workers/protocol';
import type { BenchRow } from './training';
import type { WorkloadId } from './workloads';

export type BenchRequest =
  /** Pick the backend; the worker answers 'ready' (with what it got) or 'error'. */
  | { readonly type: 'init'; readonly backend: string }
  | {
      readonly type: 'run';
      readonly workload: 'training' | WorkloadId;
      readonly seconds: number;
      readonly neuralEpisodeCap: number;
    };

export type BenchReply =
  | { readonly type: 'ready'; readonly info: BackendInfo }
  | { readonly type: 'row'; readonly row: BenchRow }
  | { readonly type: 'error'; readonly message: string };

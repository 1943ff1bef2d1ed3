import type { MicroscopeConfig, MicroscopeResult } from '../core/microscope/microscope';
import type { SweepAxis, SweepRow } from '../core/microscope/sweep';

/** Messages between the UI and the microscope worker (microscope.worker.ts). */
export interface MicroscopeRequest {
  readonly type: 'look';
  /** Increasing request number: answers to older requests are stale. */
  readonly id: number;
  readonly config: MicroscopeConfig;
  readonly sweepAxis: SweepAxis;
}

export type MicroscopeAnswer =
  | {
      readonly type: 'look';
      readonly id: number;
      readonly result: MicroscopeResult;
      readonly ms: number;
    }
  | { readonly type: 'sweep'; readonly id: number; readonly rows: SweepRow[]; readonly ms: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

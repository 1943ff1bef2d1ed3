import { useEffect, useRef, useState } from 'react';
import type { MicroscopeConfig, MicroscopeResult } from '../../core/microscope/microscope';
import type { SweepAxis, SweepRow } from '../../core/microscope/sweep';
import type { MicroscopeAnswer, MicroscopeRequest } from '../../workers/microscopeProtocol';

interface Answers {
  readonly result: MicroscopeResult | null;
  readonly sweep: SweepRow[] | null;
  /** Which request (config and axis, as JSON) the result and the sweep answer. */
  readonly resultKey: string | null;
  readonly sweepKey: string | null;
  readonly error: string | null;
  /** Worker milliseconds of the last look and sweep. */
  readonly lookMs: number | null;
  readonly sweepMs: number | null;
}

export interface MicroscopeView extends Answers {
  /** The look and the sweep shown belong to an older request. */
  readonly lookPending: boolean;
  readonly sweepPending: boolean;
}

/**
 * Posts every new config to the microscope worker (started with the first Microscope view, ended
 * with it) and keeps the newest answers. A null config (invalid settings) posts nothing.
 */
export function useMicroscopeWorker(config: MicroscopeConfig | null, sweepAxis: SweepAxis) {
  const worker = useRef<Worker | null>(null);
  const sent = useRef(0);
  /** The request key of each request number still in flight. */
  const keys = useRef(new Map<number, string>());
  const [view, setView] = useState<Answers>({
    result: null,
    sweep: null,
    resultKey: null,
    sweepKey: null,
    error: null,
    lookMs: null,
    sweepMs: null,
  });

  useEffect(() => {
    const w = new Worker(new URL('../../workers/microscope.worker.ts', import.meta.url), {
      type: 'module',
    });
    w.onmessage = (e: MessageEvent<MicroscopeAnswer>) => {
      const msg = e.data;
      if (msg.id !== sent.current) return; // stale: a newer request is on its way
      const key = keys.current.get(msg.id) ?? null;
      setView((v) =>
        msg.type === 'look'
          ? { ...v, result: msg.result, resultKey: key, error: null, lookMs: msg.ms }
          : msg.type === 'sweep'
            ? { ...v, sweep: msg.rows, sweepKey: key, sweepMs: msg.ms }
            : { ...v, error: msg.message, resultKey: key, sweepKey: key },
      );
    };
    w.onerror = (e) => {
      e.preventDefault();
      setView((v) => ({
        ...v,
        error: `The microscope worker failed: ${e.message || 'unknown error'}`,
      }));
    };
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  const key = config ? JSON.stringify([config, sweepAxis]) : null;
  useEffect(() => {
    if (!key || !worker.current) return;
    const [cfg, axis] = JSON.parse(key) as [MicroscopeConfig, SweepAxis];
    sent.current += 1;
    keys.current.clear();
    keys.current.set(sent.current, key);
    const msg: MicroscopeRequest = { type: 'look', id: sent.current, config: cfg, sweepAxis: axis };
    worker.current.postMessage(msg);
  }, [key]);

  return {
    ...view,
    lookPending: key !== null && view.resultKey !== key,
    sweepPending: key !== null && view.sweepKey !== key,
  } satisfies MicroscopeView;
}

/// <reference lib="webworker" />
import { runMicroscope } from '../core/microscope/microscope';
import { sweepMicroscope, sweepPlan, type SweepRow } from '../core/microscope/sweep';
import type { MicroscopeAnswer, MicroscopeRequest } from './microscopeProtocol';

/**
 * The microscope's worker. One look (M = 500 batches of 16 pulls, 5 estimators) takes 30-100 ms
 * and a batch-size sweep about 2 s in Node on this 2-core machine: too long for the main thread
 * while the student drags the policy point. Requests arrive faster than they are answered, so
 * only the newest is worked on: the look first (posted at once), then the sweep one point at a
 * time, giving way as soon as a newer request is waiting.
 */
declare const self: DedicatedWorkerGlobalScope;

let latest: MicroscopeRequest | null = null;
let working = false;

const post = (msg: MicroscopeAnswer) => self.postMessage(msg);
/** Lets queued messages in (they update `latest`) before going on. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function work(): Promise<void> {
  working = true;
  while (latest) {
    const req = latest;
    latest = null;
    try {
      let t = performance.now();
      const result = runMicroscope(req.config);
      post({ type: 'look', id: req.id, result, ms: performance.now() - t });
      t = performance.now();
      const rows: SweepRow[] = [];
      for (const point of sweepPlan(req.config, req.sweepAxis)) {
        await yieldToMessages();
        if (latest) break;
        rows.push(...sweepMicroscope(req.config, req.sweepAxis, [point]));
      }
      if (!latest) post({ type: 'sweep', id: req.id, rows, ms: performance.now() - t });
    } catch (e) {
      post({ type: 'error', id: req.id, message: (e as Error).message });
    }
    await yieldToMessages();
  }
  working = false;
}

self.onmessage = (e: MessageEvent<MicroscopeRequest>) => {
  latest = e.data;
  if (!working) void work();
};

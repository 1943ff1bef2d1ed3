/// <reference lib="webworker" />
/**
 * The worker of the browser bench: picks the backend once ('init'), then runs the workloads the
 * page asks for ('run') one at a time, answering with the row or the error. The same code as the
 * Node bench (bench/training.ts), so Node and Chromium figures compare like for like.
 */
import { chooseBackend } from '../src/workers/backend';
import type { BackendChoice } from '../src/workers/protocol';
import type { BenchReply, BenchRequest } from './protocol';
import { benchTraining, benchWorkload } from './training';
import { workloads } from './workloads';

declare const self: DedicatedWorkerGlobalScope;

const reply = (m: BenchReply) => self.postMessage(m);

async function handle(req: BenchRequest): Promise<BenchReply> {
  if (req.type === 'init') {
    const info = await chooseBackend(req.backend as BackendChoice);
    // chooseBackend falls back to another backend; the bench wants exactly the one asked for.
    if (info.backend !== req.backend)
      return {
        type: 'error',
        message: `backend ${req.backend} unavailable (${info.notices.join(' ')})`,
      };
    return { type: 'ready', info };
  }
  if (req.workload === 'training')
    return { type: 'row', row: await benchTraining('chromium', req.seconds) };
  const w = workloads({ neuralEpisodeCap: req.neuralEpisodeCap }).find(
    (x) => x.id === req.workload,
  );
  if (!w) return { type: 'error', message: `unknown workload ${req.workload}` };
  return { type: 'row', row: await benchWorkload(w, 'chromium', req.seconds) };
}

self.onmessage = async (e: MessageEvent<BenchRequest>) => {
  try {
    reply(await handle(e.data));
  } catch (err) {
    reply({ type: 'error', message: (err as Error).message });
  }
};

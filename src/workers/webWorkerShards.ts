import type { FromShard } from './protocol';
import type { SpawnShard } from './shards';

/** Training workers as Web Workers (the app's client.ts and the bench page). */
export const spawnWebWorker: SpawnShard = (_index, receive, failed) => {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<FromShard>) => receive(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    failed(e.message || 'unknown error');
  };
  worker.onmessageerror = () => failed('a message from it could not be read');
  return {
    post: (msg, transfer = []) => worker.postMessage(msg, transfer),
    terminate: () => worker.terminate(),
  };
};

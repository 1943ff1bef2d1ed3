/// <reference lib="webworker" />
import { createTrainingWorker } from './trainingWorker';
import type { ToShard } from './protocol';

/**
 * The training worker: owns every tensor, runs the trainer, and streams metric frames to the UI
 * (or to the coordinator of a sharded experiment, shards.ts). Training never runs on the main
 * thread, so the page stays responsive whatever the speed.
 */
declare const self: DedicatedWorkerGlobalScope;

const worker = createTrainingWorker((msg, transfer) => self.postMessage(msg, transfer));
self.onmessage = (event: MessageEvent<ToShard>) => worker.receive(event.data);
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  worker.fail(event.reason);
});

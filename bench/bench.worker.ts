/// <reference lib="webworker" />
import { chooseBackend } from '../src/workers/backend';
import type { BackendChoice } from '../src/workers/protocol';
import { benchTraining } from './training';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (e: MessageEvent<{ backend: BackendChoice; seconds: number }>) => {
  try {
    const info = await chooseBackend(e.data.backend);
    if (info.backend !== e.data.backend) {
      self.postMessage({
        bench: 'training',
        runtime: 'chromium',
        backend: e.data.backend,
        error: 'unavailable',
        notices: info.notices,
      });
      return;
    }
    const row = await benchTraining('chromium', e.data.seconds);
    self.postMessage({ ...row, adapter: info.adapter, reason: info.reason });
  } catch (err) {
    self.postMessage({
      bench: 'training',
      runtime: 'chromium',
      backend: e.data.backend,
      error: (err as Error).message,
    });
  }
};

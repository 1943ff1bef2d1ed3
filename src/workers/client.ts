import { useExplanation } from '../store/explanation';
import { flushViews, useTraining } from '../store/training';
import type { BackendChoice, FromWorker, ToWorker } from './protocol';

/**
 * The UI's side of the worker: starts it, forwards commands, and feeds the stores. Lives outside
 * React components (zustand docs: side effects outside components).
 */
let worker: Worker | null = null;

function onMessage(msg: FromWorker): void {
  const store = useTraining.getState();
  switch (msg.type) {
    case 'backend':
      useTraining.setState({ backend: msg.info });
      msg.info.notices.forEach((n) => store.addNotice(n));
      return;
    case 'status':
      if (msg.state !== 'running') flushViews();
      useTraining.setState({ workerState: msg.state });
      return;
    case 'frame':
      store.ingestFrame(msg);
      return;
    case 'configError':
      useTraining.setState({ configProblems: msg.problems });
      return;
    case 'error': {
      useTraining.setState({ error: msg.message });
      const explaining = useExplanation.getState();
      if (explaining.pending && explaining.runId)
        explaining.received(explaining.runId, null, msg.message);
      return;
    }
    case 'notice':
      store.addNotice(msg.message);
      return;
    case 'explanation':
      useExplanation.getState().received(msg.run, msg.explanation, msg.problem);
      return;
  }
}

export function startWorker(backend: BackendChoice): void {
  worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    useTraining.setState({
      error: `The training worker failed: ${e.message || 'unknown error'}`,
      workerState: 'stopped',
    });
  };
  worker.onmessageerror = () =>
    useTraining.setState({ error: 'A message from the training worker could not be read.' });
  send({ type: 'init', backend });
}

export function send(msg: ToWorker): void {
  if (!worker) throw new Error('training worker not started');
  worker.postMessage(msg);
}

import { useExplanation } from '../store/explanation';
import { flushViews, useTraining } from '../store/training';
import type { BackendChoice, FromWorker, ToWorker } from './protocol';
import { TrainingCoordinator } from './shards';
import { spawnWebWorker } from './webWorkerShards';

/**
 * The UI's side of the worker: starts it, forwards commands, and feeds the stores. Lives outside
 * React components (zustand docs: side effects outside components).
 */
let coordinator: TrainingCoordinator | null = null;

function onMessage(msg: FromWorker): void {
  const store = useTraining.getState();
  switch (msg.type) {
    case 'backend':
      useTraining.setState({ backend: msg.info });
      msg.info.notices.forEach((n) => store.addNotice(n));
      return;
    case 'status':
      if (msg.state !== 'running') flushViews();
      if (msg.state !== store.workerState)
        useTraining.setState({ workerState: msg.state, workerStateSince: performance.now() });
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
    case 'workers':
      useTraining.setState({ trainingWorkers: { count: msg.count, reason: msg.reason } });
      return;
  }
}

/** Starts the training worker(s): up to `maxWorkers` train an experiment's runs together. */
export function startWorker(backend: BackendChoice, maxWorkers: number): void {
  coordinator = new TrainingCoordinator({
    emit: onMessage,
    maxWorkers,
    spawn: spawnWebWorker,
  });
  send({ type: 'init', backend });
}

export function send(msg: ToWorker): void {
  if (!coordinator) throw new Error('training worker not started');
  coordinator.send(msg);
}

import type { FromShard, ToShard } from './protocol';
import type { SpawnShard } from './shards';
import { createTrainingWorker, type TrainingWorker } from './trainingWorker';

/**
 * Training workers in this process, for Node tests of the coordinator (shards.test.ts,
 * bench/app.test.ts): messages go through timers, in order, as between threads. `crash(i)` makes
 * worker i fail as a crashed Web Worker would (onerror), and stops delivering its messages.
 */
export function inProcessWorkers(
  /** Sees each message before worker `index` gets it (tests crash a worker at a given point). */
  beforeDelivery: (index: number, msg: ToShard) => void = () => {},
): {
  spawn: SpawnShard;
  workers: TrainingWorker[];
  crash: (index: number, message: string) => void;
} {
  const workers: TrainingWorker[] = [];
  const failures: ((message: string) => void)[] = [];
  const spawn: SpawnShard = (index, onMessage, onFailure) => {
    let alive = true;
    const worker = createTrainingWorker((msg: FromShard) =>
      setTimeout(() => alive && onMessage(msg), 0),
    );
    workers[index] = worker;
    failures[index] = (message) => {
      alive = false;
      onFailure(message);
    };
    return {
      post: (msg: ToShard) =>
        setTimeout(() => {
          if (alive) beforeDelivery(index, msg);
          if (alive) worker.receive(msg);
        }, 0),
      terminate: () => {
        if (alive) worker.receive({ type: 'stop' });
        alive = false;
      },
    };
  };
  return { spawn, workers, crash: (i, m) => failures[i](m) };
}

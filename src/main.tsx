import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { useTraining } from './store/training';
import { parsePageParams } from './urlParams';
import { readExperimentFromUrl, startUrlSync } from './urlSync';
import { send, startWorker } from './workers/client';
import './styles.css';

const params = parsePageParams(window.location.search);
params.notices.forEach((n) => useTraining.getState().addNotice(n));
readExperimentFromUrl();
startUrlSync();
try {
  // One worker per core by default (a class's 4-8 estimators x 3-5 seeds use the whole laptop).
  startWorker(params.backend, params.workers ?? Math.min(8, navigator.hardwareConcurrency || 1));
} catch (e) {
  useTraining.setState({ error: `The training worker could not start: ${(e as Error).message}` });
}

// A small hook for tests and curious users in the console: post a raw message to the worker.
(window as unknown as { __playground: { send: typeof send } }).__playground = { send };

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

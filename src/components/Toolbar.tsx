import { useEffect } from 'react';
import { toTrainConfig } from '../core/experiment/trainConfig';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { send } from '../workers/client';

/** Start / Pause / Resume / Step / Reset, with keyboard shortcuts for teaching at a projector. */
export function Toolbar() {
  const workerState = useTraining((s) => s.workerState);
  const updates = useTraining((s) => s.updates);
  const backendReady = useTraining((s) => s.backend !== null);

  const running = workerState === 'running';
  const paused = workerState === 'paused';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === ' ') {
        e.preventDefault();
        startPauseResume();
      } else if (e.key === 's' || e.key === '.') stepOnce();
      else if (e.key === 'r') resetTraining();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="toolbar" role="toolbar" aria-label="Training controls">
      <button
        type="button"
        className="primary"
        onClick={startPauseResume}
        disabled={!backendReady}
        title="Start, pause or resume training (Space)"
      >
        {running ? 'Pause' : paused ? 'Resume' : 'Start'}
      </button>
      <button
        type="button"
        onClick={stepOnce}
        disabled={!backendReady || running}
        title="Run exactly one update (S)"
      >
        Step
      </button>
      <button
        type="button"
        onClick={resetTraining}
        disabled={!backendReady}
        title="Stop and clear all runs (R)"
      >
        Reset
      </button>
      <span className="status" aria-live="polite">
        <span data-testid="worker-state">{workerState}</span> · update{' '}
        <span data-testid="update-count">{updates}</span>
      </span>
      <span className="shortcuts">Space start/pause · S step · R reset</span>
    </div>
  );
}

/** Starts training the current experiment; false (with the problems shown) if it cannot. */
function startTraining(paused: boolean): boolean {
  const { experiment } = useExperiment.getState();
  const training = useTraining.getState();
  training.reset();
  training.clearError();
  const result = toTrainConfig(experiment);
  if ('problems' in result) {
    useTraining.setState({ configProblems: result.problems });
    return false;
  }
  send({
    type: 'start',
    config: result.config,
    maxUpdates: experiment.maxUpdates,
    updatesPerSecond: experiment.updatesPerSecond,
    paused,
  });
  return true;
}

export function startPauseResume(): void {
  const state = useTraining.getState().workerState;
  if (state === 'running') send({ type: 'pause' });
  else if (state === 'paused') send({ type: 'resume' });
  else startTraining(false);
}

export function stepOnce(): void {
  const state = useTraining.getState().workerState;
  if (state === 'running') return;
  if (state === 'paused' || state === 'finished') send({ type: 'step' });
  else if (startTraining(true)) send({ type: 'step' });
}

export function resetTraining(): void {
  send({ type: 'stop' });
  useTraining.getState().reset();
  useTraining.getState().clearError();
}

import { useEffect } from 'react';
import { toTrainConfig } from '../core/experiment/trainConfig';
import { useExperiment } from '../store/experiment';
import { useExplanation } from '../store/explanation';
import { useTraining } from '../store/training';
import { send } from '../workers/client';

/** Start / Pause / Resume / Step / Reset, with keyboard shortcuts for teaching at a projector. */
export function Toolbar() {
  const workerState = useTraining((s) => s.workerState);
  const updates = useTraining((s) => s.updates);
  const backendReady = useTraining((s) => s.backend !== null);
  const policyKind = useExperiment((s) => s.experiment.policy.kind);

  const running = workerState === 'running';
  const paused = workerState === 'paused';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      // The step-by-step view has its own keys (arrows, Esc) and covers the training controls.
      if (useExplanation.getState().open) return;
      if (e.key === ' ') {
        e.preventDefault();
        startPauseResume();
      } else if (e.key === 's' || e.key === '.') stepOnce();
      else if (e.key === 'r') resetTraining();
      else if (e.key === 'e') explainStep();
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
      <span
        title={
          policyKind === 'tabular'
            ? 'Run one update and walk through it: episodes, returns, baseline, advantages, gradient, new policy (E)'
            : `Step-by-step explanations need a tabular policy (bandits, small gridworlds); this experiment uses ${policyKind === 'mlp' ? 'an MLP' : 'a CNN'}`
        }
      >
        {/* Not named "Step ...": tests and screen readers find the Step button by that word. */}
        <button
          type="button"
          data-testid="explain-step"
          onClick={() => explainStep()}
          disabled={!backendReady || policyKind !== 'tabular'}
        >
          Walk through one update
        </button>
      </span>
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
      <span className="shortcuts">Space start/pause · S step · E explain a step · R reset</span>
    </div>
  );
}

/** Starts training the current experiment; false (with the problems shown) if it cannot. */
function startTraining(paused: boolean): boolean {
  const { experiment } = useExperiment.getState();
  const training = useTraining.getState();
  training.reset(experiment.maxUpdates);
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

/**
 * How long after training finishes Start ignores its button and Space: a click meant to pause
 * (the button said Pause a moment ago) would otherwise start again and clear every chart.
 */
export const FINISHED_GRACE_MS = 600;

/** What the Start / Pause / Resume button (and Space) does in `state`, `msInState` after entering it. */
export function startButtonAction(
  state: string,
  msInState: number,
): 'pause' | 'resume' | 'start' | 'none' {
  if (state === 'running') return 'pause';
  if (state === 'paused') return 'resume';
  if (state === 'finished' && msInState < FINISHED_GRACE_MS) return 'none';
  return 'start';
}

export function startPauseResume(): void {
  const { workerState, workerStateSince } = useTraining.getState();
  const action = startButtonAction(workerState, performance.now() - workerStateSince);
  if (action === 'pause') send({ type: 'pause' });
  else if (action === 'resume') send({ type: 'resume' });
  else if (action === 'start') startTraining(false);
}

export function stepOnce(): void {
  const state = useTraining.getState().workerState;
  if (state === 'running') return;
  if (state === 'paused' || state === 'finished') send({ type: 'step' });
  else if (startTraining(true)) send({ type: 'step' });
}

/**
 * Runs one update and opens the step-by-step view of it for run `runId` (default: the run shown
 * last, else the first). Pauses a running training first; starts a paused one if none runs.
 */
export function explainStep(runId?: string): void {
  const { experiment } = useExperiment.getState();
  if (experiment.policy.kind !== 'tabular') return;
  const shown = useExplanation.getState().runId;
  const id =
    runId ?? (experiment.runs.some((r) => r.id === shown) ? shown : experiment.runs[0]?.id);
  if (!id) return;
  const state = useTraining.getState().workerState;
  if (state !== 'running' && state !== 'paused' && state !== 'finished' && !startTraining(true))
    return;
  useExplanation.getState().requested(id);
  send({ type: 'explainStep', run: id });
}

/**
 * Starts the experiment afresh, paused, runs `update - 1` updates and explains update `update`
 * for run `runId` (a stepper link). The worker handles messages in order, so the explained
 * update is the linked one; the runs' seeds make it the same update on every machine.
 */
export function openUpdate(runId: string, update: number): void {
  if (useExperiment.getState().experiment.policy.kind !== 'tabular') return;
  if (!startTraining(true)) return;
  for (let k = 1; k < update; k++) send({ type: 'step' });
  useExplanation.getState().requested(runId);
  send({ type: 'explainStep', run: runId });
}

export function resetTraining(): void {
  send({ type: 'stop' });
  useTraining.getState().reset();
  useTraining.getState().clearError();
}

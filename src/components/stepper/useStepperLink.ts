import { useEffect } from 'react';
import { useExperiment } from '../../store/experiment';
import { useTraining } from '../../store/training';
import { useView } from '../../store/view';
import { openUpdate } from '../Toolbar';

/**
 * Opens a stepper link (view=stepper) once the training worker has its backend: trains the
 * linked experiment paused up to the update before the linked one, then explains that update.
 */
export function useStepperLink(): void {
  const pending = useView((s) => s.pendingStepper);
  const backendReady = useTraining((s) => s.backend !== null);
  useEffect(() => {
    if (!pending || !backendReady) return;
    useView.getState().setPendingStepper(null);
    const run = useExperiment.getState().experiment.runs[pending.run - 1];
    if (run) openUpdate(run.id, pending.update);
  }, [pending, backendReady]);
}

import { useMemo } from 'react';
import { useExperiment } from '../store/experiment';
import { runColors } from './colors';

/** Each run's colour in the current experiment (see runColors): seeds share their configuration's. */
export function useRunColors(): readonly string[] {
  const runs = useExperiment((s) => s.experiment.runs);
  const episodesPerUpdate = useExperiment((s) => s.experiment.episodesPerUpdate);
  return useMemo(() => runColors(runs, episodesPerUpdate), [runs, episodesPerUpdate]);
}

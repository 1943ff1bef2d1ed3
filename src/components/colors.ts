import { configurationIndices } from '../core/experiment/seeds';
import type { RunSettings } from '../core/experiment/schema';

/** Okabe & Ito's colour-blind-safe palette (readable on a projector), one colour per run. */
export const RUN_COLORS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
];

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
}

/**
 * Each run's colour: its own, or the palette colour of its configuration, so the seeds of one
 * estimator share a colour (as they share one mean line and band) and 8 estimators x 5 seeds
 * still take 8 distinct colours.
 */
export function runColors(runs: readonly RunSettings[], episodesPerUpdate: number): string[] {
  const k = configurationIndices(runs, episodesPerUpdate);
  return runs.map((r, i) => r.color ?? runColor(k[i]));
}

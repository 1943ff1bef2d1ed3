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

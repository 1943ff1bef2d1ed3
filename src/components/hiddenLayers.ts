/** Parse the "Hidden layers" field: comma- or space-separated unit counts (HiddenLayersSchema). */
export const MAX_HIDDEN_LAYERS = 4;
export const MAX_UNITS = 1024;

export function parseHiddenLayers(text: string): { values: number[] } | { error: string } {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length > MAX_HIDDEN_LAYERS)
    return {
      error: `Hidden layers: at most ${MAX_HIDDEN_LAYERS} layers, got ${parts.length}`,
    };
  const values: number[] = [];
  for (const [k, part] of parts.entries()) {
    const units = Number(part);
    if (!Number.isInteger(units) || units < 1 || units > MAX_UNITS)
      return {
        error: `Hidden layer ${k + 1}: "${part}" is not a whole number of units from 1 to ${MAX_UNITS}`,
      };
    values.push(units);
  }
  return { values };
}

import { PRESET_LABELS, PRESET_NAMES } from '../core/estimators/presets';

/** Every estimator preset as an <option> of a select, under the name the app gives it. */
export function PresetOptions() {
  return (
    <>
      {PRESET_NAMES.map((p) => (
        <option key={p} value={p}>
          {PRESET_LABELS[p]}
        </option>
      ))}
    </>
  );
}

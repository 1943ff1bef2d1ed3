import { useEffect, useState } from 'react';
import { useTraining } from '../store/training';

let nextSlot = 0;
/** Time between two charts' redraws after new metrics arrive. */
const SLOT_MS = 35;

/**
 * The store's metrics version, delivered to each chart in its own task, a few milliseconds
 * apart: recharts finishes a chart's render and its internal store updates synchronously, so
 * redrawing a dozen charts in one task would block the main thread for the sum of them.
 */
export function useStaggeredVersion(): number {
  const version = useTraining((s) => s.version);
  const [slot] = useState(() => nextSlot++ % 16);
  const [shown, setShown] = useState(version);
  useEffect(() => {
    if (version === shown) return;
    const timer = setTimeout(() => setShown(version), slot * SLOT_MS);
    return () => clearTimeout(timer);
  }, [version, shown, slot]);
  return shown;
}

import { startTransition, useEffect, useState } from 'react';
import { useTraining } from '../store/training';

let nextSlot = 0;
/** Time between two charts' redraws after new metrics arrive. */
const SLOT_MS = 35;
/** Charts this far outside the viewport still count as visible (they are about to scroll in). */
const VISIBLE_MARGIN = '200px';

/**
 * The store's metrics version, as a chart should draw it:
 * - only while the chart is on screen (or near it): a chart scrolled out of view keeps its last
 *   drawing and catches up the moment it scrolls back, so a page of a dozen charts costs the
 *   main thread the few that are visible;
 * - in its own task, a few milliseconds after the others: recharts finishes a chart's render and
 *   its internal store updates synchronously, so redrawing a dozen charts in one task would block
 *   the main thread for the sum of them;
 * - as a transition, so React may interrupt the render for input (and for other tasks).
 */
export function useStaggeredVersion(): {
  version: number;
  /** Ref callback for the chart's element; without it the chart counts as always visible. */
  observe: (element: Element | null) => void;
} {
  const version = useTraining((s) => s.version);
  const [slot] = useState(() => nextSlot++ % 16);
  const [shown, setShown] = useState(version);
  const [element, observe] = useState<Element | null>(null);
  const visible = useOnScreen(element);
  useEffect(() => {
    if (version === shown || !visible) return;
    const timer = setTimeout(() => startTransition(() => setShown(version)), slot * SLOT_MS);
    return () => clearTimeout(timer);
  }, [version, shown, slot, visible]);
  return { version: shown, observe };
}

/** Whether the element is on screen (within VISIBLE_MARGIN); true without an element. */
function useOnScreen(element: Element | null): boolean {
  // Remembered per element: a new element counts as visible until the observer says otherwise.
  const [seen, setSeen] = useState<{ element: Element; visible: boolean } | null>(null);
  useEffect(() => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => setSeen({ element, visible: entries[entries.length - 1].isIntersecting }),
      { rootMargin: VISIBLE_MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return seen?.element === element ? seen.visible : true;
}

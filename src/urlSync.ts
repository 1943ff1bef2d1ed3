import {
  decodeExperiment,
  encodeExperiment,
  MAX_HASH_LENGTH,
  type HideableControl,
} from './core/experiment/urlCodec';
import { useExperiment } from './store/experiment';
import { useTraining } from './store/training';

/**
 * The URL hash holds the experiment (TensorFlow Playground's state.ts idea): opening a link
 * restores it, and edits rewrite the hash with history.replaceState (debounced), so editing never
 * floods the back button. Lives outside React (zustand docs: side effects outside components).
 */
const WRITE_DELAY_MS = 300;

export function readExperimentFromUrl(): void {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return;
  const { experiment, notices, hidden } = decodeExperiment(hash);
  useExperiment.getState().replace(experiment, hidden);
  notices.forEach((n) => useTraining.getState().addNotice(`Link: ${n}`));
}

/** The shareable address of the current experiment, with `hidden` controls hidden. */
export function experimentLink(
  hidden: Iterable<HideableControl> = useExperiment.getState().hidden as Set<HideableControl>,
): string {
  const hash = encodeExperiment(useExperiment.getState().experiment, hidden);
  const url = new URL(window.location.href);
  url.hash = hash;
  return url.toString();
}

export function startUrlSync(): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let warned = false;
  useExperiment.subscribe((state, prev) => {
    if (state.experiment === prev.experiment && state.hidden === prev.hidden) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const hash = encodeExperiment(state.experiment, state.hidden as Set<HideableControl>);
      if (hash.length > MAX_HASH_LENGTH) {
        if (!warned)
          useTraining
            .getState()
            .addNotice(
              `This experiment is too large for a link (${hash.length} characters; at most ${MAX_HASH_LENGTH}): export it as a results file instead.`,
            );
        warned = true;
        return;
      }
      warned = false;
      const url = new URL(window.location.href);
      url.hash = hash;
      window.history.replaceState(null, '', url);
    }, WRITE_DELAY_MS);
  });
}

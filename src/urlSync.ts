import {
  encodeExperiment,
  MAX_HASH_LENGTH,
  type HideableControl,
} from './core/experiment/urlCodec';
import { decodeLink, encodeLink, type LinkedView } from './core/experiment/viewCodec';
import { useExperiment } from './store/experiment';
import { useTraining } from './store/training';
import { useView } from './store/view';

/**
 * The URL hash holds the experiment (TensorFlow Playground's state.ts idea): opening a link
 * restores it, and edits rewrite the hash with history.replaceState (debounced), so editing never
 * floods the back button. Lives outside React (zustand docs: side effects outside components).
 */
const WRITE_DELAY_MS = 300;

export function readExperimentFromUrl(): void {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return;
  const { experiment, notices, hidden, view } = decodeLink(hash);
  useExperiment.getState().replace(experiment, hidden);
  notices.forEach((n) => useTraining.getState().addNotice(`Link: ${n}`));
  // A view link opens its view; the address then keeps only the experiment (as edits rewrite it).
  if (view?.view === 'microscope') {
    useView.getState().setMicroscope(view.microscope, 'the policy in the link');
    useView.getState().setTab('microscope');
  } else if (view?.view === 'stepper') useView.getState().setPendingStepper(view.stepper);
}

/** The shareable address of the current experiment opened on `view` (teacher-mode hiding kept). */
export function viewLink(view: LinkedView): string {
  const { experiment, hidden } = useExperiment.getState();
  const url = new URL(window.location.href);
  url.hash = encodeLink(experiment, hidden as Set<HideableControl>, view);
  return url.toString();
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

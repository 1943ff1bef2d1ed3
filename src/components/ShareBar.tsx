import { useRef, useState } from 'react';
import { exportResults, importResults, metricsToCsv } from '../core/experiment/results';
import { HIDEABLE_CONTROLS, type HideableControl } from '../core/experiment/urlCodec';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { experimentLink } from '../urlSync';
import { useVisible } from './Controls';

const CONTROL_LABELS: Record<HideableControl, string> = {
  env: 'Environment choice and settings',
  arms: 'Bandit arms',
  map: 'Gridworld map editor',
  levels: 'Sokoban levels',
  game: '2048 rules',
  policy: 'Policy (tabular / neural)',
  episodes: 'Episodes per update',
  group: 'Group size',
  budget: 'Updates to train',
  speed: 'Speed',
  runs: 'Adding and removing runs',
  runEditors: 'Run settings (estimator, learning rate, ...)',
  charts: 'Chart choice',
  layout: 'Layout',
  export: 'Export and import buttons',
};

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copy link, share with class (teacher mode), export and import of results. */
export function ShareBar() {
  const [message, setMessage] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const showExport = useVisible('export');
  const fileInput = useRef<HTMLInputElement>(null);

  const say = (text: string) => {
    setMessage(text);
    setTimeout(() => setMessage(null), 4000);
  };
  const copyLink = async (hidden?: Iterable<HideableControl>) => {
    const link = experimentLink(hidden);
    say((await copy(link)) ? 'Link copied.' : `Copy this link: ${link}`);
    return link;
  };
  const results = () => {
    const experiment = useExperiment.getState().experiment;
    const runs = useTraining.getState().exportRuns();
    const backend = useTraining.getState().backend?.backend ?? 'unknown';
    return { experiment, runs, backend };
  };

  return (
    <div className="share-bar">
      <button
        type="button"
        onClick={() => void copyLink()}
        title="Copy a link that restores this experiment"
      >
        Copy link
      </button>
      <button
        type="button"
        onClick={() => setDialog(true)}
        title="Choose controls to hide, then copy the link"
      >
        Share with class…
      </button>
      {showExport && (
        <>
          <button
            type="button"
            data-testid="export-json"
            onClick={() =>
              download('pg-playground-results.json', exportResults(results()), 'application/json')
            }
          >
            Export results
          </button>
          <button
            type="button"
            onClick={() =>
              download('pg-playground-metrics.csv', metricsToCsv(results()), 'text/csv')
            }
          >
            Export CSV
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import results…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="import-file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              const parsed = importResults(await file.text());
              if (!parsed.ok) {
                useTraining.setState({
                  configProblems: parsed.problems.map((p) => `results file: ${p}`),
                });
                return;
              }
              useTraining.getState().clearError();
              useExperiment.getState().replace(parsed.results.experiment);
              useTraining.getState().loadRuns(parsed.results.runs);
              useTraining
                .getState()
                .addNotice(
                  `Imported results (${parsed.results.runs.length} runs, trained on ${parsed.results.backend}): the charts show them without retraining. Press Start to re-run the experiment.`,
                );
            }}
          />
        </>
      )}
      {message && (
        <span className="share-message" role="status">
          {message}
        </span>
      )}
      {dialog && (
        <ShareDialog onClose={() => setDialog(false)} onCopy={(hidden) => void copyLink(hidden)} />
      )}
    </div>
  );
}

function ShareDialog({
  onClose,
  onCopy,
}: {
  onClose(): void;
  onCopy(hidden: HideableControl[]): void;
}) {
  const current = useExperiment((s) => s.hidden);
  const [hidden, setHidden] = useState<Set<HideableControl>>(
    new Set(current as Set<HideableControl>),
  );
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="share-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="share-title">Share with class</h2>
        <p>
          Tick the controls your students should not see. The link restores this experiment with
          them hidden.
        </p>
        <div className="checklist">
          {HIDEABLE_CONTROLS.map((c) => (
            <label className="inline" key={c}>
              <input
                type="checkbox"
                checked={hidden.has(c)}
                data-testid={`hide-${c}`}
                onChange={(e) => {
                  const next = new Set(hidden);
                  if (e.target.checked) next.add(c);
                  else next.delete(c);
                  setHidden(next);
                }}
              />{' '}
              {CONTROL_LABELS[c]}
            </label>
          ))}
        </div>
        <div className="dialog-actions">
          <button
            type="button"
            className="primary"
            onClick={() => {
              onCopy([...hidden]);
              onClose();
            }}
          >
            Copy link
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

import { useEffect } from 'react';
import { useExperiment } from '../../store/experiment';
import { STAGES, useExplanation, type Stage } from '../../store/explanation';
import { Formula } from '../estimators/Formula';
import { viewLink } from '../../urlSync';
import { CopyLinkButton } from '../CopyLinkButton';
import { explainStep } from '../Toolbar';
import { EpisodeTable } from './EpisodeTable';
import { GradientTable } from './GradientTable';
import { PolicyCompare } from './PolicyCompare';
import { stageText } from './stageText';
import './stepper.css';

const STAGE_LABELS: Record<Stage, string> = {
  episodes: 'Episodes',
  returns: 'Returns',
  baseline: 'Baseline',
  advantages: 'Advantages',
  gradient: 'Gradient',
  policy: 'New policy',
};

/**
 * One update, step by step, for a teacher at a projector: a full-screen panel with large type
 * that walks through the sampled episodes, returns, baseline, advantages, the gradient and the
 * new policy. Next / Back (or → / ←) move between stages; Esc closes.
 */
export function Stepper() {
  const open = useExplanation((s) => s.open);
  const pending = useExplanation((s) => s.pending);
  const x = useExplanation((s) => s.explanation);
  const problem = useExplanation((s) => s.problem);
  const stageIndex = useExplanation((s) => s.stage);
  const runId = useExplanation((s) => s.runId);
  const runs = useExperiment((s) => s.experiment.runs);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
      const store = useExplanation.getState();
      if (e.key === 'ArrowRight') store.setStage(store.stage + 1);
      else if (e.key === 'ArrowLeft') store.setStage(store.stage - 1);
      else if (e.key === 'Escape') store.close();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  if (!open) return null;
  const runIndex = runs.findIndex((r) => r.id === runId);
  const stage = STAGES[stageIndex];
  const text = x ? stageText(stage, x) : null;
  const last = stageIndex === STAGES.length - 1;
  return (
    <div className="stepper-backdrop">
      <section
        className="stepper"
        role="dialog"
        aria-modal="true"
        aria-label="One update, step by step"
        data-testid="stepper"
      >
        <header className="stepper-head">
          <h2>
            One update, step by step
            {x && (
              <>
                {' '}
                · update <span data-testid="explained-update">{x.update}</span>
              </>
            )}
          </h2>
          <label>
            run{' '}
            <select
              value={runId ?? ''}
              onChange={(e) => explainStep(e.target.value)}
              disabled={pending}
              title="Explain the next update of another run"
            >
              {runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          {x && runIndex >= 0 && (
            <CopyLinkButton
              testId="stepper-copy-link"
              title="Copy a link that opens this experiment on this update, step by step"
              link={() =>
                viewLink({ view: 'stepper', stepper: { run: runIndex + 1, update: x.update } })
              }
            />
          )}
          <button
            type="button"
            className="close"
            onClick={() => useExplanation.getState().close()}
            title="Close (Esc)"
          >
            Close
          </button>
        </header>
        {x && (
          <p className="stepper-estimator" data-testid="stepper-estimator">
            <strong>{x.estimator.label}</strong>
            {x.estimator.settings.map((s) => (
              <span key={s.name}>
                {' '}
                · {s.name} {s.value}
              </span>
            ))}
          </p>
        )}
        <nav className="stepper-stages" aria-label="Stages">
          {STAGES.map((s, k) => (
            <button
              key={s}
              type="button"
              className={k === stageIndex ? 'selected' : k < stageIndex ? 'done' : undefined}
              aria-current={k === stageIndex ? 'step' : undefined}
              onClick={() => useExplanation.getState().setStage(k)}
            >
              {k + 1} {STAGE_LABELS[s]}
            </button>
          ))}
        </nav>
        <div className="stepper-body" data-testid={`stage-${stage}`}>
          {pending ? (
            <p className="stepper-note">Running one update…</p>
          ) : problem ? (
            <p className="error" role="alert">
              {problem}
            </p>
          ) : x && text ? (
            <>
              <h3 className="stage-title">
                {stageIndex + 1}. {text.title}
              </h3>
              <p className="stage-text">{text.text}</p>
              {text.formula && <Formula tex={text.formula} displayMode className="stage-formula" />}
              {x.diverged && (
                <p className="error" role="alert">
                  The run stopped during this update: {x.diverged}
                </p>
              )}
              {stage === 'gradient' ? (
                <GradientTable x={x} />
              ) : stage === 'policy' ? (
                <PolicyCompare x={x} />
              ) : (
                <EpisodeTable x={x} upTo={stage} />
              )}
            </>
          ) : null}
        </div>
        <footer className="stepper-foot">
          <button
            type="button"
            onClick={() => useExplanation.getState().setStage(stageIndex - 1)}
            disabled={stageIndex === 0}
            title="Previous stage (←)"
          >
            ← Back
          </button>
          <span className="stepper-position">
            {stageIndex + 1} / {STAGES.length}
          </span>
          {last ? (
            <button
              type="button"
              className="primary"
              onClick={() => runId && explainStep(runId)}
              disabled={pending}
              title="Run the next update and walk through it"
            >
              Next update ⟳
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => useExplanation.getState().setStage(stageIndex + 1)}
              title="Next stage (→)"
            >
              Next →
            </button>
          )}
        </footer>
      </section>
    </div>
  );
}

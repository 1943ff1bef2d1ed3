import { CALIBRATION_ROLLOUT } from '../core/backendChoiceWorkload';
import { DEFAULT_GROUP_SIZE, lacksGroups, useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { send } from '../workers/client';
import type { BackendInfo } from '../workers/protocol';

/** "3 Dec, 06:12": when a cached calibration was measured, short enough for the badge. */
function shortDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleString(undefined, {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      });
}

/** What the badge says after the backend's name: the calibration when there is one, else why. */
function backendText(info: BackendInfo): string {
  const c = info.calibration;
  switch (c?.status) {
    case 'running':
      return `calibrating: ${c.summary}`;
    case 'measured':
      return `measured: ${c.summary}`;
    case 'cached': {
      const when = shortDate(c.measuredAt);
      return `cached${when ? ` ${when}` : ''}: ${c.summary}`;
    }
    default:
      return info.reason;
  }
}

/**
 * Which tfjs backend the worker runs on and why: for `auto`, the measured time per calibration
 * step of every backend (issue 7), and a Recalibrate action that forgets the cached measurements.
 */
export function BackendBadge() {
  const backend = useTraining((s) => s.backend);
  if (!backend)
    return (
      <span className="badge" data-testid="backend" data-backend="">
        starting worker…
      </span>
    );
  const status = backend.calibration?.status ?? '';
  const canRecalibrate = status !== '' && status !== 'forced' && status !== 'running';
  const tooltip = [
    backend.reason,
    backend.calibration?.workload && `workload: ${backend.calibration.workload}`,
    backend.calibration?.timings.length &&
      `a calibration step = up to ${CALIBRATION_ROLLOUT} acting passes (read back) + 1 gradient and Adam step on their rows, with this experiment's network`,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <span
      className="badge"
      data-testid="backend"
      data-backend={backend.backend}
      data-calibration={status}
      title={tooltip}
    >
      backend: <strong>{backend.backend}</strong>
      <span className="badge-reason" data-testid="backend-reason">
        {' '}
        ({backendText(backend)})
      </span>
      {canRecalibrate && (
        <button
          type="button"
          className="link"
          data-testid="recalibrate"
          onClick={() => send({ type: 'recalibrate' })}
          title="Forget the measured backend times; the next Start of a neural experiment measures again"
        >
          Recalibrate
        </button>
      )}
    </span>
  );
}

/** How many workers train the experiment (workers/shards.ts): one per core, up to one per run. */
export function WorkersBadge() {
  const workers = useTraining((s) => s.trainingWorkers);
  if (!workers) return null;
  return (
    <span
      className="badge"
      data-testid="training-workers"
      data-count={workers.count}
      title={`${workers.reason}. Each worker trains its runs on one core; the results are the same for any number of workers.`}
    >
      workers: <strong>{workers.count}</strong>
    </span>
  );
}

export function Messages() {
  const notices = useTraining((s) => s.notices);
  const dismiss = useTraining((s) => s.dismissNotice);
  const error = useTraining((s) => s.error);
  const problems = useTraining((s) => s.configProblems);
  const clearError = useTraining((s) => s.clearError);
  // A hand-written link with GRPO but no group=: the one fix the page would have made itself.
  const groupsMissing = useExperiment((s) => lacksGroups(s.experiment));
  const enableGroups = useExperiment((s) => s.enableGroups);
  return (
    <div className="messages">
      {notices.map((n, i) => (
        <div className="notice" role="status" key={n} data-testid="notice">
          {n}
          <button
            type="button"
            className="link"
            onClick={() => dismiss(i)}
            aria-label="Dismiss notice"
          >
            ×
          </button>
        </div>
      ))}
      {error && (
        <div className="error" role="alert" data-testid="error">
          <strong>Training stopped with an error:</strong> {error}. Change the settings if needed
          and press Start to train again.
          <button type="button" className="link" onClick={clearError} aria-label="Dismiss error">
            ×
          </button>
        </div>
      )}
      {problems.length > 0 && (
        <div className="error" role="alert" data-testid="config-problems">
          <strong>These settings cannot be trained:</strong>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          {groupsMissing && (
            <button
              type="button"
              data-testid="use-groups"
              title="Group estimators compare G rollouts of each task; episode counts are rounded up to a multiple of G"
              onClick={() => {
                enableGroups();
                clearError();
              }}
            >
              Set group size G to {DEFAULT_GROUP_SIZE}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

import { useTraining } from '../store/training';

/** Which tfjs backend the worker runs on, and why; plus notices and errors, always visible. */
export function BackendBadge() {
  const backend = useTraining((s) => s.backend);
  if (!backend)
    return (
      <span className="badge" data-testid="backend" data-backend="">
        starting worker…
      </span>
    );
  return (
    <span
      className="badge"
      data-testid="backend"
      data-backend={backend.backend}
      title={backend.reason}
    >
      backend: <strong>{backend.backend}</strong>
      <span className="badge-reason" data-testid="backend-reason">
        {' '}
        ({backend.reason})
      </span>
    </span>
  );
}

export function Messages() {
  const notices = useTraining((s) => s.notices);
  const dismiss = useTraining((s) => s.dismissNotice);
  const error = useTraining((s) => s.error);
  const problems = useTraining((s) => s.configProblems);
  const clearError = useTraining((s) => s.clearError);
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
        </div>
      )}
    </div>
  );
}

import { fmt } from './stepperView';

/**
 * Bar of a signed value around a centre line: blue to the right for positive values, vermilion
 * to the left for negative ones (Okabe-Ito colours, readable for colour-blind students).
 */
export function SignedBar({
  value,
  scale,
  narrow = false,
}: {
  value: number;
  /** |value| that fills half the bar. */
  scale: number;
  narrow?: boolean;
}) {
  const w = Math.min(1, Math.abs(value) / scale) * 50;
  return (
    <span className={narrow ? 'signed-bar narrow' : 'signed-bar'} aria-hidden="true">
      <span
        className={value >= 0 ? 'pos' : 'neg'}
        style={value >= 0 ? { left: '50%', width: `${w}%` } : { right: '50%', width: `${w}%` }}
      />
    </span>
  );
}

/** A probability as a bar (length p / scale) with its value written on it. */
export function ProbabilityBar({
  p,
  kind,
  scale = 1,
  narrow = false,
}: {
  p: number;
  kind: 'old' | 'new';
  scale?: number;
  narrow?: boolean;
}) {
  return (
    <span className={`prob-bar ${kind}${narrow ? ' narrow' : ''}`}>
      <span className="prob-track">
        <span
          className="prob-fill"
          style={{ width: `${Math.max(0, Math.min(1, p / scale)) * 100}%` }}
        />
      </span>
      <span className="prob-label">{fmt(p)}</span>
    </span>
  );
}

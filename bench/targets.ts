/**
 * The throughput issue's targets and the pure arithmetic the bench uses to check them. Every
 * figure compares two measurements taken in the same process, one after the other, so it holds
 * on a busy machine.
 */
import type { Throughput } from './training';

export const TARGETS = {
  /** Tabular: trainer env steps/s at least this fraction of the hand-written loop's. */
  tabularRatio: 0.5,
  /** Neural: trainer env steps/s at least this multiple of the naive implementation's. */
  neuralRatio: 20,
  /** N runs trained together: time per update at most this multiple of 1 run's (issue: N = 16). */
  scaling: 3,
  /** Browser: no main-thread long task longer than this while a workload trains. */
  longTaskMs: 200,
} as const;

export interface Scaling {
  /** Runs trained together in the measurement compared with 1 run (same per-run batch). */
  readonly scalingRuns: number;
  /** Time per update of all runs together / time per update of 1 run. */
  readonly scaling: number;
  /**
   * (runs x time per update of 1 run) / time per update of all runs: 1 when the cost is linear in
   * runs, above 1 when training them together saves work (one forward pass for all runs).
   */
  readonly perRunEfficiency: number;
}

/** Scaling of `all` (runs trained together) against `one` (1 run), both from measureTrainer. */
export function scalingOf(all: Throughput, one: Throughput, runs: number): Scaling {
  if (!(runs >= 1)) throw new Error(`scalingOf: runs must be >= 1, got ${runs}`);
  if (!(all.updatesPerSec > 0) || !(one.updatesPerSec > 0))
    throw new Error('scalingOf: both measurements need a positive update rate');
  const scaling = one.updatesPerSec / all.updatesPerSec;
  return { scalingRuns: runs, scaling, perRunEfficiency: runs / scaling };
}

export interface Judgement extends Scaling {
  /** Trainer env steps/s divided by the reference's, measured in the same run. */
  readonly ratio: number;
  readonly ratioTarget: string;
  /** The same figure as `scaling` when the workload has 16 runs (the wording). */
  readonly scaling16?: number;
  readonly scalingTarget: string;
  readonly met: { readonly ratio: boolean; readonly scaling: boolean; noLongTask?: boolean };
}

/** The figures and met/not met of one workload from its three measurements. */
export function judge(m: {
  readonly tabular: boolean;
  readonly trainer: Throughput;
  readonly trainer1Run: Throughput;
  readonly reference: Throughput;
  readonly runs: number;
}): Judgement {
  if (!(m.reference.envStepsPerSec > 0)) throw new Error('judge: the reference took no env steps');
  const ratio = m.trainer.envStepsPerSec / m.reference.envStepsPerSec;
  const limit = m.tabular ? TARGETS.tabularRatio : TARGETS.neuralRatio;
  const s = scalingOf(m.trainer, m.trainer1Run, m.runs);
  return {
    ratio,
    ratioTarget: `>= ${limit}`,
    ...s,
    ...(m.runs === 16 ? { scaling16: s.scaling } : {}),
    scalingTarget: `<= ${TARGETS.scaling} (${m.runs} runs vs 1)`,
    met: { ratio: ratio >= limit, scaling: s.scaling <= TARGETS.scaling },
  };
}

/**
 * Picking the tfjs backend from measured times (issue 7: `auto` is measured, not guessed). The
 * worker times a short, real-shaped training step on every backend it can start; this module
 * turns those timings into a choice, a reason and a one-line summary for the UI. Pure: no DOM,
 * no tfjs, no clock.
 */

/** The tfjs backends calibration can time (the same names as the worker protocol's). */
export const CALIBRATED_BACKENDS = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type CalibratedBackend = (typeof CALIBRATED_BACKENDS)[number];

/** What happened when one backend was timed. */
export type BackendTiming =
  | {
      readonly backend: CalibratedBackend;
      /** Shown instead of the bare name, e.g. "webgpu (SwiftShader)". */
      readonly label?: string;
      readonly outcome: 'measured';
      /** Milliseconds per calibration step (median over `steps` timed steps). */
      readonly msPerStep: number;
      readonly steps: number;
    }
  | {
      readonly backend: CalibratedBackend;
      readonly label?: string;
      /** Its warm-up step alone (first run, kernels compiling) used up its time cap. */
      readonly outcome: 'over-cap';
      readonly warmupMs: number;
    }
  | {
      readonly backend: CalibratedBackend;
      readonly label?: string;
      /** Threw while starting or computing; skipped. */
      readonly outcome: 'failed';
      readonly error: string;
    }
  | {
      readonly backend: CalibratedBackend;
      readonly label?: string;
      /** Not there at all (no WebGPU adapter) or not timed (the total budget was spent). */
      readonly outcome: 'unavailable' | 'not-timed';
      readonly why: string;
    };

export interface BackendPick {
  readonly backend: CalibratedBackend;
  /** e.g. "wasm: fastest measured (4.1 ms/step)". */
  readonly reason: string;
}

/**
 * Backends within this fraction of the fastest count as tied: on a busy machine two runs of
 * the calibration differ by about this much, and without a margin the choice would flip.
 */
export const TIE_MARGIN = 0.1;

/**
 * Among tied backends, the first of this order wins: wasm has no GPU read-back latency and does
 * not compete with the page's drawing; webgpu is the newer GPU path; cpu is the slow fallback.
 */
export const TIE_PREFERENCE: readonly CalibratedBackend[] = ['wasm', 'webgpu', 'webgl', 'cpu'];

/** Median of step durations (ms): one garbage-collection pause should not decide the choice. */
export function medianMs(durations: readonly number[]): number {
  if (durations.length === 0) throw new Error('medianMs: no durations to summarise');
  for (const d of durations)
    if (!Number.isFinite(d) || d < 0)
      throw new Error(`medianMs: durations must be finite and >= 0, got ${d}`);
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const formatMs = (ms: number) =>
  ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);

const nameOf = (t: BackendTiming) => t.label ?? t.backend;

/**
 * Backends that compute on the CPU: the app splits an experiment's runs over several training
 * workers on them (workers/shards.ts), one core each. GPU backends share one device, one worker.
 */
export const CPU_BACKENDS: readonly CalibratedBackend[] = ['wasm', 'cpu'];

/**
 * The fastest measured backend (ties within TIE_MARGIN broken by TIE_PREFERENCE); if none
 * finished a timed step, the first by TIE_PREFERENCE that ran at all; null if none did.
 *
 * `workers`: how many training workers would share the experiment on a CPU backend. Each trains
 * 1/workers of the runs, and the work is per run (the bench measures 0.8-1.2 of linear), so a
 * CPU backend's time per step counts divided by it: on 8 cores, wasm at 16 ms beats a GPU at 5.
 */
export function pickBackend(timings: readonly BackendTiming[], workers = 1): BackendPick | null {
  const measured = timings.filter((t) => t.outcome === 'measured');
  const share = (t: BackendTiming) => (CPU_BACKENDS.includes(t.backend) ? workers : 1);
  const effective = (t: Extract<BackendTiming, { outcome: 'measured' }>) => t.msPerStep / share(t);
  if (measured.length > 0) {
    const best = Math.min(...measured.map(effective));
    const tied = measured.filter((t) => effective(t) <= best * (1 + TIE_MARGIN));
    tied.sort((a, b) => TIE_PREFERENCE.indexOf(a.backend) - TIE_PREFERENCE.indexOf(b.backend));
    const pick = tied[0];
    const why =
      measured.length === 1
        ? 'the only backend that completed a timed step'
        : effective(pick) === best
          ? 'fastest measured'
          : `within ${TIE_MARGIN * 100}% of the fastest, preferred on a tie`;
    const split =
      share(pick) > 1
        ? `; ${formatMs(effective(pick))} with the runs split over ${share(pick)} workers`
        : '';
    return {
      backend: pick.backend,
      reason: `${pick.backend}: ${why} (${formatMs(pick.msPerStep)} ms/step${split})`,
    };
  }
  // Warm-ups abandoned at the cap are all about the cap long: their times say nothing, so the
  // preference order decides.
  const slow = timings.filter((t) => t.outcome === 'over-cap');
  if (slow.length > 0) {
    slow.sort((a, b) => TIE_PREFERENCE.indexOf(a.backend) - TIE_PREFERENCE.indexOf(b.backend));
    return {
      backend: slow[0].backend,
      reason: `${slow[0].backend}: every backend ran over its time cap, so picked by preference (${TIE_PREFERENCE.join(' > ')})`,
    };
  }
  return null;
}

/** Sort key: measured by time, then over-cap ones by warm-up, then the ones without a number. */
function rank(t: BackendTiming): number {
  if (t.outcome === 'measured') return t.msPerStep;
  if (t.outcome === 'over-cap') return 1e9 + t.warmupMs;
  return 2e9;
}

/**
 * One line for the UI, fastest first, e.g.
 * "wasm 4.10 ms/step, webgl 9.8 ms, cpu 31.0 ms, webgpu (SwiftShader) 60.0 ms: picked wasm".
 */
export function describeTimings(
  timings: readonly BackendTiming[],
  picked: CalibratedBackend | null,
  workers = 1,
): string {
  const parts = [...timings]
    .sort((a, b) => rank(a) - rank(b))
    .map((t, i) => {
      const unit = i === 0 ? ' ms/step' : ' ms';
      switch (t.outcome) {
        case 'measured':
          return `${nameOf(t)} ${formatMs(t.msPerStep)}${unit}`;
        case 'over-cap':
          return `${nameOf(t)} over the cap (warm-up ≥ ${formatMs(t.warmupMs)} ms)`;
        case 'failed':
          return `${nameOf(t)} failed`;
        case 'unavailable':
        case 'not-timed':
          return `${nameOf(t)} ${t.why}`;
      }
    });
  const split = workers > 1 ? ` (${CPU_BACKENDS.join(' and ')} split over ${workers} workers)` : '';
  return `${parts.join(', ')}: ${picked ? `picked ${picked}${split}` : 'no backend worked'}`;
}

/**
 * Main-thread responsiveness while a workload trains in the worker: the long tasks Chromium
 * reports (PerformanceObserver 'longtask', tasks over 50 ms) and the intervals between
 * requestAnimationFrame callbacks (a blocked main thread shows up as a long frame even when the
 * long-task API misses it). Pure, so it is tested in Node; bench/browser.ts collects the inputs.
 */
import { TARGETS } from './targets';

export interface MainThreadStats {
  /** Long tasks (> 50 ms) that started during the workload. */
  readonly longTasks: number;
  /** Longest of them in ms (0 when there was none). */
  readonly longestMs: number;
  /** 95th percentile of the rAF frame intervals in ms; null when fewer than 2 frames ran. */
  readonly frameP95Ms: number | null;
  readonly frameMaxMs: number | null;
  readonly frames: number;
}

/** Browsers coarsen these clocks to ~0.1 ms anyway; rounding drops float noise (16.7999...). */
const tenth = (ms: number) => Math.round(ms * 10) / 10;

/** Nearest-rank percentile (p in [0, 100]) of unsorted values; null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: p must be in [0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * Stats over the window [startMs, endMs] (performance.now() clock): long tasks are
 * `{startTime, duration}` entries, frames are rAF timestamps; only those inside the window count.
 */
export function summarizeMainThread(
  longTasks: readonly { startTime: number; duration: number }[],
  frameTimes: readonly number[],
  startMs: number,
  endMs: number,
): MainThreadStats {
  if (!(endMs >= startMs)) throw new Error(`summarizeMainThread: window ends before it starts`);
  const tasks = longTasks.filter((t) => t.startTime >= startMs && t.startTime <= endMs);
  const frames = frameTimes.filter((t) => t >= startMs && t <= endMs).sort((a, b) => a - b);
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  const p95 = percentile(intervals, 95);
  return {
    longTasks: tasks.length,
    longestMs: tenth(tasks.reduce((m, t) => Math.max(m, t.duration), 0)),
    frameP95Ms: p95 === null ? null : tenth(p95),
    frameMaxMs: intervals.length ? tenth(Math.max(...intervals)) : null,
    frames: frames.length,
  };
}

/** The target: no long task over 200 ms. */
export function noLongTask(stats: MainThreadStats): boolean {
  return stats.longestMs <= TARGETS.longTaskMs;
}

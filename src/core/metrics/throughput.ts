/**
 * Throughput (metrics.md): environment steps per second and updates per second, as CleanRL logs
 * SPS (`int(global_step / (time.time() - start_time))`, the average since the start). Besides
 * that overall average, a sliding-window rate shows the current speed (which changes when runs
 * diverge, episodes get longer, or the tab is throttled).
 *
 * No clock inside: the caller passes timestamps (ms, e.g. performance.now(), which must not go
 * backwards) and the cumulative counters it already keeps, so the meter is testable.
 */
export interface Rates {
  readonly envStepsPerSecond: number;
  readonly updatesPerSecond: number;
  /** Seconds the rates are measured over (0 before two samples: rates NaN). */
  readonly seconds: number;
}

export class RateMeter {
  private readonly times: Float64Array;
  private readonly steps: Float64Array;
  private readonly updates: Float64Array;
  /** Ring buffer: samples head .. head + size - 1 (mod capacity), oldest first. */
  private head = 0;
  private size = 0;
  private startTime = NaN;
  private startSteps = 0;
  private startUpdates = 0;

  /**
   * `windowMs`: the sliding window. `capacity`: most samples kept (older ones are dropped
   * first, so at very high record rates the window is shorter than `windowMs`).
   */
  constructor(
    readonly windowMs = 5000,
    readonly capacity = 1024,
  ) {
    if (!(windowMs > 0)) throw new Error(`RateMeter: windowMs must be > 0, got ${windowMs}`);
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new Error(`RateMeter: capacity must be an integer >= 2, got ${capacity}`);
    this.times = new Float64Array(capacity);
    this.steps = new Float64Array(capacity);
    this.updates = new Float64Array(capacity);
  }

  /** Forget everything (new experiment, counters restarted). */
  reset(): void {
    this.head = 0;
    this.size = 0;
    this.startTime = NaN;
  }

  /** Record the cumulative counters at time `nowMs` (e.g. after each update). */
  record(nowMs: number, totalEnvSteps: number, totalUpdates: number): void {
    if (this.size > 0 && nowMs < this.times[this.at(this.size - 1)])
      throw new Error(`RateMeter: time went backwards (${nowMs} ms); call reset() first`);
    if (this.size === 0) {
      this.startTime = nowMs;
      this.startSteps = totalEnvSteps;
      this.startUpdates = totalUpdates;
    }
    if (this.size === this.capacity) this.dropOldest();
    const k = this.at(this.size);
    this.times[k] = nowMs;
    this.steps[k] = totalEnvSteps;
    this.updates[k] = totalUpdates;
    this.size++;
    // Keep exactly one sample at or before the window start as the anchor, so the rate spans
    // the whole window even when samples are further apart than the window.
    while (this.size > 1 && this.times[this.at(1)] <= nowMs - this.windowMs) this.dropOldest();
  }

  /** Rates over the sliding window, ending at the latest sample. */
  windowRates(): Rates {
    if (this.size < 2) return { envStepsPerSecond: NaN, updatesPerSecond: NaN, seconds: 0 };
    const first = this.at(0);
    const last = this.at(this.size - 1);
    return rates(
      this.times[last] - this.times[first],
      this.steps[last] - this.steps[first],
      this.updates[last] - this.updates[first],
    );
  }

  /** Average rates since the first sample (CleanRL's SPS). */
  overallRates(): Rates {
    if (this.size < 1) return { envStepsPerSecond: NaN, updatesPerSecond: NaN, seconds: 0 };
    const last = this.at(this.size - 1);
    return rates(
      this.times[last] - this.startTime,
      this.steps[last] - this.startSteps,
      this.updates[last] - this.startUpdates,
    );
  }

  private at(i: number): number {
    return (this.head + i) % this.capacity;
  }

  private dropOldest(): void {
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }
}

function rates(ms: number, steps: number, updates: number): Rates {
  if (!(ms > 0)) return { envStepsPerSecond: NaN, updatesPerSecond: NaN, seconds: 0 };
  const s = ms / 1000;
  return { envStepsPerSecond: steps / s, updatesPerSecond: updates / s, seconds: s };
}

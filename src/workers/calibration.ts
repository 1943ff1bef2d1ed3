import { describeTimings, pickBackend, type BackendTiming } from '../core/backendChoice';
import {
  calibrationKey,
  workloadClass,
  workloadShape,
  type WorkloadShape,
} from '../core/backendChoiceWorkload';
import type { TrainConfig } from '../core/train/config';
import { chooseBackend, probeWebGpu, trySet, type AdapterReport } from './backend';
import { clearCalibrations, readCalibration, writeCalibration } from './calibrationCache';
import { timeBackends } from './calibrationTiming';
import type { BackendCalibration, BackendChoice, BackendInfo, BackendName } from './protocol';

/**
 * The worker's backend, measured rather than guessed (issue 7): `auto` starts on a provisional
 * backend, and at each Start of an experiment whose workload class it has not measured yet it
 * uses the cached calibration for this browser, or times the backends (calibrationTiming.ts) and
 * caches the pick. Forced backends (?backend=x) are never calibrated. Nothing here throws: a
 * failed calibration leaves the current backend and says why.
 */
export class AutoBackend {
  private info: BackendInfo | null = null;
  private gpu: AdapterReport | null = null;
  /**
   * The workload class and worker count the current backend was chosen for (null: not chosen
   * for one yet).
   */
  private activeClass: string | null = null;

  constructor(private readonly post: (info: BackendInfo) => void) {}

  /** The backend in use (null before init). */
  get current(): BackendName | null {
    return this.info?.backend ?? null;
  }

  /** Worker start: the forced or provisional backend (throws only if no backend works at all). */
  async init(requested: BackendChoice): Promise<void> {
    this.gpu = await probeWebGpu();
    this.publish(await chooseBackend(requested, this.gpu));
  }

  /**
   * Before a trainer is built for `config`: make sure the backend was chosen for its workload,
   * trained by `workers` workers on a CPU backend (workers/shards.ts; pickBackend).
   */
  async prepare(config: TrainConfig, workers = 1): Promise<void> {
    const info = this.info;
    if (!info || info.calibration?.status === 'forced') return;
    let shape: WorkloadShape;
    try {
      shape = workloadShape(config);
    } catch {
      return; // An invalid config: the trainer reports it in detail.
    }
    const shapeClass = workloadClass(shape);
    // The pick depends on the workers too (pickBackend): chosen for this class and count.
    const active = `${shapeClass} x${workers}`;
    if (active === this.activeClass) return;
    if (shape.kind === 'tabular') {
      // No tensor work, so no GPU: leave one picked for an earlier neural experiment.
      let backend = info.backend;
      if (backend === 'webgpu' || backend === 'webgl')
        for (const name of ['wasm', 'cpu'] as const)
          if (!(await trySet(name))) {
            backend = name;
            break;
          }
      this.activeClass = active;
      this.publish({
        ...info,
        backend,
        reason: `${backend}: tabular policy, computed in plain JavaScript, so the tfjs backend hardly matters (not timed)`,
        notices: [],
        calibration: this.calibration('not-needed', 'tabular policy: no tensor work to time', {
          workload: shapeClass,
        }),
      });
      return;
    }
    const key = calibrationKey(
      {
        userAgent: navigator.userAgent,
        adapter: this.gpu?.description ?? null,
        cores: navigator.hardwareConcurrency ?? 0,
      },
      shapeClass,
    );
    const cached = await readCalibration(key);
    // The timings are cached; the pick depends on how many workers share the runs this time.
    const pick = cached && pickBackend(cached.timings, workers);
    if (cached && pick && !(await trySet(pick.backend))) {
      this.activeClass = active;
      this.publish({
        ...info,
        backend: pick.backend,
        reason: `${pick.reason}, cached`,
        notices: [],
        calibration: this.calibration(
          'cached',
          describeTimings(cached.timings, pick.backend, workers),
          { timings: cached.timings, workload: shapeClass, measuredAt: cached.measuredAt },
        ),
      });
      return;
    }
    await this.measure(shape, shapeClass, key, workers);
    this.activeClass = active;
  }

  /** Forgets every cached calibration; the next Start of a neural experiment measures again. */
  async recalibrate(): Promise<void> {
    const problem = await clearCalibrations();
    this.activeClass = null;
    const info = this.info;
    if (!info || info.calibration?.status === 'forced') return;
    this.publish({
      ...info,
      reason: `${info.backend}: calibration cleared; the next Start of a neural experiment measures again`,
      notices: problem ? [`The stored calibrations could not be cleared (${problem}).`] : [],
      calibration: this.calibration('pending', 'cleared: measured again at the next Start'),
    });
  }

  private async measure(
    shape: Exclude<WorkloadShape, { kind: 'tabular' }>,
    shapeClass: string,
    key: string,
    workers: number,
  ): Promise<void> {
    const before = this.info as BackendInfo;
    this.publish({
      ...before,
      reason: `${before.backend}: calibrating, timing each backend on this network (${shapeClass})`,
      notices: [],
      calibration: this.calibration('running', 'timing each backend on this network…', {
        workload: shapeClass,
      }),
    });
    const notices: string[] = [];
    let timings: BackendTiming[];
    const started = performance.now();
    try {
      timings = await timeBackends(shape, this.gpu ?? (await probeWebGpu()));
    } catch (e) {
      // timeBackends catches each backend's errors; this is a bug, but not worth a crash.
      timings = [];
      notices.push(`Calibration failed: ${(e as Error).message}`);
    }
    for (const t of timings)
      if (t.outcome === 'failed')
        notices.push(`Calibration skipped ${t.label ?? t.backend}: ${t.error}`);
    const pick = pickBackend(timings, workers);
    let backend: BackendName = before.backend;
    let reason = `${before.backend}: calibration found no working backend; kept`;
    if (pick) {
      const err = await trySet(pick.backend);
      if (err) notices.push(`The calibrated pick ${pick.backend} failed to start again (${err}).`);
      else {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        [backend, reason] = [pick.backend, `${pick.reason}, measured in ${seconds} s`];
      }
    }
    if (backend !== pick?.backend) {
      const err = await trySet(backend);
      if (err) notices.push(`Calibration could not return to ${backend} (${err}).`);
    }
    const measuredAt = new Date().toISOString();
    if (pick && backend === pick.backend) {
      const problem = await writeCalibration(key, {
        backend,
        reason: pick.reason,
        timings,
        workload: shapeClass,
        measuredAt,
      });
      if (problem) notices.push(`The calibration is kept for this page only (${problem}).`);
    }
    this.publish({
      ...before,
      backend,
      reason,
      notices,
      calibration: this.calibration(
        'measured',
        describeTimings(timings, pick ? backend : null, workers),
        {
          timings,
          workload: shapeClass,
          measuredAt,
        },
      ),
    });
  }

  private calibration(
    status: BackendCalibration['status'],
    summary: string,
    more: { timings?: readonly BackendTiming[]; workload?: string; measuredAt?: string } = {},
  ): BackendCalibration {
    return {
      status,
      summary,
      timings: more.timings ?? [],
      workload: more.workload ?? null,
      measuredAt: more.measuredAt ?? null,
    };
  }

  private publish(info: BackendInfo): void {
    this.info = info;
    this.post(info);
  }
}

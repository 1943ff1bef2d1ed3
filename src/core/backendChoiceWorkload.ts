import { createEnv, observationGrid } from './envs/registry';
import { Rng } from './rng';
import { DEFAULT_MAX_STEPS, runEpisodes, type TrainConfig } from './train/config';

/**
 * The shape of the tensor work an experiment asks of tfjs, which is what makes one backend faster
 * than another: small MLPs favour wasm (no GPU read-back latency), large batches and CNNs can
 * favour a GPU. Tabular policies run in plain JavaScript and do not use tfjs at all.
 */
export type WorkloadShape =
  | { readonly kind: 'tabular' }
  | {
      readonly kind: 'mlp';
      readonly runs: number;
      /** Env copies of the largest run: the neural backend pads every run to it. */
      readonly envsPerRun: number;
      readonly inputSize: number;
      /** Nonzero entries of an observation (one-hot cells: 16 of 2048's 256 inputs). */
      readonly observationNonzeros: number;
      readonly hidden: readonly number[];
      readonly numActions: number;
      /** Acting passes per calibration step (see CALIBRATION_ROLLOUT). */
      readonly rolloutSteps: number;
    }
  | {
      readonly kind: 'cnn';
      readonly runs: number;
      readonly envsPerRun: number;
      /** Observation grid [height, width, channels]. */
      readonly grid: readonly [number, number, number];
      readonly observationNonzeros: number;
      readonly conv: readonly number[];
      readonly hidden: readonly number[];
      readonly numActions: number;
      readonly rolloutSteps: number;
    };

/**
 * A calibration step is up to this many acting forward passes (batch runs x envs, read back like
 * the trainer's per-env-step pass) plus one gradient step on the rows they produced: the same
 * ratio of acting to learning work as a real update, at a size that fits a short time budget.
 */
export const CALIBRATION_ROLLOUT = 8;

/**
 * Multiply-adds one calibration gradient step may cost (forward + backward ~ 3x the forward
 * pass): large networks (CNNs on big grids, many envs) get fewer acting passes per step, so even
 * tfjs's plain-JavaScript cpu backend finishes a step within its time cap when it can at all.
 */
export const GRADIENT_STEP_MACS = 20e6;

/** Multiply-adds of one forward pass for one observation row (3x3 convolutions, dense layers). */
export function forwardMacsPerRow(
  shape:
    | {
        readonly kind: 'mlp';
        readonly inputSize: number;
        readonly hidden: readonly number[];
        readonly numActions: number;
      }
    | {
        readonly kind: 'cnn';
        readonly grid: readonly [number, number, number];
        readonly conv: readonly number[];
        readonly hidden: readonly number[];
        readonly numActions: number;
      },
): number {
  let macs = 0;
  let width: number;
  if (shape.kind === 'mlp') width = shape.inputSize;
  else {
    const [h, w, c] = shape.grid;
    let cin = c;
    for (const cout of shape.conv) {
      macs += h * w * 9 * cin * cout;
      cin = cout;
    }
    width = h * w * cin;
  }
  for (const out of [...shape.hidden, shape.numActions]) {
    macs += width * out;
    width = out;
  }
  return macs;
}

/**
 * The workload shape of a training config; throws a clear message when the environment cannot be
 * built (the trainer reports invalid configs in detail, so callers may skip calibration then).
 */
export function workloadShape(config: TrainConfig): WorkloadShape {
  if (config.policy.kind === 'tabular') return { kind: 'tabular' };
  if (config.runs.length === 0) throw new Error('workloadShape: the experiment has no runs');
  const env = createEnv(config.env, 1, Rng.fromSeed(0));
  const maxSteps = Math.min(
    config.maxEpisodeSteps ?? Infinity,
    env.maxEpisodeSteps ?? DEFAULT_MAX_STEPS,
  );
  const runs = config.runs.length;
  const envsPerRun = Math.max(...config.runs.map((r) => runEpisodes(config, r)));
  const layers =
    config.policy.kind === 'mlp'
      ? { kind: 'mlp' as const, inputSize: env.obsSize, hidden: config.policy.hidden }
      : {
          kind: 'cnn' as const,
          grid: observationGrid(env) ?? fail(`${config.env.family} observations are not a grid`),
          conv: config.policy.conv,
          hidden: config.policy.hidden,
        };
  const macs = forwardMacsPerRow({ ...layers, numActions: env.numActions });
  const affordable = Math.floor(GRADIENT_STEP_MACS / (3 * macs * runs * envsPerRun));
  const rolloutSteps = Math.max(1, Math.min(CALIBRATION_ROLLOUT, maxSteps, affordable));
  // The observation layer's cost follows the observation's nonzeros on the backends that skip
  // zeros (cpu, webgpu), so the calibration feeds observations as sparse as the env's own.
  env.reset(0, 0);
  let observationNonzeros = 0;
  for (let i = 0; i < env.obsSize; i++) if (env.obs[i] !== 0) observationNonzeros++;
  return {
    ...layers,
    observationNonzeros: Math.max(1, observationNonzeros),
    runs,
    envsPerRun,
    numActions: env.numActions,
    rolloutSteps,
  };
}

/**
 * Observations with `nonzeros` ones a row, one in each of that many equal groups of the input at
 * a random place (one-hot cells, as 2048's and Sokoban's), or all random when every entry is set.
 */
export function calibrationObservations(
  rows: number,
  inputSize: number,
  nonzeros: number,
  rng: Rng,
): Float32Array {
  const x = new Float32Array(rows * inputSize);
  if (nonzeros >= inputSize) {
    for (let k = 0; k < x.length; k++) x[k] = rng.uniform();
    return x;
  }
  const group = Math.floor(inputSize / nonzeros);
  for (let row = 0; row < rows; row++)
    for (let g = 0; g < nonzeros; g++)
      x[row * inputSize + g * group + Math.floor(rng.uniform() * group)] = 1;
  return x;
}

function fail(message: string): never {
  throw new Error(`workloadShape: ${message}`);
}

/** The next power of two >= n (n >= 1): sizes in one octave share a calibration. */
export function octave(n: number): number {
  if (!Number.isFinite(n) || n < 1) throw new Error(`octave: need a number >= 1, got ${n}`);
  return 2 ** Math.ceil(Math.log2(n) - 1e-9);
}

/**
 * The class a shape's calibration is cached under: layer sizes exactly (they set the kernels),
 * batch sizes and input/action counts by octave, so a few more envs reuse the same measurement.
 */
export function workloadClass(shape: WorkloadShape): string {
  if (shape.kind === 'tabular') return 'tabular';
  const dense = `h${shape.hidden.join('x') || '0'}-a${octave(shape.numActions)}`;
  const batch = `r${octave(shape.runs)}-e${octave(shape.envsPerRun)}-t${shape.rolloutSteps}`;
  const input =
    shape.kind === 'mlp'
      ? `in${octave(shape.inputSize)}`
      : `${shape.grid.join('x')}-c${shape.conv.join('x')}`;
  return `${shape.kind}-${input}-nz${octave(shape.observationNonzeros)}-${dense}-${batch}`;
}

/** Bump when the calibration step changes, so stale measurements are not reused. */
export const CALIBRATION_VERSION = 2;

/** What identifies the machine a measurement belongs to. */
export interface BrowserSignature {
  readonly userAgent: string;
  /** The WebGPU adapter (vendor / architecture / description), or null without one. */
  readonly adapter: string | null;
  readonly cores: number;
}

/** The cache key of a calibration: version, browser and adapter, and workload class. */
export function calibrationKey(signature: BrowserSignature, shapeClass: string): string {
  return [
    `v${CALIBRATION_VERSION}`,
    signature.userAgent,
    `gpu:${signature.adapter ?? 'none'}`,
    `cores:${signature.cores}`,
    shapeClass,
  ].join('|');
}

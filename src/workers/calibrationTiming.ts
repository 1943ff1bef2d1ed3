import * as tf from '@tensorflow/tfjs';
import { medianMs, type BackendTiming, type CalibratedBackend } from '../core/backendChoice';
import { calibrationObservations, type WorkloadShape } from '../core/backendChoiceWorkload';
import { SparseObservation, type Observation } from '../core/policies/sparseObservation';
import { StackedOptimizer, type StackedRunOptimizer } from '../core/policies/stackedOptimizer';
import { Rng } from '../core/rng';
import { buildNet, type StackedNet } from '../core/train/neuralBackend';
import { trySet, type AdapterReport } from './backend';

/** Whole calibration, all backends: short enough to go unnoticed at the first Start. */
export const CALIBRATION_BUDGET_MS = 1500;
/**
 * The budget is shared equally by the backends that can be tried, so each gets a turn (the one
 * that matters most for a big CNN, webgpu, is timed last). Pieces that cannot be interrupted (a
 * synchronous cpu gradient step, a shader compile) can overrun a share; past this many times the
 * budget, the remaining backends are not timed at all.
 */
const HARD_LIMIT_FACTOR = 2;
/** Timed steps per backend at most (the median of them is reported). */
const MAX_TIMED_STEPS = 7;
/** A step that has not answered after this long is given up (a hung GPU queue). */
const STEP_TIMEOUT_MS = 5000;

/**
 * CPU-side backends first: wasm is the usual winner for small networks, so it is timed for sure,
 * and cpu costs no compilation. The GPU backends compile shaders on their first step (1-3 s for
 * webgpu on a software adapter), so they go last; webgpu very last, because a warm-up abandoned at
 * its cap keeps compiling in the background and would slow whatever is timed after it.
 */
const ORDER: readonly CalibratedBackend[] = ['wasm', 'cpu', 'webgl', 'webgpu'];

/** Thrown inside a step that passed its deadline, at the next point where it can stop. */
class PastDeadline extends Error {}

/** Adam as the playground's default neural runs use it; values do not affect the timing. */
const ADAM: StackedRunOptimizer = {
  kind: 'adam',
  learningRate: 1e-3,
  adamEpsilon: 1e-8,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  momentumBeta: 0.9,
  maxGradNorm: 0.5,
};

type NeuralShape = Exclude<WorkloadShape, { kind: 'tabular' }>;

const now = () => performance.now();

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The real policy network with the experiment's shape, and one calibration step on it: the
 * trainer's work in miniature (CALIBRATION_ROLLOUT acting passes with read-back, then one
 * policy-gradient loss, gradient and Adam step on the rows they produced).
 */
function makeStep(shape: NeuralShape): {
  step: (deadline: number) => Promise<void>;
  dispose: () => void;
} {
  const R = shape.runs;
  const E = shape.envsPerRun;
  const N = E * shape.rolloutSteps;
  const inputSize =
    shape.kind === 'mlp' ? shape.inputSize : shape.grid[0] * shape.grid[1] * shape.grid[2];
  const active = new Uint8Array(R).fill(1);
  // Built inside tidy: the constructors' temporaries (initial values) are freed, the variables
  // and the returned data kept. The network is the trainer's own (neuralBackend's buildNet).
  type Model = { net: StackedNet; optimizer: StackedOptimizer };
  let model: Model | undefined;
  const [actions, advantages] = tf.tidy(() => {
    const rngs = Array.from({ length: R }, (_, r) => Rng.fromSeed(r + 1));
    const net = buildNet(shape, inputSize, shape.numActions, rngs);
    model = { net, optimizer: new StackedOptimizer(net.variables, Array(R).fill(ADAM)) };
    return [
      tf.oneHot(tf.randomUniform([R, N], 0, shape.numActions, 'int32'), shape.numActions),
      tf.randomNormal([R, N, 1]),
    ];
  });
  // Observations as sparse as the env's, handed over as the trainer does (neuralBackend).
  const obsRng = Rng.fromSeed(7);
  const observation = (rows: number, withGradient: boolean): Observation => {
    const x = calibrationObservations(R * rows, inputSize, shape.observationNonzeros, obsRng);
    const sparse = model?.net.acceptsSparseObservation
      ? SparseObservation.ifWorthIt(x, R, rows, inputSize, withGradient)
      : null;
    return sparse ?? tf.tensor3d(x, [R, rows, inputSize]);
  };
  const actObs = observation(E, false);
  const learnObs = observation(N, true);
  const { net, optimizer } = model as unknown as Model;
  /** One step; gives up (PastDeadline) between its pieces once `deadline` has passed. */
  const step = async (deadline: number) => {
    for (let t = 0; t < shape.rolloutSteps; t++) {
      const probs = tf.tidy(() => tf.softmax(net.logits(actObs)));
      await probs.data();
      probs.dispose();
      if (now() > deadline) throw new PastDeadline();
    }
    const { value, grads } = tf.variableGrads(
      () =>
        tf.neg(
          tf.mean(
            tf.mul(
              tf.sum(tf.mul(tf.logSoftmax(net.logits(learnObs)), actions), 2, true),
              advantages,
            ),
          ),
        ) as tf.Scalar,
      net.variables,
    );
    const norms = optimizer.apply(
      net.variables.map((v) => grads[v.name]),
      active,
    );
    // Reading the loss waits for the whole step to finish on the device.
    await value.data();
    value.dispose();
    norms.dispose();
    tf.dispose(Object.values(grads));
  };
  const dispose = () => {
    net.dispose();
    optimizer.dispose();
    actObs.dispose();
    learnObs.dispose();
    tf.dispose([actions, advantages]);
  };
  return { step, dispose };
}

function safeDispose(work: { dispose: () => void }): void {
  try {
    work.dispose();
  } catch {
    // A backend that broke mid-step may not free its tensors cleanly; it is not used again.
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Times one backend within `capMs` (after its start-up): warm-up step, then timed steps. */
async function timeBackend(
  backend: CalibratedBackend,
  label: string | undefined,
  shape: NeuralShape,
  capMs: number,
): Promise<BackendTiming> {
  const err = await trySet(backend);
  if (err) return { backend, label, outcome: 'failed', error: err };
  let work: ReturnType<typeof makeStep> | null = null;
  try {
    work = makeStep(shape);
    const t0 = now();
    // The first step compiles kernels (shaders on the GPU backends): not representative. A
    // warm-up still busy at the cap is abandoned: after its pending read-back it only disposes
    // tensors and stops at its deadline check, so it cannot touch the next backend.
    const warmup = work.step(t0 + capMs);
    // Never rejects (a rejection after the race is decided would go unhandled): errors are values.
    const finished = await Promise.race([
      warmup.then(
        () => true,
        (e: unknown) => (e instanceof PastDeadline ? false : { error: e }),
      ),
      sleep(capMs).then(() => false),
    ]);
    if (typeof finished === 'object') throw finished.error;
    if (!finished) {
      const abandoned = work;
      work = null;
      warmup.catch(() => undefined).finally(() => safeDispose(abandoned));
      return { backend, label, outcome: 'over-cap', warmupMs: now() - t0 };
    }
    const warmupMs = now() - t0;
    if (warmupMs >= capMs) return { backend, label, outcome: 'over-cap', warmupMs };
    const durations: number[] = [];
    while (durations.length < MAX_TIMED_STEPS && (durations.length === 0 || now() - t0 < capMs)) {
      const s = now();
      // The first timed step may finish past the cap (a measurement is worth it), up to 2x.
      try {
        await withTimeout(work.step(t0 + 2 * capMs), STEP_TIMEOUT_MS, `${backend} step`);
      } catch (e) {
        if (e instanceof PastDeadline) return { backend, label, outcome: 'over-cap', warmupMs };
        throw e;
      }
      durations.push(now() - s);
    }
    return {
      backend,
      label,
      outcome: 'measured',
      msPerStep: medianMs(durations),
      steps: durations.length,
    };
  } catch (e) {
    return { backend, label, outcome: 'failed', error: (e as Error).message };
  } finally {
    if (work) safeDispose(work);
  }
}

/**
 * Times every available backend on the workload under CALIBRATION_BUDGET_MS. Leaves tfjs on
 * whichever backend was timed last: the caller switches to the pick.
 */
export async function timeBackends(
  shape: NeuralShape,
  gpu: AdapterReport,
): Promise<BackendTiming[]> {
  const start = now();
  const timings: BackendTiming[] = [];
  const tried = ORDER.filter((b) => b !== 'webgpu' || gpu.available).length;
  const share = CALIBRATION_BUDGET_MS / tried;
  for (const backend of ORDER) {
    const label =
      backend === 'webgpu' && gpu.available
        ? `webgpu (${gpu.software ? 'software: ' : ''}${gpu.shortName})`
        : undefined;
    if (backend === 'webgpu' && !gpu.available) {
      timings.push({ backend, outcome: 'unavailable', why: 'unavailable (no WebGPU adapter)' });
      continue;
    }
    if (now() - start > HARD_LIMIT_FACTOR * CALIBRATION_BUDGET_MS) {
      timings.push({ backend, label, outcome: 'not-timed', why: 'not timed (budget spent)' });
      continue;
    }
    timings.push(await timeBackend(backend, label, shape, share));
  }
  return timings;
}

import type { StackedOptimizerKind } from './stackedOptimizer';

/** A run's optimiser numbers for one step, each already a float32 (as a [R, 1, ...] tensor holds it). */
export interface RunStepConstants {
  readonly kind: StackedOptimizerKind;
  readonly beta1: number;
  readonly beta2: number;
  /** Bias corrections 1 - beta^t. */
  readonly biasCorrection1: number;
  readonly biasCorrection2: number;
  readonly epsilon: number;
  readonly learningRate: number;
  readonly active: boolean;
}

const f = Math.fround;

/**
 * The first half of StackedOptimizer's step on one variable, in one loop (the cpu backend):
 * the clipped gradient g and the new first moment m' = beta1 m + (1 - beta1) g. Each operation
 * is rounded to float32 as tfjs's kernel for it rounds, in the same order, so the numbers are
 * those of the tensor ops bit for bit. `clipFactors[r]`: min(1, maxGradNorm / |g_r|), or 1.
 * Fills `clipped` and `newM` ([R x per] each).
 */
export function clippedGradientAndMoment(
  grad: Float32Array,
  m: Float32Array,
  runs: readonly RunStepConstants[],
  clipFactors: ArrayLike<number>,
  clipped: Float32Array,
  newM: Float32Array,
): void {
  const per = grad.length / runs.length;
  runs.forEach((run, r) => {
    const oneMinusBeta1 = f(1 - run.beta1);
    for (let k = r * per; k < (r + 1) * per; k++) {
      const g = f(grad[k] * clipFactors[r]);
      clipped[k] = g;
      newM[k] = f(f(m[k] * run.beta1) + f(g * oneMinusBeta1));
    }
  });
}

/**
 * The second half, in one loop: the new second moment v' = beta2 v + (1 - beta2) g^2, the run's
 * direction (Adam: (m' / bc1) / (sqrt(v' / bc2) + eps); normalised momentum: m' / |m'| with
 * `momentumNorm` the run's global norm; SGD: g), and theta -= lr d for active runs. Inactive runs
 * keep their parameters and moments. Writes `param`, `m` and `v` in place.
 */
export function momentStep(
  param: Float32Array,
  m: Float32Array,
  v: Float32Array,
  clipped: Float32Array,
  newM: Float32Array,
  runs: readonly RunStepConstants[],
  momentumNorm: ArrayLike<number> | null,
): void {
  const per = param.length / runs.length;
  runs.forEach((run, r) => {
    if (!run.active) return;
    const oneMinusBeta2 = f(1 - run.beta2);
    const norm = momentumNorm ? momentumNorm[r] : 1;
    for (let k = r * per; k < (r + 1) * per; k++) {
      const g = clipped[k];
      const mk = newM[k];
      const vk = f(f(v[k] * run.beta2) + f(f(g * g) * oneMinusBeta2));
      const direction =
        run.kind === 'adam'
          ? f(
              f(mk / run.biasCorrection1) /
                f(f(Math.sqrt(f(vk / run.biasCorrection2))) + run.epsilon),
            )
          : run.kind === 'normalized-momentum'
            ? f(mk / norm)
            : g;
      param[k] = f(param[k] - f(run.learningRate * direction));
      m[k] = mk;
      v[k] = vk;
    }
  });
}

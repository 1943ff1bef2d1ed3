import { clipGlobalNorm } from '../regularisers/grad-clip';
import { naturalGradientDirection } from '../tabular/natural';
import type { OptimizerConfig } from './config';

/** Moments of Adam / momentum, one entry per parameter. */
export interface OptimizerState {
  step: number;
  readonly m: Float64Array;
  readonly v: Float64Array;
}

export function createOptimizerState(numParams: number): OptimizerState {
  return { step: 0, m: new Float64Array(numParams), v: new Float64Array(numParams) };
}

/** What the natural gradient needs to know about the table. */
export interface TabularShape {
  readonly numStates: number;
  readonly numActions: number;
  /** [S] state weights d_s of the Fisher blocks (see stateVisitation). */
  readonly stateWeights: ArrayLike<number>;
}

/**
 * One descent step on tabular logits, in place: clip the gradient by global norm, then move
 * against it as `cfg.kind` says (see config.ts for the formulas). `grad` is the gradient of the
 * loss (it is clipped in place). Returns the gradient norm before clipping.
 */
export function tabularOptimizerStep(
  logits: Float64Array,
  grad: Float64Array,
  cfg: OptimizerConfig,
  state: OptimizerState,
  shape: TabularShape,
): number {
  const norm = clipGlobalNorm([grad], cfg.maxGradNorm);
  const lr = cfg.learningRate;
  state.step++;
  switch (cfg.kind) {
    case 'sgd':
      for (let i = 0; i < logits.length; i++) logits[i] -= lr * grad[i];
      break;
    case 'adam': {
      const { adamBeta1: b1, adamBeta2: b2, adamEpsilon: eps } = cfg;
      const c1 = 1 - b1 ** state.step;
      const c2 = 1 - b2 ** state.step;
      for (let i = 0; i < logits.length; i++) {
        state.m[i] = b1 * state.m[i] + (1 - b1) * grad[i];
        state.v[i] = b2 * state.v[i] + (1 - b2) * grad[i] * grad[i];
        logits[i] -= (lr * (state.m[i] / c1)) / (Math.sqrt(state.v[i] / c2) + eps);
      }
      break;
    }
    case 'natural': {
      const dir = naturalGradientDirection(
        grad,
        logits,
        shape.numStates,
        shape.numActions,
        shape.stateWeights,
        cfg.naturalDamping,
      );
      for (let i = 0; i < logits.length; i++) logits[i] -= lr * dir[i];
      break;
    }
    case 'normalized-momentum': {
      const beta = cfg.momentumBeta;
      let ss = 0;
      for (let i = 0; i < logits.length; i++) {
        state.m[i] = beta * state.m[i] + (1 - beta) * grad[i];
        ss += state.m[i] * state.m[i];
      }
      const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
      for (let i = 0; i < logits.length; i++) logits[i] -= lr * state.m[i] * inv;
      break;
    }
  }
  return norm;
}

/**
 * IGT extrapolation point of N-PG-IGT: theta~ = theta + (1 - eta)/eta (theta - theta_prev), where
 * the gradient is evaluated so that momentum transports it to theta without bias (Cutkosky &
 * Orabona 2019; Fatkhullin et al. 2023). eta = 1 - momentumBeta.
 */
export function igtPoint(
  theta: ArrayLike<number>,
  thetaPrev: ArrayLike<number>,
  eta: number,
): Float64Array {
  const out = new Float64Array(theta.length);
  const k = (1 - eta) / eta;
  for (let i = 0; i < theta.length; i++) out[i] = theta[i] + k * (theta[i] - thetaPrev[i]);
  return out;
}

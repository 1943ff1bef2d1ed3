import type { EstimatorSpec, Surrogate } from '../spec';
import { mdpoDLogp, mdpoLoss } from './mdpo';
import { ppoClipDLogp, ppoClipLoss, type PpoClipParams } from './ppo-clip';
import { ratioDLogp, ratioLoss, vanillaDLogp, vanillaLoss } from './vanilla';

export { mdpoDLogp, mdpoLoss } from './mdpo';
export { ppoClipDLogp, ppoClipLoss, type PpoClipParams } from './ppo-clip';
export { ratioDLogp, ratioLoss, vanillaDLogp, vanillaLoss } from './vanilla';

/** The surrogate's choice and constants, read from a spec. */
export interface SurrogateParams extends PpoClipParams {
  readonly surrogate: Surrogate;
  /** 1 / t for MDPO. */
  readonly mdpoInvStep: number;
}

export function surrogateParams(spec: EstimatorSpec): SurrogateParams {
  return {
    surrogate: spec.surrogate,
    clipLow: spec.clipLow,
    clipHigh: spec.clipHigh,
    dualClip: spec.dualClip,
    mdpoInvStep: 1 / spec.mdpoStepSize,
  };
}

/** Per-step surrogate loss l(logp; logp_old, A). */
export function surrogateLoss(
  p: SurrogateParams,
  logp: number,
  logpOld: number,
  advantage: number,
): number {
  switch (p.surrogate) {
    case 'vanilla':
      return vanillaLoss(logp, advantage);
    case 'ratio':
      return ratioLoss(logp, logpOld, advantage);
    case 'ppo-clip':
      return ppoClipLoss(logp, logpOld, advantage, p);
    case 'mdpo':
      return mdpoLoss(logp, logpOld, advantage, p.mdpoInvStep);
  }
}

/** dl/dlogp of the per-step surrogate (the chain rule then goes through log pi). */
export function surrogateDLogp(
  p: SurrogateParams,
  logp: number,
  logpOld: number,
  advantage: number,
): number {
  switch (p.surrogate) {
    case 'vanilla':
      return vanillaDLogp(advantage);
    case 'ratio':
      return ratioDLogp(logp, logpOld, advantage);
    case 'ppo-clip':
      return ppoClipDLogp(logp, logpOld, advantage, p);
    case 'mdpo':
      return mdpoDLogp(logp, logpOld, advantage, p.mdpoInvStep);
  }
}

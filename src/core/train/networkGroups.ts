import { estimatorNeeds } from '../estimators/needs';
import type { EstimatorSpec } from '../estimators/spec';

/**
 * Which runs share one stacked network program (NeuralBackend): runs with the same optimisation
 * schedule (epochs x minibatches), the same extra networks (a critic, a reference policy) and,
 * with minibatches, the same use of covariance selection. Each run then trains bit for bit as
 * it would alone: what a stack computes for one run does not depend on the others.
 *
 * Why not all runs in one stack: stacked runs compute together. A critic or a reference policy
 * that one run needs is evaluated for every run of its stack at every env step, and PPO's
 * 4 epochs x 4 minibatch steps run the stack's every run 16 times (the runs that sit a step out
 * as padding). A class's 8 estimators x 5 seeds on 2048 with 5 PPO runs trained at 4.8k env
 * steps/s in one stack, 27.5k with 40 REINFORCE runs (Node cpu). Splitting costs one more
 * forward pass per env step per group, so runs that can share a program still do.
 *
 * Returns run indices grouped, in run order within a group, groups in order of their first run.
 */
export function networkGroups(specs: readonly EstimatorSpec[]): number[][] {
  const groups = new Map<string, number[]>();
  specs.forEach((spec, r) => {
    const needs = estimatorNeeds(spec);
    const key = [
      needs.epochs,
      needs.minibatches,
      needs.critic.length > 0,
      needs.referencePolicy.length > 0,
      // The covariance selections take the whole batch in every step (masked, not gathered): with
      // minibatches, a run next to them would sum in another order than alone.
      needs.minibatches > 1 && needs.covarianceSelection.length > 0,
    ].join();
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  });
  return [...groups.values()];
}

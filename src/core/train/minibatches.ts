import type { Rng } from '../rng';

/**
 * Episode minibatches for E epochs x M minibatches (CleanRL ppo.py shuffles sample indices each
 * epoch; here whole episodes are shuffled so sequence aggregations stay well defined).
 * Returns, for one epoch, M lists of episode indices covering 0..numEpisodes-1 once.
 */
export function episodeMinibatches(
  numEpisodes: number,
  minibatches: number,
  rng: Rng,
): Int32Array[] {
  const order = new Int32Array(numEpisodes);
  for (let e = 0; e < numEpisodes; e++) order[e] = e;
  if (minibatches > 1) rng.shuffle(order);
  const out: Int32Array[] = [];
  for (let j = 0; j < minibatches; j++) {
    const from = Math.floor((j * numEpisodes) / minibatches);
    const to = Math.floor(((j + 1) * numEpisodes) / minibatches);
    out.push(order.slice(from, to));
  }
  return out;
}

/**
 * Step weights of one minibatch: the plan's weights on its episodes, scaled by M so that each
 * minibatch's loss estimates the full batch's loss (and M minibatch steps move as far as M small
 * steps on the whole batch would), zero elsewhere.
 */
export function minibatchWeights(
  stepWeights: Float32Array,
  episodes: Int32Array,
  maxSteps: number,
  minibatches: number,
  out: Float32Array,
): Float32Array {
  out.fill(0);
  for (const e of episodes)
    for (let t = 0; t < maxSteps; t++)
      out[e * maxSteps + t] = stepWeights[e * maxSteps + t] * minibatches;
  return out;
}

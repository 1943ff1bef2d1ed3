import type { RolloutBatch } from '../batch';

/**
 * Discounted episode return R_e = sum_t gamma^t r_t, one number per episode.
 * Williams (1992): every step of episode e is credited with R_e.
 */
export function episodeReturns(batch: RolloutBatch, gamma: number): Float32Array {
  const out = new Float32Array(batch.numEpisodes);
  const T = batch.maxSteps;
  for (let e = 0; e < batch.numEpisodes; e++) {
    let g = 0;
    for (let t = batch.lengths[e] - 1; t >= 0; t--) g = batch.rewards[e * T + t] + gamma * g;
    out[e] = g;
  }
  return out;
}

/**
 * Reward-to-go G_t = r_t + gamma G_{t+1} (Sutton & Barto eq. 13.8's return from step t).
 * Example: rewards [1, 1, 1], gamma 1 -> [3, 2, 1].
 */
export function rewardToGo(batch: RolloutBatch, gamma: number): Float32Array {
  const out = new Float32Array(batch.numEpisodes * batch.maxSteps);
  const T = batch.maxSteps;
  for (let e = 0; e < batch.numEpisodes; e++) {
    let g = 0;
    for (let t = batch.lengths[e] - 1; t >= 0; t--) {
      g = batch.rewards[e * T + t] + gamma * g;
      out[e * T + t] = g;
    }
  }
  return out;
}

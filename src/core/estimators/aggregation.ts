import type { RolloutBatch } from './batch';
import type { Aggregation } from './spec';

/**
 * Aggregation weights w_t, so that loss = sum_t w_t l_t (verl `agg_loss`):
 * - token-mean: 1 / (number of kept steps in the batch)       (DAPO; verl default)
 * - seq-mean-token-mean: 1 / (E_kept * |episode|)              (original GRPO)
 * - seq-mean-token-sum: 1 / E_kept
 * - seq-mean-token-sum-norm: 1 / (E_kept * L) with a fixed L   (Dr. GRPO; verl divides each
 *   sequence's token sum by L, then takes the sequence mean). A constant L removes the length
 *   bias that 1/|episode| introduces.
 * Dropped episodes (`keep[e] = 0`) get weight 0 and leave the denominators.
 *
 * @param maxLength L for seq-mean-token-sum-norm; 0 = the batch's maxSteps.
 */
export function aggregationWeights(
  batch: RolloutBatch,
  mode: Aggregation,
  keep?: Uint8Array,
  maxLength = 0,
): Float32Array {
  const E = batch.numEpisodes;
  const T = batch.maxSteps;
  const w = new Float32Array(E * T);
  let keptSteps = 0;
  let keptEpisodes = 0;
  for (let e = 0; e < E; e++) {
    if (keep && !keep[e]) continue;
    keptSteps += batch.lengths[e];
    keptEpisodes++;
  }
  const L = maxLength > 0 ? maxLength : T;
  for (let e = 0; e < E; e++) {
    const len = batch.lengths[e];
    if ((keep && !keep[e]) || len === 0) continue;
    const we =
      mode === 'token-mean'
        ? 1 / keptSteps
        : mode === 'seq-mean-token-mean'
          ? 1 / (keptEpisodes * len)
          : mode === 'seq-mean-token-sum'
            ? 1 / keptEpisodes
            : 1 / (keptEpisodes * L);
    for (let t = 0; t < len; t++) w[e * T + t] = we;
  }
  return w;
}

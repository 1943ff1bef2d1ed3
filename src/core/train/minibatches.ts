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

/**
 * Whether minibatch steps gather their rows (minibatchRows). Tests turn it off to check that a
 * gathered step computes what the whole-batch masked step computed; nothing else changes it.
 */
export const minibatchGathering = { enabled: true };

/** A minibatch step's rows: run r's are indices[r * rows ...], counts[r] of them, then padding. */
export interface GatheredRows {
  readonly indices: Int32Array;
  readonly counts: Int32Array;
  readonly rows: number;
}

/**
 * The rows one minibatch step needs, gathered: for each run, the rows of its minibatch's
 * episodes (starts[r][e]..starts[r][e+1] in its block of S rows), none for a run that sits the
 * step out, padded to a common height with row 0 (padding gets weight 0, so it adds nothing).
 * Without this every step ran the network on every run's whole batch and masked the rest out:
 * PPO's 4 epochs x 4 minibatches cost 16 full passes instead of 4, and a REINFORCE run batched
 * next to a PPO run paid for all 16 too. Returns null when the gathered rows would not be fewer
 * than S and every run's rows are its block's leading rows in order (the whole batch is then the
 * same sums, each run's rows followed by zero-weight ones, and no more rows). Shuffled episodes
 * are gathered even then: the masked whole batch would sum them in another order, and a run's
 * numbers would depend on the batch height that its company sets (ulps, which grow).
 */
export function minibatchRows(
  starts: readonly Int32Array[],
  episodes: readonly (Int32Array | null)[],
  S: number,
  roundRows: (n: number) => number,
): GatheredRows | null {
  const R = starts.length;
  const counts = new Int32Array(R);
  episodes.forEach((list, r) => {
    if (list) for (const e of list) counts[r] += starts[r][e + 1] - starts[r][e];
  });
  const rows = roundRows(Math.max(1, ...counts));
  const indices = new Int32Array(R * rows);
  let leading = true;
  episodes.forEach((list, r) => {
    let k = r * rows;
    if (list)
      for (const e of list)
        for (let i = starts[r][e]; i < starts[r][e + 1]; i++) {
          leading &&= i === k - r * rows;
          indices[k++] = i;
        }
  });
  return rows >= S && leading ? null : { indices, counts, rows };
}

/**
 * `src`'s rows (`width` numbers each, blocks of S rows per run) at `indices` (blocks of `rows`
 * per run): a padding row is a copy of its run's row 0, finite data that its zero weight
 * cancels.
 */
export function gatherRows<X extends Float32Array | Int32Array>(
  src: X,
  width: number,
  gathered: GatheredRows,
  S: number,
  dst: X,
): X {
  const { indices, counts, rows } = gathered;
  for (let r = 0; r < counts.length; r++)
    for (let k = 0; k < rows; k++) {
      const from = (r * S + indices[r * rows + k]) * width;
      dst.set(src.subarray(from, from + width), (r * rows + k) * width);
    }
  return dst;
}

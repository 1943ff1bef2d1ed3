/**
 * How the cpu observation layer (sparseInputMatMul.ts) summed each row of one-hot observations,
 * kept for the weight gradient: a row summed from scratch lists the inputs that are 1; a row
 * summed from the previous one lists the inputs where a 1 appeared (i) and where one went (~i).
 */
export interface RowPlan {
  /** [R]: 1 where every row of the run is one-hot (entries 0 or 1), so its plan is complete. */
  readonly oneHotRuns: Uint8Array;
  /** [R * N]: 1 where the row was summed from the previous row. */
  readonly fromPrevious: Uint8Array;
  /** [R * N + 1]: row k's entries are entries[starts[k]] up to entries[starts[k + 1]]. */
  readonly starts: Int32Array;
  entries: Int32Array;
}

export function emptyRowPlan(R: number, N: number): RowPlan {
  return {
    oneHotRuns: new Uint8Array(R).fill(1),
    fromPrevious: new Uint8Array(R * N),
    starts: new Int32Array(R * N + 1),
    entries: new Int32Array(Math.max(64, R * N * 8)),
  };
}

/** Appends inputs[from..to) (as ~i where `negate`) to row k's entries; rows are planned in order. */
export function planEntries(
  plan: RowPlan,
  k: number,
  inputs: Int32Array,
  from: number,
  to: number,
  negate: boolean,
): void {
  let at = plan.starts[k + 1];
  if (at + (to - from) > plan.entries.length) {
    const grown = new Int32Array(Math.max(2 * plan.entries.length, at + (to - from)));
    grown.set(plan.entries.subarray(0, at));
    plan.entries = grown;
  }
  for (let j = from; j < to; j++) plan.entries[at++] = negate ? ~inputs[j] : inputs[j];
  plan.starts[k + 1] = at;
}

/**
 * Run r's weight gradient dw[i, :] = sum_n x[n, i] dy[n, :] from its plan. A chain is a row
 * summed from scratch, c, and the rows summed from their predecessors after it, up to e; with
 * x[n] = x[c] + sum over c < k <= n of d[k] (d[k] = x[k] - x[k - 1]):
 *
 *   sum over n in [c, e] of x[n]^T dy[n] = x[c]^T S[c] + sum over k in (c, e] of d[k]^T S[k],
 *
 * S[k] = sum over n in [k, e] of dy[n], the chain's suffix sums: 4-6 entries a Sokoban step
 * instead of 49. Every partial sum, of S and of dw, is a sum of distinct rows of dy (an input's
 * entries alternate between appearing and going), so where those are exact in float64
 * (rowSubsetSumsAreExact on dy) dw has the bits of the plain sum over rows in order.
 *
 * Writes dw [I, O] (float32) at dwAt; suffix [N * O] and acc [I * O] are float64 scratch.
 */
export function chainedWeightGradient(
  plan: RowPlan,
  r: number,
  dy: Float32Array,
  N: number,
  I: number,
  O: number,
  dw: Float32Array,
  dwAt: number,
  suffix: Float64Array,
  acc: Float64Array,
): void {
  const first = r * N;
  for (let n = N - 1; n >= 0; n--) {
    const at = n * O;
    const from = (first + n) * O;
    if (n + 1 < N && plan.fromPrevious[first + n + 1])
      for (let o = 0; o < O; o++) suffix[at + o] = dy[from + o] + suffix[at + O + o];
    else for (let o = 0; o < O; o++) suffix[at + o] = dy[from + o];
  }
  acc.fill(0);
  const { starts, entries } = plan;
  for (let n = 0; n < N; n++) {
    const at = n * O;
    for (let j = starts[first + n]; j < starts[first + n + 1]; j++) {
      const entry = entries[j];
      if (entry >= 0) for (let o = 0, a = entry * O; o < O; o++) acc[a + o] += suffix[at + o];
      else for (let o = 0, a = ~entry * O; o < O; o++) acc[a + o] -= suffix[at + o];
    }
  }
  for (let k = 0; k < I * O; k++) dw[dwAt + k] = acc[k];
}

/**
 * Columns `columns` of run r's weight gradient, dw[i, o] = sum_n x[n, i] dy[n, o], summed like
 * the plain loop (for each input, over the rows where it is 1, in order) by walking the plan with
 * the set of inputs that are 1: for the columns where chainedWeightGradient's reordered sums
 * could round.
 */
export function plannedColumnSums(
  plan: RowPlan,
  r: number,
  dy: Float32Array,
  N: number,
  I: number,
  O: number,
  columns: readonly number[],
  dw: Float32Array,
  dwAt: number,
): void {
  const C = columns.length;
  const ones = new Int32Array(I); // the inputs that are 1, in any order
  const position = new Int32Array(I).fill(-1); // where each is in `ones`
  const sums = new Float64Array(I * C);
  const row = new Float64Array(C);
  let count = 0;
  const { starts, entries } = plan;
  for (let k = r * N; k < (r + 1) * N; k++) {
    if (!plan.fromPrevious[k]) {
      for (let j = 0; j < count; j++) position[ones[j]] = -1;
      count = 0;
    }
    for (let j = starts[k]; j < starts[k + 1]; j++) {
      const entry = entries[j];
      if (entry >= 0) {
        position[entry] = count;
        ones[count++] = entry;
      } else {
        const at = position[~entry];
        const last = ones[--count];
        ones[at] = last;
        position[last] = at;
        position[~entry] = -1;
      }
    }
    for (let c = 0; c < C; c++) row[c] = dy[k * O + columns[c]];
    for (let j = 0; j < count; j++)
      for (let c = 0, at = ones[j] * C; c < C; c++) sums[at + c] += row[c];
  }
  for (let i = 0; i < I; i++)
    for (let c = 0; c < C; c++) dw[dwAt + i * O + columns[c]] = sums[i * C + c];
}

/**
 * Tabular softmax policy: pi(a|s) = exp(z[s,a]) / sum_b exp(z[s,b]), logits in a plain
 * Float64Array (S * A). No tensors: exact gradients are a few lines of arithmetic and run far
 * faster than any framework for tables this small.
 */
export class TabularSoftmax {
  readonly logits: Float64Array;
  private readonly probsBuf: Float64Array;

  constructor(
    readonly numStates: number,
    readonly numActions: number,
    logits?: Float64Array,
  ) {
    this.logits = logits ?? new Float64Array(numStates * numActions);
    this.probsBuf = new Float64Array(numActions);
  }

  /**
   * pi(.|s) into `out` (length A), numerically stable (max subtracted). A legal-action mask
   * (1 = legal) zeroes illegal actions and renormalises.
   */
  probs(
    s: number,
    out: Float64Array = this.probsBuf,
    legal?: Uint8Array,
    legalOffset = 0,
  ): Float64Array {
    const A = this.numActions;
    const o = s * A;
    let max = -Infinity;
    for (let a = 0; a < A; a++)
      if ((!legal || legal[legalOffset + a]) && this.logits[o + a] > max) max = this.logits[o + a];
    let sum = 0;
    for (let a = 0; a < A; a++) {
      const e = !legal || legal[legalOffset + a] ? Math.exp(this.logits[o + a] - max) : 0;
      out[a] = e;
      sum += e;
    }
    for (let a = 0; a < A; a++) out[a] /= sum;
    return out;
  }

  /** The whole table pi[s,a] as float32 (for views and metric frames). */
  table(): Float32Array {
    const out = new Float32Array(this.numStates * this.numActions);
    const p = new Float64Array(this.numActions);
    for (let s = 0; s < this.numStates; s++) {
      this.probs(s, p);
      for (let a = 0; a < this.numActions; a++) out[s * this.numActions + a] = p[a];
    }
    return out;
  }
}

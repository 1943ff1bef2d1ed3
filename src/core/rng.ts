/**
 * Seeded, splittable pseudo-random numbers.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic counter, PractRand-clean up to
 * 2^45 bytes), 128 bits of state, 32-bit integer arithmetic only, so the same seed gives the same
 * numbers in every JS engine, in the worker, in Node tests and in the bench.
 *
 * Splitting: `split(label)` derives an independent child stream from this stream's *key* (the
 * seed material it was created from) and the label, with a murmur3-style avalanche mix. It does
 * not consume numbers from the parent, so adding a new consumer never shifts existing streams:
 * `root.split('env')` is the same stream whatever else was split or drawn before.
 */

/** murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashLabel(label: string | number): number {
  if (typeof label === 'number') {
    if (!Number.isInteger(label))
      throw new Error(`Rng.split: numeric label must be an integer, got ${label}`);
    return fmix32((label ^ 0x9e3779b9) >>> 0);
  }
  // FNV-1a over UTF-16 code units, then avalanche.
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h >>> 0);
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly key: readonly [number, number, number, number];

  private constructor(key: readonly [number, number, number, number]) {
    this.key = key;
    this.a = key[0];
    this.b = key[1];
    this.c = key[2];
    this.d = key[3] | 1;
    // Warm up so that similar keys diverge before the first draw (as sfc32's reference does).
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A stream from an integer seed (any safe integer, including 0 and negatives). */
  static fromSeed(seed: number): Rng {
    if (!Number.isSafeInteger(seed))
      throw new Error(`Rng seed must be a safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    return new Rng([
      fmix32(lo ^ 0x243f6a88),
      fmix32(hi ^ 0x85a308d3),
      fmix32(lo + 0x13198a2e),
      fmix32(hi + 0x03707344),
    ]);
  }

  /** An independent child stream named by `label`; does not advance this stream. */
  split(label: string | number): Rng {
    const h = hashLabel(label);
    const [k0, k1, k2, k3] = this.key;
    return new Rng([
      fmix32(k0 ^ h),
      fmix32(k1 + Math.imul(h, 0x9e3779b1)),
      fmix32(k2 ^ fmix32(h + 0x7f4a7c15)),
      fmix32(k3 + fmix32(h ^ 0x632be5ab)),
    ]);
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296)
      throw new Error(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal draw (Box-Muller; one draw per call, the pair's second half is discarded). */
  normal(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Index drawn from the categorical distribution `probs[offset .. offset+length)` (need not be
   * normalised). Inverse-CDF with one uniform, so a sample costs exactly one draw.
   */
  categorical(probs: ArrayLike<number>, offset = 0, length = probs.length - offset): number {
    let total = 0;
    for (let k = 0; k < length; k++) total += probs[offset + k];
    let u = this.uniform() * total;
    for (let k = 0; k < length - 1; k++) {
      u -= probs[offset + k];
      if (u < 0) return k;
    }
    return length - 1;
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: unknown }>(xs: T): T {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = xs[i];
      xs[i] = xs[j];
      xs[j] = tmp;
    }
    return xs;
  }

  /** The full generator state, for snapshots (e.g. common random numbers in env clones). */
  getState(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  setState(state: readonly number[]): void {
    [this.a, this.b, this.c, this.d] = state;
  }
}

/**
 * N independent sfc32 streams held in one typed array (struct of arrays), for vectorized
 * environments: copy i draws from stream i = `parent.split(i)`, so N copies stepped together
 * draw exactly what N copies stepped alone would, and a copy's stream is 4 numbers to snapshot.
 */
export class RngBank {
  readonly size: number;
  private readonly state: Int32Array;

  constructor(parent: Rng, size: number) {
    this.size = size;
    this.state = new Int32Array(size * 4);
    for (let i = 0; i < size; i++) this.setState(i, parent.split(i).getState());
  }

  nextUint32(i: number): number {
    const s = this.state;
    const o = i * 4;
    const a = s[o];
    const b = s[o + 1];
    const c = s[o + 2];
    const d = s[o + 3];
    const t = (((a + b) | 0) + d) | 0;
    s[o + 3] = (d + 1) | 0;
    s[o] = b ^ (b >>> 9);
    s[o + 1] = (c + (c << 3)) | 0;
    const cr = (c << 21) | (c >>> 11);
    s[o + 2] = (cr + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) from stream i. */
  uniform(i: number): number {
    return this.nextUint32(i) / 4294967296;
  }

  /** Uniform integer in [0, n) from stream i, without modulo bias. */
  int(i: number, n: number): number {
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32(i);
    while (x >= limit) x = this.nextUint32(i);
    return x % n;
  }

  /** Standard normal from stream i (Box-Muller, two uniforms per draw). */
  normal(i: number): number {
    let u = this.uniform(i);
    while (u === 0) u = this.uniform(i);
    const v = this.uniform(i);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  getState(i: number): [number, number, number, number] {
    const o = i * 4;
    return [this.state[o], this.state[o + 1], this.state[o + 2], this.state[o + 3]];
  }

  setState(i: number, st: readonly number[]): void {
    const o = i * 4;
    this.state[o] = st[0];
    this.state[o + 1] = st[1];
    this.state[o + 2] = st[2];
    this.state[o + 3] = st[3];
  }
}

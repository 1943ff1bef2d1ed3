/**
 * Two axes to draw K-dimensional logit gradients on. Every gradient of a softmax policy's
 * objective with respect to its logits sums to 0 (shifting all logits changes nothing), and so
 * does every estimate (each is a sum of w_t g_t (e_a - pi)): they live in the plane
 * {x : sum_a x_a = 0}, parallel to the probability simplex.
 *
 * - K = 3: that plane is 2-dimensional and the projection loses nothing. The fixed orthonormal
 *   basis u1 = (0, -1, 1)/sqrt2, u2 = (2, -1, -1)/sqrt6 is also how the simplex is drawn: vertex a
 *   sits at (e_a . u1, e_a . u2), arm 1 on top, arm 2 bottom left, arm 3 bottom right. So a
 *   gradient pointing towards a vertex raises that arm's logit, in both pictures.
 * - K = 2: the plane is a line, u1 = (-1, 1)/sqrt2 (towards arm 2); the second axis is 0.
 * - K > 3: u1 = the exact gradient's direction (so the arrow of grad J lies on the x axis and the
 *   bias along it reads directly), u2 = the first principal component of the estimates after
 *   removing their u1 part (the direction of most remaining spread), by power iteration.
 *   When grad J = 0, u1 is the first principal component instead.
 */
export interface ProjectionBasis {
  readonly u1: Float64Array;
  readonly u2: Float64Array;
  /** How the axes were chosen, for the chart's caption. */
  readonly kind: 'simplex' | 'line' | 'gradient-and-pc';
}

const S2 = Math.SQRT2;
const S6 = Math.sqrt(6);

export function projectionBasis(
  exact: ArrayLike<number>,
  samples: readonly Float64Array[] = [],
  numSamples = 0,
): ProjectionBasis {
  const K = exact.length;
  if (K === 3)
    return {
      u1: Float64Array.of(0, -1 / S2, 1 / S2),
      u2: Float64Array.of(2 / S6, -1 / S6, -1 / S6),
      kind: 'simplex',
    };
  if (K === 2)
    return { u1: Float64Array.of(-1 / S2, 1 / S2), u2: new Float64Array(2), kind: 'line' };
  if (K < 2) throw new Error(`projectionBasis: needs at least 2 arms, got ${K}`);
  const g = Float64Array.from(exact);
  let u1 = normalised(g);
  if (!u1) u1 = principalDirection(samples, numSamples, K, null) ?? unitVector(K, 0);
  const u2 = principalDirection(samples, numSamples, K, u1) ?? orthogonalTo(u1);
  return { u1, u2, kind: 'gradient-and-pc' };
}

/** (x . u1, x . u2) of each K-vector packed in `points` ([n * K]). */
export function project(points: ArrayLike<number>, basis: ProjectionBasis): Float64Array {
  const K = basis.u1.length;
  const n = points.length / K;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let x = 0;
    let y = 0;
    for (let j = 0; j < K; j++) {
      x += points[i * K + j] * basis.u1[j];
      y += points[i * K + j] * basis.u2[j];
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/**
 * Top eigenvector of the pooled covariance of the estimates (each sample array is [n * K],
 * centred per array), restricted to the complement of `exclude` and of (1,...,1).
 */
function principalDirection(
  samples: readonly Float64Array[],
  n: number,
  K: number,
  exclude: Float64Array | null,
): Float64Array | null {
  const centred: Float64Array[] = samples.map((s) => {
    const mean = new Float64Array(K);
    for (let i = 0; i < n; i++) for (let j = 0; j < K; j++) mean[j] += s[i * K + j] / n;
    const c = Float64Array.from(s, (v, idx) => v - mean[idx % K]);
    if (exclude)
      for (let i = 0; i < n; i++) removeComponent(c.subarray(i * K, (i + 1) * K), exclude);
    return c;
  });
  // Power iteration on C v = sum_i x_i (x_i . v), from a fixed start (deterministic).
  let v: Float64Array | null = Float64Array.from({ length: K }, (_, j) => Math.cos(j + 1));
  const ones = normalised(new Float64Array(K).fill(1)) as Float64Array;
  for (let it = 0; it < 100 && v; it++) {
    removeComponent(v, ones);
    if (exclude) removeComponent(v, exclude);
    const next = new Float64Array(K);
    for (const c of centred)
      for (let i = 0; i < n; i++) {
        const x = c.subarray(i * K, (i + 1) * K);
        let d = 0;
        for (let j = 0; j < K; j++) d += x[j] * v[j];
        for (let j = 0; j < K; j++) next[j] += d * x[j];
      }
    v = normalised(next);
  }
  return v;
}

function removeComponent(x: Float64Array, unit: Float64Array): void {
  let d = 0;
  for (let j = 0; j < x.length; j++) d += x[j] * unit[j];
  for (let j = 0; j < x.length; j++) x[j] -= d * unit[j];
}

function normalised(x: Float64Array): Float64Array | null {
  const n = Math.hypot(...x);
  return n > 1e-12 ? x.map((v) => v / n) : null;
}

function unitVector(K: number, i: number): Float64Array {
  const ones = normalised(new Float64Array(K).fill(1)) as Float64Array;
  const e = new Float64Array(K);
  e[i] = 1;
  removeComponent(e, ones);
  return normalised(e) as Float64Array;
}

/** Some unit vector orthogonal to u and to (1,...,1). */
function orthogonalTo(u: Float64Array): Float64Array {
  const K = u.length;
  const ones = normalised(new Float64Array(K).fill(1)) as Float64Array;
  for (let i = 0; i < K; i++) {
    const e = unitVector(K, i);
    removeComponent(e, u);
    removeComponent(e, ones);
    const n = normalised(e);
    if (n) return n;
  }
  return new Float64Array(K);
}

/**
 * The probability simplex of a 3-armed policy drawn in the plane with the microscope's basis
 * (core/microscope/projection.ts): pi -> (pi . u1, pi . u2), arm 1 on top, arm 2 bottom left,
 * arm 3 bottom right. Gradient clouds use the same basis, so directions agree between the two.
 */
const S2 = Math.SQRT2;
const S6 = Math.sqrt(6);
export const U1 = [0, -1 / S2, 1 / S2] as const;
export const U2 = [2 / S6, -1 / S6, -1 / S6] as const;

/** The smallest probability the picker allows, so every logit log(pi) stays finite. */
export const MIN_PROB = 0.01;

export function toPlane(pi: readonly number[]): [number, number] {
  return [
    pi[0] * U1[0] + pi[1] * U1[1] + pi[2] * U1[2],
    pi[0] * U2[0] + pi[1] * U2[1] + pi[2] * U2[2],
  ];
}

/**
 * The policy at plane point (x, y): pi = (1/3, 1/3, 1/3) + x u1 + y u2 (the centre projects to
 * the origin), then the nearest point with every pi_a >= MIN_PROB, so a point dragged outside the
 * triangle lands on its (slightly shrunk) edge.
 */
export function fromPlane(x: number, y: number): number[] {
  const raw = [0, 1, 2].map((a) => 1 / 3 + x * U1[a] + y * U2[a]);
  // pi = m + (1 - 3m) q with q on the standard simplex: project (raw - m) / (1 - 3m) there.
  const m = MIN_PROB;
  const q = projectOntoSimplex(raw.map((p) => (p - m) / (1 - 3 * m)));
  return q.map((v) => m + (1 - 3 * m) * v);
}

/**
 * Euclidean projection onto {q >= 0, sum q = 1} (Duchi, Shalev-Shwartz, Singer & Chandra 2008):
 * q_a = max(v_a - theta, 0) with theta chosen so the q sum to 1.
 */
export function projectOntoSimplex(v: readonly number[]): number[] {
  const sorted = [...v].sort((a, b) => b - a);
  let cumulative = 0;
  let theta = 0;
  for (let k = 0; k < sorted.length; k++) {
    cumulative += sorted[k];
    const t = (cumulative - 1) / (k + 1);
    if (sorted[k] - t > 0) theta = t;
  }
  return v.map((x) => Math.max(x - theta, 0));
}

/** Exact ascent direction of pi itself under gradient ascent on the logits: (diag pi - pi pi^T) g. */
export function policyVelocity(pi: readonly number[], gradLogits: ArrayLike<number>): number[] {
  let pg = 0;
  for (let a = 0; a < pi.length; a++) pg += pi[a] * gradLogits[a];
  return pi.map((p, a) => p * (gradLogits[a] - pg));
}

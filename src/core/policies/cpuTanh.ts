/**
 * tanh of float32 values into float32, with exactly tfjs-backend-cpu's results
 * (fround(Math.tanh(x))), from Math.exp or a table where that is faster.
 *
 * Why: V8's Math.tanh took 15-17 ns an element in Chromium, a sixth of an MLP bandit update on
 * the cpu backend, while Math.exp takes about 5 (in Node 20 both take 11-15, the table 6).
 * Each fast loop computes t with a proven error bound d and keeps fround(t) only when t - d and
 * t + d round to the same float32: then so does Math.tanh, which lies in [t - d, t + d], as
 * float32 rounding is monotonic. Otherwise Math.tanh decides.
 *
 * This loop, from Math.exp: for a = |x|, t = (1 - e) / (1 + e) with e = Math.exp(-2a) (correct
 * to 1 ulp) is within 2^-52 + t 2^-51 of tanh(a) (the subtraction and the division add at most
 * half an ulp each; e's error, at most 2^-52 absolute, only passes through). Math.tanh is within
 * t 2^-52 of tanh(a). So d = 4.5e-16 + t 3.6e-15 (over twice both bounds). Math.tanh decides about
 * once in 10^7 values, and for |x| below about 1e-8. Zero keeps its sign; NaN fails the check and
 * goes to Math.tanh.
 */
export function tanhFromExp(x: Float32Array, out: Float32Array): void {
  const f = Math.fround;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const e = Math.exp(-2 * Math.abs(v));
    const t = (1 - e) / (1 + e);
    const d = 4.5e-16 + t * 3.6e-15;
    const lo = f(t - d);
    out[i] = lo === f(t + d) && v !== 0 ? (v < 0 ? -lo : lo) : Math.tanh(v);
  }
}

/** Table nodes per unit of |x|: h = 1/128. */
const NODES_PER_UNIT = 128;
/** From here on fround(Math.tanh(|x|)) is 1: 1 - tanh(9.1) = 2.5e-8 < 2^-25, half an ulp below 1. */
const SATURATION = 9.1;
/** tanh at the nodes k h, and h times its derivative 1 - tanh^2 there (Hermite's data). */
const NODE_TANH = new Float64Array(Math.ceil(SATURATION * NODES_PER_UNIT) + 2);
const NODE_SLOPE = new Float64Array(NODE_TANH.length);
for (let k = 0; k < NODE_TANH.length; k++) {
  const t = Math.tanh(k / NODES_PER_UNIT);
  NODE_TANH[k] = t;
  NODE_SLOPE[k] = (1 - t * t) / NODES_PER_UNIT;
}
// tanh's Taylor coefficients (x^3, ..., x^11 after x): -1/3, 2/15, -17/315, 62/2835, -1382/155925.
const [T3, T5, T7, T9, T11] = [-1 / 3, 2 / 15, -17 / 315, 62 / 2835, -1382 / 155925];

/**
 * The same results from a table and Taylor's series, calling Math.tanh for about 1 value in 400
 * (normally distributed pre-activations). With a = |x|:
 * - a < 1/16: the series to a^11. It alternates with shrinking terms, so it is off by at most
 *   the next one, 0.0036 a^13 < 2e-17 t; with the rounding of its few operations and Math.tanh's
 *   own ulp, within 1e-15 t: d = 2e-15 t.
 * - a < 9.1: cubic Hermite interpolation between the nodes k/128 and (k+1)/128, from tanh and
 *   its derivative at both. Its error is at most h^4/384 max|d^4 tanh/dx^4| = (1/128)^4/384 *
 *   4.09 = 4.0e-11 (the fourth derivative is 8t(2 - 3t^2)(1 - t^2), largest 4.086 at t = 0.398);
 *   the nodes' own roundings and the dozen operations add about 1e-15: d = 5e-11.
 * - a >= 9.1: +-1 (see SATURATION). NaN stays NaN; +-0 goes to Math.tanh (for its sign).
 * Values left undecided are marked NaN and passed to Math.tanh in a second loop, so that the
 * main loop holds no call.
 */
export function tanhFromTable(x: Float32Array, out: Float32Array): void {
  const f = Math.fround;
  let undecided = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const a = Math.abs(v);
    let t: number;
    let d: number;
    if (a < 0.0625) {
      const a2 = a * a;
      t = a + a * a2 * (T3 + a2 * (T5 + a2 * (T7 + a2 * (T9 + a2 * T11))));
      d = t * 2e-15;
    } else if (a < SATURATION) {
      const y = a * NODES_PER_UNIT;
      const k = y | 0;
      const s = y - k; // exact: a is a float32, and 128 a only shifts its exponent
      const t0 = NODE_TANH[k];
      const d0 = NODE_SLOPE[k];
      const d1 = NODE_SLOPE[k + 1];
      const dt = NODE_TANH[k + 1] - t0;
      t = t0 + s * (d0 + s * (3 * dt - 2 * d0 - d1 + s * (d0 + d1 - 2 * dt)));
      d = 5e-11;
    } else {
      out[i] = a >= SATURATION ? (v < 0 ? -1 : 1) : v; // else a, and v, are NaN
      continue;
    }
    const lo = f(t - d);
    if (lo === f(t + d) && v !== 0) out[i] = v < 0 ? -lo : lo;
    else {
      out[i] = NaN;
      undecided++;
    }
  }
  if (undecided > 0)
    for (let i = 0; i < x.length; i++) if (out[i] !== out[i]) out[i] = Math.tanh(x[i]);
}

/** tfjs-backend-cpu's own loop. */
export function tanhFromMath(x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
}

let picked: ((x: Float32Array, out: Float32Array) => void) | null = null;

/**
 * The fastest of the three loops on this JavaScript engine, timed once over 4096 values, after
 * 30 warm-up calls each so that the engine has compiled them (15 ms in all in Node). All give the
 * same numbers, so the pick only changes the speed.
 */
export function fastestTanhLoop(): (x: Float32Array, out: Float32Array) => void {
  if (picked) return picked;
  const x = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i) * 3);
  const out = new Float32Array(x.length);
  const loops = [tanhFromTable, tanhFromExp, tanhFromMath];
  for (let round = 0; round < 30; round++) for (const loop of loops) loop(x, out);
  // Each loop's best of 9 timings, taken in turns: a pause of the process (another process
  // scheduled, a GC) then spoils one timing of each loop rather than all of one loop's, which
  // once picked Math.tanh (1.7x slower than the table here) for a whole Node training run.
  const best = loops.map(() => Infinity);
  for (let round = 0; round < 9; round++)
    loops.forEach((loop, k) => {
      const start = performance.now();
      loop(x, out);
      best[k] = Math.min(best[k], performance.now() - start);
    });
  picked = loops[best.indexOf(Math.min(...best))];
  return picked;
}

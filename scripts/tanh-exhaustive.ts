/**
 * Checks policies/cpuTanh.ts's fast loops against tfjs's own (fround(Math.tanh(x))) on every one
 * of the 2^32 float32 bit patterns: both signs, zeros, subnormals, infinities and NaNs. Takes
 * about a minute a loop in Node; the unit tests check a 3-million-value sweep instead.
 *
 *   npx tsx scripts/tanh-exhaustive.ts
 */
import { tanhFromExp, tanhFromMath, tanhFromTable } from '../src/core/policies/cpuTanh';

const CHUNK = 1 << 22;
const x = new Float32Array(CHUNK);
const bits = new Uint32Array(x.buffer);
const want = new Float32Array(CHUNK);
const got = new Float32Array(CHUNK);
let failed = false;
for (const loop of [tanhFromTable, tanhFromExp]) {
  let mismatches = 0;
  for (let start = 0; start < 2 ** 32; start += CHUNK) {
    for (let i = 0; i < CHUNK; i++) bits[i] = start + i;
    tanhFromMath(x, want);
    loop(x, got);
    for (let i = 0; i < CHUNK; i++)
      if (!Object.is(got[i], want[i]) && mismatches++ < 5)
        console.log(`${loop.name}(${x[i]}) = ${got[i]}, Math.tanh gives ${want[i]}`);
  }
  console.log(`${loop.name}: ${mismatches} of 2^32 float32 inputs differ from fround(Math.tanh)`);
  failed ||= mismatches > 0;
}
process.exit(failed ? 1 : 0);

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { experimentArbitrary } from './arbitraries';
import { defaultExperiment, ExperimentSchema, MAX_RUNS } from './schema';
import { decodeExperiment, encodeExperiment, MAX_HASH_LENGTH } from './urlCodec';

/**
 * Fuzz: 10,000+ random and mutated hashes. Whatever comes in, decoding returns a valid experiment
 * and never throws, and what it returns is stable: encoding and decoding it again changes nothing.
 */

const NASTY = [
  '',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '9'.repeat(400),
  '0x10',
  ' 1',
  '1,2,,3',
  '/',
  '%',
  '%E0%A4%A',
  '%00',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '__proto__',
  'constructor',
  'true',
  'null',
  '😀',
  '\u202e',
  '\ud800',
  'suite',
  'custom',
  'max',
];
const KEYS = [
  'v',
  'env',
  'bandit',
  'arms',
  'arms2',
  'sd',
  'weights',
  'suite.tasks',
  'grid',
  'grid.rows',
  'grid.rewards',
  'grid.slip',
  'level',
  'levels',
  'sokoban',
  'gen.boxes',
  'steps',
  'policy',
  'hidden',
  'episodes',
  'group',
  'updates',
  'speed',
  'runs',
  'run1',
  'run1.lr',
  'run2.seed',
  'run2.episodes',
  'run1.label',
  'run3.klCoef',
  'run17.lr',
  'run0',
  'charts',
  'panels',
  'x',
  'band',
  'env_hide',
  '__proto__',
  'run1.__proto__',
];

const nastyValue = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.double().map(String),
  fc.integer().map(String),
);

/** encodeURIComponent, or (for a lone surrogate) the bytes a broken encoder would write. */
function enc(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

type Mutation = (pairs: string[], rnd: number, value: string) => string[];
const MUTATIONS: Mutation[] = [
  (p, r) => p.filter((_, i) => i !== r % Math.max(1, p.length)), // drop a pair
  (p, r) => (p.length ? [...p, p[r % p.length]] : p), // duplicate a pair
  (p, r, v) => p.map((kv, i) => (i === r % p.length ? kv.split('=')[0] + '=' + enc(v) : kv)),
  (p, r, v) => p.map((kv, i) => (i === r % p.length ? v + kv : kv)), // garble a key
  (p, r, v) => [...p, `${KEYS[r % KEYS.length]}=${v}`], // a known key with a nasty value (raw)
  (p, r, v) => [...p, `${KEYS[r % KEYS.length]}=${enc(v)}`],
  (p, r) => p.map((kv) => kv.slice(0, Math.max(0, kv.length - (r % 5)))), // truncate values
  (p, r) => [...p].sort(() => (r % 2 ? 1 : -1)), // reorder
  (p) => p.map((kv) => kv.replace('=', '')), // lose the '='
];

// Base links: a fixed sample of valid experiments (generating one costs more than decoding it).
const BASES = fc
  .sample(experimentArbitrary, { numRuns: 300, seed: 20240601 })
  .map((x) => encodeExperiment(x).split('&').filter(Boolean));

const mutatedHash = fc
  .tuple(
    fc.constantFrom(...BASES),
    fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat(), nastyValue), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([base, muts]) => {
    let pairs = base;
    for (const [m, r, v] of muts) pairs = MUTATIONS[m](pairs, r, v);
    return pairs.join('&');
  });

const randomHash = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(fc.tuple(fc.constantFrom(...KEYS), nastyValue), { maxLength: 12 })
    .map((kvs) => kvs.map(([k, v]) => `${k}=${v}`).join('&')),
);

let checked = 0;

function checkDecoded(hash: string): void {
  const r = decodeExperiment(hash);
  // Plain checks, not expect(): this runs 10,000 times and must stay fast.
  if (r.notices.some((n) => n.startsWith('internal error'))) throw new Error(r.notices.join('\n'));
  if (!ExperimentSchema.safeParse(r.experiment).success) throw new Error('invalid experiment');
  // Stable (every 4th hash, for time): the decoded experiment survives a clean round trip.
  if (checked++ % 4 === 0) {
    const again = decodeExperiment(encodeExperiment(r.experiment, r.hidden));
    expect(again.notices).toEqual([]);
    expect(again.experiment).toEqual(r.experiment);
  }
}

describe('URL hash codec: fuzz', () => {
  it('survives 6,000 mutated valid encodings', () => {
    fc.assert(fc.property(mutatedHash, checkDecoded), { numRuns: 6000 });
  });

  it('survives 4,000 random strings', () => {
    fc.assert(fc.property(randomHash, checkDecoded), { numRuns: 4000 });
  });

  it('reports every invalid value and unknown key injected into a valid link', () => {
    const BAD: [string, string][] = [
      ['episodes', '0'],
      ['episodes', 'NaN'],
      ['group', '1.5'],
      ['updates', '1e999'],
      ['speed', '-1'],
      ['speed', 'fast'],
      ['env', 'mars'],
      ['policy', '<script>'],
      ['charts', 'meanReturn,nope'],
      ['panels', 'charts,charts'],
      ['x', 'time'],
      ['band', ''],
      ['runs', String(MAX_RUNS + 1)],
      ['runs', '0'],
      ['run1', 'sarsa'],
      ['run1.lr', '-1'],
      ['run1.seed', '-3'],
      ['run1.episodes', '0'],
      ['run1.episodes', '4097'],
      ['run1.episodes', '2.5'],
      ['run1.color', 'red'],
      ['run1.label', ''],
      ['run1.hidden', 'yes'],
      ['run1.id', 'a b'],
      ['run1.stdDdof', '2'],
      ['run1.gamma', '1.5'],
      ['run1.bogus', '1'],
      ['zzz', '1'],
      ['hidden', '0'],
      ['v', 'one'],
    ];
    fc.assert(
      fc.property(experimentArbitrary, fc.constantFrom(...BAD), (x, [key, value]) => {
        const base = encodeExperiment(x)
          .split('&')
          .filter((kv) => kv && !kv.startsWith(`${key}=`) && !kv.startsWith('runs='));
        const hash = [...base, `${key}=${encodeURIComponent(value)}`].join('&');
        const r = decodeExperiment(hash);
        expect(r.notices.some((n) => n.includes(key))).toBe(true);
        expect(ExperimentSchema.safeParse(r.experiment).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any hash over the length limit', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: MAX_HASH_LENGTH + 1, maxLength: MAX_HASH_LENGTH + 50 }),
        (s) => {
          const r = decodeExperiment(s);
          expect(r.experiment).toEqual(defaultExperiment());
          expect(r.notices).toEqual([expect.stringContaining('too long')]);
        },
      ),
      { numRuns: 20 },
    );
  });
});

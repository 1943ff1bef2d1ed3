import { describe, expect, it } from 'vitest';
import { Rng, RngBank } from './rng';

describe('Rng', () => {
  it('gives the same numbers for the same seed', () => {
    const a = Rng.fromSeed(42);
    const b = Rng.fromSeed(42);
    for (let i = 0; i < 1000; i++) expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('gives different numbers for different seeds, including 0 and 1', () => {
    const a = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.nextUint32()
      )(Rng.fromSeed(0)),
    );
    const b = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.nextUint32()
      )(Rng.fromSeed(1)),
    );
    expect(a).not.toEqual(b);
  });

  it('split streams do not depend on what the parent drew before', () => {
    const root = Rng.fromSeed(7);
    const before = root.split('env').nextUint32();
    for (let i = 0; i < 100; i++) root.uniform();
    root.split('sampling');
    expect(root.split('env').nextUint32()).toBe(before);
  });

  it('split streams are pairwise uncorrelated', () => {
    const root = Rng.fromSeed(3);
    const n = 20000;
    const names = ['env', 'init', 'sampling', 'shuffle', 0, 1, 2];
    const streams = names.map((l) => root.split(l));
    const xs = streams.map((s) => Float64Array.from({ length: n }, () => s.uniform() - 0.5));
    for (let p = 0; p < xs.length; p++)
      for (let q = p + 1; q < xs.length; q++) {
        let c = 0;
        for (let i = 0; i < n; i++) c += xs[p][i] * xs[q][i];
        // Correlation of independent uniforms has sd 1/sqrt(n) ~ 0.007; 5 sd bound.
        expect(Math.abs(c / n / (1 / 12))).toBeLessThan(5 / Math.sqrt(n));
      }
  });

  it('uniform has the mean and variance of U(0,1)', () => {
    const r = Rng.fromSeed(11);
    const n = 100000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      s += u;
      s2 += u * u;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('int(n) is uniform over 0..n-1', () => {
    const r = Rng.fromSeed(5);
    const counts = new Array(7).fill(0);
    const n = 70000;
    for (let i = 0; i < n; i++) counts[r.int(7)]++;
    for (const c of counts)
      expect(Math.abs(c - n / 7)).toBeLessThan(5 * Math.sqrt((n * (1 / 7) * 6) / 7));
    expect(() => r.int(0)).toThrow(/integer in \[1, 2\^32\]/);
  });

  it('categorical matches its probabilities', () => {
    const r = Rng.fromSeed(9);
    const p = [0.1, 0.6, 0.3];
    const counts = [0, 0, 0];
    const n = 50000;
    for (let i = 0; i < n; i++) counts[r.categorical(p)]++;
    counts.forEach((c, k) => expect(c / n).toBeCloseTo(p[k], 2));
  });

  it('normal has mean 0 and variance 1', () => {
    const r = Rng.fromSeed(13);
    const n = 100000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('state can be saved and restored to replay the same numbers', () => {
    const r = Rng.fromSeed(1);
    r.uniform();
    const st = r.getState();
    const a = [r.uniform(), r.uniform()];
    r.setState(st);
    expect([r.uniform(), r.uniform()]).toEqual(a);
  });
});

describe('RngBank', () => {
  it('stream i equals parent.split(i) drawn alone', () => {
    const parent = Rng.fromSeed(21);
    const bank = new RngBank(parent, 5);
    for (let i = 0; i < 5; i++) {
      const alone = parent.split(i);
      for (let k = 0; k < 50; k++) expect(bank.nextUint32(i)).toBe(alone.nextUint32());
    }
  });
});

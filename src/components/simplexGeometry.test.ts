import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barycentric, simplexPoint, simplexTriangle } from './simplexGeometry';

// Side 2: height √3, vertices (0, √3), (2, √3), (1, 0).
const T = simplexTriangle(2);
const r3 = Math.sqrt(3);

describe('simplex geometry', () => {
  it('puts action 1 bottom left, action 2 bottom right, action 3 on top (SVG y down)', () => {
    expect(T).toEqual([
      [0, r3],
      [2, r3],
      [1, 0],
    ]);
    expect(simplexTriangle(2, 10, 20)[2]).toEqual([11, 20]);
  });

  it('maps a pure policy to its vertex and the uniform policy to the centroid', () => {
    expect(simplexPoint([1, 0, 0], T)).toEqual([0, r3]);
    expect(simplexPoint([0, 0, 1], T)).toEqual([1, 0]);
    const c = simplexPoint([1 / 3, 1 / 3, 1 / 3], T)!;
    expect(c[0]).toBeCloseTo(1, 12);
    expect(c[1]).toBeCloseTo((2 * r3) / 3, 12); // centroid: mean of the three y's
  });

  it('maps a 50/50 policy to the middle of the edge between the two actions', () => {
    expect(simplexPoint([0.5, 0, 0.5], T)).toEqual([0.5, r3 / 2]);
  });

  it('reads a policy from a flattened table at an offset and normalises float32 rounding', () => {
    const table = Float32Array.from([9, 9, 0.2, 0.2, 0.6000001]);
    const p = simplexPoint(table, T, 2)!;
    const q = barycentric(p, T);
    expect(q[0]).toBeCloseTo(0.2, 6);
    expect(q[2]).toBeCloseTo(0.6, 6);
  });

  it('draws nothing for a missing or invalid policy', () => {
    expect(simplexPoint([NaN, NaN, NaN], T)).toBeNull();
    expect(simplexPoint([0, 0, 0], T)).toBeNull();
    expect(simplexPoint([-0.1, 0.6, 0.5], T)).toBeNull();
  });

  it('refuses a degenerate triangle', () => {
    expect(() => simplexTriangle(0)).toThrow(/positive/);
  });

  it('barycentric inverts simplexPoint and every policy lands inside the triangle (property)', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        ([a, b, c]) => {
          fc.pre(a + b + c > 1e-6);
          const p = simplexPoint([a, b, c], T)!;
          const q = barycentric(p, T);
          const s = a + b + c;
          expect(q[0]).toBeCloseTo(a / s, 9);
          expect(q[1]).toBeCloseTo(b / s, 9);
          expect(q[2]).toBeCloseTo(c / s, 9);
          for (const v of q) expect(v).toBeGreaterThan(-1e-9);
        },
      ),
    );
  });

  it('gives a negative coordinate outside the triangle', () => {
    expect(Math.min(...barycentric([3, 0], T))).toBeLessThan(0);
  });
});

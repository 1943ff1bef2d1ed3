import { describe, expect, it } from 'vitest';
import { project, projectionBasis } from './projection';

const dot = (x: ArrayLike<number>, y: ArrayLike<number>) =>
  Array.from(x).reduce((s, v, i) => s + v * y[i], 0);

describe('axes for drawing logit gradients', () => {
  it('3 arms: an orthonormal basis of {sum x = 0}, arm 1 on top as in the simplex', () => {
    const b = projectionBasis([0.1, -0.05, -0.05]);
    expect(b.kind).toBe('simplex');
    expect(dot(b.u1, b.u1)).toBeCloseTo(1, 14);
    expect(dot(b.u2, b.u2)).toBeCloseTo(1, 14);
    expect(dot(b.u1, b.u2)).toBeCloseTo(0, 14);
    expect(dot(b.u1, [1, 1, 1])).toBeCloseTo(0, 14);
    expect(dot(b.u2, [1, 1, 1])).toBeCloseTo(0, 14);
    const [x0, y0, x1, y1, x2, y2] = project([1, 0, 0, 0, 1, 0, 0, 0, 1], b);
    expect([x0, y0]).toEqual([0, 2 / Math.sqrt(6)]);
    expect(x1).toBeLessThan(0); // arm 2 bottom left
    expect(x2).toBeGreaterThan(0); // arm 3 bottom right
    expect(y1).toBeCloseTo(y2, 14);
  });

  it('3 arms: nothing is lost, a vector with sum 0 keeps its length', () => {
    const g = [0.3, -0.1, -0.2];
    const [x, y] = project(g, projectionBasis(g));
    expect(Math.hypot(x, y)).toBeCloseTo(Math.hypot(...g), 14);
  });

  it('5 arms: x is the exact gradient, y the direction the estimates spread most besides', () => {
    const exact = [0.2, -0.2, 0, 0, 0];
    const spread = [0, 0, 1, -1, 0]; // orthogonal to exact and to (1,...,1)
    const samples = Float64Array.from({ length: 5 * 40 }, (_, i) => {
      const m = Math.floor(i / 5);
      return exact[i % 5] + (m % 2 ? 1 : -1) * (1 + (m % 3)) * 0.1 * spread[i % 5];
    });
    const b = projectionBasis(exact, [samples], 40);
    expect(b.kind).toBe('gradient-and-pc');
    expect(dot(b.u1, exact) / Math.hypot(...exact)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(b.u2, spread)) / Math.SQRT2).toBeCloseTo(1, 6);
    expect(dot(b.u2, [1, 1, 1, 1, 1])).toBeCloseTo(0, 12);
  });
});

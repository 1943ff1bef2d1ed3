import { describe, expect, it } from 'vitest';
import {
  fromPlane,
  MIN_PROB,
  policyVelocity,
  projectOntoSimplex,
  toPlane,
} from './simplexGeometry';

describe('simplex picker geometry', () => {
  it('a policy survives the round trip through the plane', () => {
    const pi = [0.5, 0.3, 0.2];
    const [x, y] = toPlane(pi);
    fromPlane(x, y).forEach((p, a) => expect(p).toBeCloseTo(pi[a], 12));
  });
  it('the uniform policy is at the origin; arm 1 is straight up', () => {
    const [x, y] = toPlane([1 / 3, 1 / 3, 1 / 3]);
    expect(x).toBeCloseTo(0, 14);
    expect(y).toBeCloseTo(0, 14);
    const [x1, y1] = toPlane([1, 0, 0]);
    expect(x1).toBeCloseTo(0, 14);
    expect(y1).toBeGreaterThan(0);
  });
  it('a point far outside lands inside with every probability >= MIN_PROB', () => {
    const pi = fromPlane(0, 10);
    expect(Math.min(...pi)).toBeGreaterThanOrEqual(MIN_PROB - 1e-12);
    expect(pi.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(pi[0]).toBeGreaterThan(0.9);
  });
  it('projection onto the simplex: inside points stay, outside ones go to the nearest edge', () => {
    expect(projectOntoSimplex([0.2, 0.3, 0.5])).toEqual([0.2, 0.3, 0.5]);
    expect(projectOntoSimplex([1, 1, -1])).toEqual([0.5, 0.5, 0]);
  });
  it('the policy velocity sums to 0 and moves mass to the arm whose logit grows', () => {
    const v = policyVelocity([0.5, 0.3, 0.2], [0, 0, 1]);
    expect(v.reduce((s, d) => s + d, 0)).toBeCloseTo(0, 14);
    expect(v[2]).toBeCloseTo(0.2 * 0.8, 14);
  });
});

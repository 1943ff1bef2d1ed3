import { describe, expect, it } from 'vitest';
import { goodArmCoverage, goodArms } from './coverage';

describe('good arms', () => {
  it('are the arms within 5% of the reward range below the best, ties included', () => {
    expect(goodArms([1, 0, 0, 1, 0, 1])).toEqual([0, 3, 5]);
    // Range 0.2..0.8: the cut is 0.8 - 0.05 * 0.6 = 0.77.
    expect(goodArms([0.2, 0.78, 0.76, 0.8])).toEqual([1, 3]);
  });

  it('every arm is good when all arms are equal', () => {
    expect(goodArms([0.5, 0.5, 0.5])).toEqual([0, 1, 2]);
  });
});

describe('good-arm coverage', () => {
  const means = [
    [1, 0, 1, 0],
    [0, 1, 1, 1],
  ];

  it('a uniform policy covers every good arm', () => {
    expect(goodArmCoverage(new Float32Array(8).fill(0.25), means)).toBe(1);
  });

  it('collapse onto one good arm covers 1 / (number of good arms) per task', () => {
    const probs = [
      [0.97, 0.01, 0.01, 0.01], // task 0: 1 of 2 good arms
      [0.01, 0.01, 0.49, 0.49], // task 1: 2 of 3 good arms
    ].flat();
    expect(goodArmCoverage(probs, means)).toBeCloseTo((1 / 2 + 2 / 3) / 2, 12);
  });

  it('the threshold is inclusive and can be changed', () => {
    const probs = [0.05, 0.9, 0.05, 0, 0.25, 0.25, 0.25, 0.25];
    expect(goodArmCoverage(probs, means)).toBe(1);
    expect(goodArmCoverage(probs, means, 0.1)).toBe(0.5);
  });

  it('NaN while some task has no probabilities yet; a clear error for a table of the wrong size', () => {
    const probs = [NaN, NaN, NaN, NaN, 0.25, 0.25, 0.25, 0.25];
    expect(goodArmCoverage(probs, means)).toBeNaN();
    expect(() => goodArmCoverage(new Float32Array(6), means)).toThrow(/expected 2 tasks x 4 arms/);
  });
});

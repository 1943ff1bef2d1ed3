import { describe, expect, it } from 'vitest';
import { judge, scalingOf, TARGETS } from './targets';

const t = (envStepsPerSec: number, updatesPerSec: number) => ({
  envStepsPerSec,
  updatesPerSec,
  seconds: 1,
});

describe('scalingOf', () => {
  it('is time per update of all runs over 1 run, and runs / that for the efficiency', () => {
    // 16 runs: 2 updates/s; 1 run: 8 updates/s -> 16 runs cost 4x the time, 4x cheaper per run.
    const s = scalingOf(t(0, 2), t(0, 8), 16);
    expect(s.scalingRuns).toBe(16);
    expect(s.scaling).toBeCloseTo(4, 12);
    expect(s.perRunEfficiency).toBeCloseTo(4, 12);
    // Linear cost: 16 runs take 16x as long, efficiency 1.
    expect(scalingOf(t(0, 1), t(0, 16), 16).perRunEfficiency).toBeCloseTo(1, 12);
  });

  it('rejects a measurement without updates and a run count below 1', () => {
    expect(() => scalingOf(t(0, 0), t(0, 1), 16)).toThrow(/positive update rate/);
    expect(() => scalingOf(t(0, 1), t(0, 1), 0)).toThrow(/runs must be >= 1/);
  });
});

describe('judge', () => {
  it('tabular: ratio against 0.5 of the hand-written loop, scaling16 for 16 runs', () => {
    const j = judge({
      tabular: true,
      trainer: t(600, 10),
      trainer1Run: t(100, 25),
      reference: t(1000, 1),
      runs: 16,
    });
    expect(j.ratio).toBeCloseTo(0.6, 12);
    expect(j.ratioTarget).toBe(`>= ${TARGETS.tabularRatio}`);
    expect(j.scaling).toBeCloseTo(2.5, 12);
    expect(j.scaling16).toBe(j.scaling);
    expect(j.perRunEfficiency).toBeCloseTo(6.4, 12);
    expect(j.met).toEqual({ ratio: true, scaling: true });
  });

  it('neural: ratio against 20x naive; 8 runs give scalingRuns 8 and no scaling16', () => {
    const j = judge({
      tabular: false,
      trainer: t(1900, 1),
      trainer1Run: t(500, 4),
      reference: t(100, 1),
      runs: 8,
    });
    expect(j.ratio).toBeCloseTo(19, 12);
    expect(j.scalingRuns).toBe(8);
    expect(j.scaling16).toBeUndefined();
    expect(j.scalingTarget).toBe('<= 3 (8 runs vs 1)');
    expect(j.met).toEqual({ ratio: false, scaling: false });
  });

  it('rejects a reference that took no steps', () => {
    expect(() =>
      judge({ tabular: true, trainer: t(1, 1), trainer1Run: t(1, 1), reference: t(0, 0), runs: 1 }),
    ).toThrow(/reference took no env steps/);
  });
});

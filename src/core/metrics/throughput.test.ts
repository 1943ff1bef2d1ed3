import { describe, expect, it } from 'vitest';
import { RateMeter } from './throughput';

describe('RateMeter', () => {
  it('no rates before two samples', () => {
    const m = new RateMeter(1000);
    expect(m.windowRates().envStepsPerSecond).toBeNaN();
    m.record(0, 0, 0);
    expect(m.windowRates().updatesPerSecond).toBeNaN();
  });

  it('steady speed: window and overall agree (CleanRL SPS)', () => {
    const m = new RateMeter(1000);
    for (let k = 0; k <= 20; k++) m.record(k * 100, k * 50, k); // 500 steps/s, 10 updates/s
    expect(m.windowRates().envStepsPerSecond).toBeCloseTo(500, 9);
    expect(m.windowRates().updatesPerSecond).toBeCloseTo(10, 9);
    expect(m.windowRates().seconds).toBeCloseTo(1, 9);
    expect(m.overallRates().envStepsPerSecond).toBeCloseTo(500, 9);
  });

  it('the window follows a change of speed; the overall average lags', () => {
    const m = new RateMeter(1000);
    let steps = 0;
    for (let k = 0; k <= 10; k++) m.record(k * 100, (steps = k * 100), k); // 1000 steps/s for 1 s
    for (let k = 11; k <= 30; k++) m.record(k * 100, (steps += 10), k); // then 100 steps/s
    expect(m.windowRates().envStepsPerSecond).toBeCloseTo(100, 9);
    expect(m.overallRates().envStepsPerSecond).toBeCloseTo(steps / 3, 9);
  });

  it('samples further apart than the window still give a rate (one anchor kept)', () => {
    const m = new RateMeter(1000);
    m.record(0, 0, 0);
    m.record(5000, 100, 1);
    expect(m.windowRates()).toEqual({ envStepsPerSecond: 20, updatesPerSecond: 0.2, seconds: 5 });
  });

  it('a small capacity keeps the newest samples', () => {
    const m = new RateMeter(1e9, 3);
    for (let k = 0; k < 10; k++) m.record(k * 1000, k * 10 + (k > 6 ? 100 : 0), k);
    // Kept: t = 7, 8, 9 s.
    expect(m.windowRates().seconds).toBe(2);
    expect(m.windowRates().envStepsPerSecond).toBe(10);
  });

  it('time going backwards is an error; reset starts over', () => {
    const m = new RateMeter();
    m.record(100, 0, 0);
    expect(() => m.record(50, 1, 1)).toThrow(/backwards/);
    m.reset();
    m.record(50, 0, 0);
    m.record(1050, 30, 3);
    expect(m.overallRates().envStepsPerSecond).toBe(30);
  });
});

import { describe, expect, it } from 'vitest';
import { noLongTask, percentile, summarizeMainThread } from './mainThread';

describe('percentile (nearest rank)', () => {
  it('picks the value at rank ceil(p/100 * n)', () => {
    const v = [5, 1, 4, 2, 3];
    expect(percentile(v, 0)).toBe(1);
    expect(percentile(v, 50)).toBe(3);
    expect(percentile(v, 95)).toBe(5);
    expect(percentile(v, 100)).toBe(5);
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(twenty, 95)).toBe(19);
    expect(percentile([], 95)).toBeNull();
  });

  it('rejects p outside [0, 100]', () => {
    expect(() => percentile([1], 101)).toThrow(/p must be in \[0, 100\]/);
  });
});

describe('summarizeMainThread', () => {
  it('counts only long tasks and frames inside the window', () => {
    const tasks = [
      { startTime: 50, duration: 400 }, // before the window
      { startTime: 120, duration: 80 },
      { startTime: 300, duration: 210 },
      { startTime: 900, duration: 60 }, // after
    ];
    const frames = [90, 100, 116, 132.04, 400, 416, 1000];
    const s = summarizeMainThread(tasks, frames, 100, 500);
    expect(s.longTasks).toBe(2);
    expect(s.longestMs).toBe(210);
    // Intervals 16, 16, 268, 16.
    expect(s.frames).toBe(5);
    expect(s.frameMaxMs).toBe(268);
    expect(s.frameP95Ms).toBe(268);
    expect(noLongTask(s)).toBe(false);
  });

  it('an idle window: no long task, frames at 60 Hz, target met', () => {
    const frames = Array.from({ length: 61 }, (_, i) => i * 16.5);
    const s = summarizeMainThread([], frames, 0, 1000);
    expect(s).toEqual({
      longTasks: 0,
      longestMs: 0,
      frameP95Ms: 16.5,
      frameMaxMs: 16.5,
      frames: 61,
    });
    expect(noLongTask(s)).toBe(true);
    expect(noLongTask({ ...s, longestMs: 200 })).toBe(true);
  });

  it('no frames (a hidden page): frame figures are null', () => {
    const s = summarizeMainThread([], [10], 0, 100);
    expect(s.frameP95Ms).toBeNull();
    expect(s.frameMaxMs).toBeNull();
    expect(() => summarizeMainThread([], [], 5, 1)).toThrow(/ends before it starts/);
  });
});

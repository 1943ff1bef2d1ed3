import { describe, expect, it } from 'vitest';
import { describeTimings, medianMs, pickBackend, type BackendTiming } from './backendChoice';

const measured = (backend: BackendTiming['backend'], msPerStep: number, label?: string) =>
  ({ backend, outcome: 'measured', msPerStep, steps: 5, label }) as const;

describe('medianMs', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(medianMs([3, 1, 2])).toBe(2);
    expect(medianMs([4, 1, 3, 2])).toBe(2.5);
    // One garbage-collection pause does not move it.
    expect(medianMs([2, 2, 2, 90])).toBe(2);
  });
  it('rejects empty and non-finite input', () => {
    expect(() => medianMs([])).toThrow(/no durations/);
    expect(() => medianMs([1, NaN])).toThrow(/finite/);
    expect(() => medianMs([-1])).toThrow(/>= 0/);
  });
});

describe('pickBackend', () => {
  it('picks the fastest measured backend', () => {
    const pick = pickBackend([
      measured('webgpu', 60, 'webgpu (SwiftShader)'),
      measured('wasm', 4.1),
      measured('webgl', 9.8),
      measured('cpu', 31),
    ]);
    expect(pick).toEqual({ backend: 'wasm', reason: 'wasm: fastest measured (4.10 ms/step)' });
  });

  it('breaks a tie within 10% by preference (wasm before webgpu), outside 10% by time', () => {
    expect(pickBackend([measured('webgpu', 10), measured('wasm', 10.9)])?.backend).toBe('wasm');
    expect(pickBackend([measured('webgpu', 10), measured('wasm', 11.1)])?.backend).toBe('webgpu');
    expect(pickBackend([measured('webgpu', 10), measured('wasm', 10.9)])?.reason).toMatch(
      /within 10% of the fastest/,
    );
  });

  it('skips failed, unavailable and untimed backends', () => {
    const pick = pickBackend([
      { backend: 'webgpu', outcome: 'unavailable', why: 'no adapter' },
      { backend: 'wasm', outcome: 'failed', error: 'boom' },
      measured('cpu', 31),
      { backend: 'webgl', outcome: 'not-timed', why: 'not timed (budget spent)' },
    ]);
    expect(pick).toEqual({
      backend: 'cpu',
      reason: 'cpu: the only backend that completed a timed step (31.0 ms/step)',
    });
  });

  it('falls back to the preference order when every backend ran over its cap', () => {
    const pick = pickBackend([
      { backend: 'cpu', outcome: 'over-cap', warmupMs: 400 },
      { backend: 'webgl', outcome: 'over-cap', warmupMs: 410 },
      { backend: 'wasm', outcome: 'over-cap', warmupMs: 900 },
    ]);
    expect(pick?.backend).toBe('wasm');
    expect(pick?.reason).toMatch(/over its time cap, so picked by preference/);
  });

  it('counts a CPU backend at its time divided by the workers that would share the runs', () => {
    const timings = [measured('webgpu', 5), measured('wasm', 16), measured('cpu', 40)];
    expect(pickBackend(timings)?.backend).toBe('webgpu');
    expect(pickBackend(timings, 2)?.backend).toBe('webgpu');
    expect(pickBackend(timings, 8)).toEqual({
      backend: 'wasm',
      reason: 'wasm: fastest measured (16.0 ms/step; 2.00 with the runs split over 8 workers)',
    });
    // 16 / 3 = 5.33 is within 10% of 5: the tie goes to wasm.
    expect(pickBackend(timings, 3)?.reason).toMatch(/within 10% of the fastest/);
    expect(describeTimings(timings, 'wasm', 8)).toBe(
      'webgpu 5.00 ms/step, wasm 16.0 ms, cpu 40.0 ms: picked wasm (wasm and cpu split over 8 workers)',
    );
  });

  it('returns null when nothing ran', () => {
    expect(pickBackend([])).toBeNull();
    expect(pickBackend([{ backend: 'wasm', outcome: 'failed', error: 'x' }])).toBeNull();
  });
});

describe('describeTimings', () => {
  it('lists the backends fastest first, then the ones without a time, and the pick', () => {
    const text = describeTimings(
      [
        measured('cpu', 31),
        { backend: 'webgl', outcome: 'failed', error: 'no context' },
        measured('webgpu', 60, 'webgpu (SwiftShader)'),
        measured('wasm', 4.1),
        { backend: 'webgl', outcome: 'over-cap', warmupMs: 450 },
      ],
      'wasm',
    );
    expect(text).toBe(
      'wasm 4.10 ms/step, cpu 31.0 ms, webgpu (SwiftShader) 60.0 ms, webgl over the cap (warm-up ≥ 450 ms), webgl failed: picked wasm',
    );
  });
  it('says when no backend worked', () => {
    expect(describeTimings([{ backend: 'cpu', outcome: 'failed', error: 'x' }], null)).toBe(
      'cpu failed: no backend worked',
    );
  });
});

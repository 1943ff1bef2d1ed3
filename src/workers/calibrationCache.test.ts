import { describe, expect, it } from 'vitest';
import {
  clearCalibrations,
  readCalibration,
  writeCalibration,
  type CachedCalibration,
} from './calibrationCache';

const entry: CachedCalibration = {
  backend: 'wasm',
  reason: 'wasm: fastest measured (4.10 ms/step)',
  timings: [{ backend: 'wasm', outcome: 'measured', msPerStep: 4.1, steps: 5 }],
  workload: 'mlp-in16-h64-a4-r2-e32-t8',
  measuredAt: '2026-12-03T06:00:00.000Z',
};

describe('calibration cache without IndexedDB (Node, private modes)', () => {
  it('keeps calibrations for this page, says why they are not stored, and clears them', async () => {
    expect(typeof indexedDB).toBe('undefined');
    expect(await readCalibration('k')).toBeNull();
    expect(await writeCalibration('k', entry)).toBe('IndexedDB is not available');
    expect(await readCalibration('k')).toEqual(entry);
    expect(await readCalibration('other')).toBeNull();
    expect(await clearCalibrations()).toBeNull();
    expect(await readCalibration('k')).toBeNull();
  });
});

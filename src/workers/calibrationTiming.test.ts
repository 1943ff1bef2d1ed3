import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickBackend } from '../core/backendChoice';
import type { WorkloadShape } from '../core/backendChoiceWorkload';
import { timeBackends } from './calibrationTiming';

/**
 * Calibration under Node: only tfjs's cpu backend starts here (no WebGPU adapter, no WebGL, and
 * the wasm binary is a browser URL), so this also shows that failing backends are skipped.
 */
const NO_GPU = { available: false, software: false, description: null, shortName: null };

describe('timeBackends', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('times the MLP workload on cpu and reports every other backend without throwing', async () => {
    const shape: WorkloadShape = {
      kind: 'mlp',
      runs: 2,
      envsPerRun: 4,
      inputSize: 6,
      observationNonzeros: 2,
      hidden: [16],
      numActions: 3,
      rolloutSteps: 2,
    };
    const before = tf.memory().numTensors;
    const timings = await timeBackends(shape, NO_GPU);
    expect(timings.map((t) => t.backend)).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
    const cpu = timings.find((t) => t.backend === 'cpu');
    expect(cpu?.outcome).toBe('measured');
    if (cpu?.outcome === 'measured') {
      expect(cpu.msPerStep).toBeGreaterThan(0);
      expect(cpu.steps).toBeGreaterThanOrEqual(1);
    }
    expect(timings.find((t) => t.backend === 'webgpu')).toMatchObject({ outcome: 'unavailable' });
    expect(timings.find((t) => t.backend === 'webgl')?.outcome).toMatch(/failed|not-timed/);
    expect(timings.find((t) => t.backend === 'wasm')?.outcome).toBe('failed');
    expect(pickBackend(timings)?.backend).toBe('cpu');
    // The calibration networks and data are freed.
    await tf.setBackend('cpu');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('times a CNN workload (grid observations) too', async () => {
    const timings = await timeBackends(
      {
        kind: 'cnn',
        runs: 1,
        envsPerRun: 2,
        grid: [3, 4, 2],
        observationNonzeros: 12,
        conv: [4],
        hidden: [8],
        numActions: 4,
        rolloutSteps: 2,
      },
      NO_GPU,
    );
    expect(timings.find((t) => t.backend === 'cpu')?.outcome).toBe('measured');
  });
});

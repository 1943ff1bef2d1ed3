import { describe, expect, it } from 'vitest';
import { GRID_PRESETS } from './envs/gridworld';
import type { TrainConfig } from './train/config';
import { Rng } from './rng';
import {
  calibrationKey,
  calibrationObservations,
  forwardMacsPerRow,
  octave,
  workloadClass,
  workloadShape,
  type BrowserSignature,
} from './backendChoiceWorkload';

const run = (id: string, episodesPerUpdate?: number) => ({
  id,
  label: id,
  preset: 'reinforce',
  overrides: {},
  seed: 1,
  episodesPerUpdate,
});

const grid = (policy: TrainConfig['policy'], runs = [run('a'), run('b', 32)]): TrainConfig => ({
  env: { family: 'gridworld', map: GRID_PRESETS.frozenlake4x4 },
  policy,
  episodesPerUpdate: 16,
  runs,
});

describe('workloadShape', () => {
  it('is tabular for tabular policies, whatever the env', () => {
    expect(workloadShape(grid({ kind: 'tabular' }))).toEqual({ kind: 'tabular' });
  });

  it('reads an MLP workload from the env and the runs (largest env count)', () => {
    const shape = workloadShape(grid({ kind: 'mlp', hidden: [64, 64] }));
    expect(shape).toEqual({
      kind: 'mlp',
      runs: 2,
      envsPerRun: 32,
      inputSize: 16,
      observationNonzeros: 1,
      hidden: [64, 64],
      numActions: 4,
      rolloutSteps: 8,
    });
  });

  it('counts the nonzeros of an observation (one-hot cells), which the calibration copies', () => {
    const game = workloadShape({
      env: { family: '2048', params: {} },
      policy: { kind: 'mlp', hidden: [64] },
      episodesPerUpdate: 8,
      runs: [run('a')],
    });
    expect(game).toMatchObject({ inputSize: 256, observationNonzeros: 16 });
    const x = calibrationObservations(3, 256, 16, Rng.fromSeed(1));
    for (let row = 0; row < 3; row++) {
      const cells = Array.from({ length: 16 }, (_, c) =>
        x.subarray(row * 256 + c * 16, row * 256 + c * 16 + 16).reduce((a, b) => a + b, 0),
      );
      expect(cells).toEqual(Array(16).fill(1)); // one 1 in every group of 16
    }
    expect(calibrationObservations(2, 3, 3, Rng.fromSeed(1)).every((v) => v > 0 && v < 1)).toBe(
      true,
    );
  });

  it('reads a CNN workload with the observation grid; short episodes shorten the rollout', () => {
    const shape = workloadShape({
      env: { family: 'sokoban', levels: ['#####\n#@$.#\n#####'], maxSteps: 3 },
      policy: { kind: 'cnn', conv: [16], hidden: [32] },
      episodesPerUpdate: 4,
      runs: [run('a')],
    });
    expect(shape).toMatchObject({ kind: 'cnn', grid: [3, 5, 7], conv: [16], rolloutSteps: 3 });
  });

  it('gives a heavy network fewer acting passes per calibration step, at least one', () => {
    const config = (envs: number): TrainConfig => ({
      env: { family: 'sokoban', levels: ['#######\n#@ $ .#\n#######'] },
      policy: { kind: 'cnn', conv: [16, 16], hidden: [64] },
      episodesPerUpdate: envs,
      runs: [run('a'), run('b')],
    });
    // 3x7 grid, 7 channels: 21*9*7*16 + 21*9*16*16 + 21*16*64 + 64*4 = 91,840 MACs per row.
    const light = workloadShape(config(4));
    const heavy = workloadShape(config(64));
    const huge = workloadShape(config(2048));
    expect(light.kind === 'cnn' && light.rolloutSteps).toBe(8);
    // floor(20e6 / (3 * 91840 * 2 * 64)) = 0 -> 1 pass.
    expect(heavy.kind === 'cnn' && heavy.rolloutSteps).toBe(1);
    expect(huge.kind === 'cnn' && huge.rolloutSteps).toBe(1);
  });

  it('throws a clear message for an experiment without runs', () => {
    expect(() => workloadShape(grid({ kind: 'mlp', hidden: [8] }, []))).toThrow(/no runs/);
  });
});

describe('forwardMacsPerRow', () => {
  it('counts dense layers in x out', () => {
    const mlp = { kind: 'mlp', inputSize: 16, hidden: [64, 64], numActions: 4 } as const;
    expect(forwardMacsPerRow(mlp)).toBe(16 * 64 + 64 * 64 + 64 * 4);
  });
  it('counts 3x3 convolutions per cell, then the dense layers on the flattened grid', () => {
    const cnn = { kind: 'cnn', grid: [3, 5, 7], conv: [16], hidden: [32], numActions: 4 } as const;
    expect(forwardMacsPerRow(cnn)).toBe(15 * 9 * 7 * 16 + 15 * 16 * 32 + 32 * 4);
  });
});

describe('octave', () => {
  it('rounds up to a power of two', () => {
    expect([1, 2, 3, 4, 5, 16, 17].map(octave)).toEqual([1, 2, 4, 4, 8, 16, 32]);
    expect(() => octave(0)).toThrow(/>= 1/);
  });
});

describe('workloadClass and calibrationKey', () => {
  const mlp = workloadShape(grid({ kind: 'mlp', hidden: [64, 64] }));

  it('names the layers exactly and the batch by octave', () => {
    expect(workloadClass(mlp)).toBe('mlp-in16-nz1-h64x64-a4-r2-e32-t8');
    expect(workloadClass({ kind: 'tabular' })).toBe('tabular');
    // 30 envs share the 32-env measurement; other hidden sizes do not.
    const near = workloadShape(grid({ kind: 'mlp', hidden: [64, 64] }, [run('a', 30), run('b')]));
    expect(workloadClass(near)).toBe(workloadClass(mlp));
    const wider = workloadShape(grid({ kind: 'mlp', hidden: [128, 64] }));
    expect(workloadClass(wider)).not.toBe(workloadClass(mlp));
  });

  it('separates browsers, adapters and core counts', () => {
    const sig: BrowserSignature = { userAgent: 'Chrome/140', adapter: null, cores: 2 };
    const key = calibrationKey(sig, workloadClass(mlp));
    expect(key).toBe('v2|Chrome/140|gpu:none|cores:2|mlp-in16-nz1-h64x64-a4-r2-e32-t8');
    expect(calibrationKey({ ...sig, adapter: 'google / swiftshader' }, 'x')).not.toBe(
      calibrationKey(sig, 'x'),
    );
    expect(calibrationKey({ ...sig, cores: 8 }, 'x')).not.toBe(calibrationKey(sig, 'x'));
  });
});

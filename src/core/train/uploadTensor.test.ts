import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { tensor3dInPieces, uploadTensor3d } from './uploadTensor';

describe('uploading a large tensor in pieces (webgpu)', () => {
  const values = Float32Array.from({ length: 2 * 5 * 3 }, (_, i) => i * 0.5 - 3);
  const shape: [number, number, number] = [2, 5, 3];

  it('gives the same tensor as one upload, whatever the piece size', () => {
    const whole = Array.from(tf.tensor3d(values, shape).dataSync());
    // 12 bytes = one row per piece, 40 bytes = 3 rows, 4 bytes = still one whole row, and larger.
    for (const pieceBytes of [4, 12, 40, 1000]) {
      const t = tensor3dInPieces(values, shape, pieceBytes);
      expect(t.shape).toEqual(shape);
      expect(Array.from(t.dataSync())).toEqual(whole);
      t.dispose();
    }
  });

  it('leaves no tensors behind but the result, and off webgpu is a plain tensor3d', () => {
    const before = tf.memory().numTensors;
    const t = tensor3dInPieces(values, shape, 12);
    expect(tf.memory().numTensors).toBe(before + 1);
    t.dispose();
    const u = uploadTensor3d(values, shape);
    expect(Array.from(u.dataSync())).toEqual(Array.from(values));
    u.dispose();
  });

  it('names a size mismatch', () => {
    expect(() => tensor3dInPieces(values, [2, 5, 4], 12)).toThrow(/30 values do not fill/);
  });
});

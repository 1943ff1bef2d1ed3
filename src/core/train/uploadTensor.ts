import * as tf from '@tensorflow/tfjs-core';

/**
 * Largest piece uploaded at once on webgpu. tfjs-backend-webgpu 4.22 uploads a tensor through
 * buffers created with mappedAtCreation, and Chromium can refuse those when large: the bench's
 * 2048 workload (8 runs x 256 envs x 256 inputs = 2 MB per step) failed on SwiftShader with
 * "createBuffer failed, size (2097152) is too large for the implementation when
 * mappedAtCreation == true". Pieces of at most this size, joined on the device, avoid it.
 */
export const WEBGPU_UPLOAD_PIECE_BYTES = 1 << 19;

/** A float32 tensor of `shape` from `values`: in pieces on webgpu when large, else at once. */
export function uploadTensor3d(values: Float32Array, shape: [number, number, number]): tf.Tensor3D {
  if (tf.getBackend() !== 'webgpu' || values.length * 4 <= WEBGPU_UPLOAD_PIECE_BYTES)
    return tf.tensor3d(values, shape);
  return tensor3dInPieces(values, shape, WEBGPU_UPLOAD_PIECE_BYTES);
}

/**
 * The same tensor as tf.tensor3d(values, shape), made from pieces of whole rows (the last axis)
 * of at most `pieceBytes` each and concatenated.
 */
export function tensor3dInPieces(
  values: Float32Array,
  shape: [number, number, number],
  pieceBytes: number,
): tf.Tensor3D {
  const rowLength = shape[2];
  const rows = shape[0] * shape[1];
  if (values.length !== rows * rowLength)
    throw new Error(`tensor3dInPieces: ${values.length} values do not fill shape [${shape}]`);
  const rowsPerPiece = Math.max(1, Math.floor(pieceBytes / (4 * rowLength)));
  return tf.tidy(() => {
    const pieces: tf.Tensor2D[] = [];
    for (let from = 0; from < rows; from += rowsPerPiece) {
      const n = Math.min(rowsPerPiece, rows - from);
      pieces.push(
        tf.tensor2d(values.subarray(from * rowLength, (from + n) * rowLength), [n, rowLength]),
      );
    }
    return tf.reshape(pieces.length === 1 ? pieces[0] : tf.concat(pieces, 0), shape);
  });
}

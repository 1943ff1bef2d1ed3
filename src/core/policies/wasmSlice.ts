import * as tf from '@tensorflow/tfjs-core';
import { overrideKernel } from './kernelOverride';

/**
 * A contiguous Slice kernel for the wasm backend that copies only the slice.
 *
 * Why: tfjs-backend-wasm 4.22's Slice starts with `backend.readSync(x)`, which copies the whole
 * input out of the wasm heap into a new array, then copies the slice from that copy. Taking the
 * R runs out of an [R, N, I] batch (tf.unstack, tf.split) therefore copies the batch R times,
 * which dominated a 2048 update (8 runs x 4096 steps x 256 inputs: 43% of the time in readSync,
 * 17% in garbage collection). Here a contiguous slice (every run's rows are) copies heap to heap;
 * any other slice goes to the original kernel. String tensors also go there.
 *
 * Installed once per process, the first time a stacked layer runs on wasm (stackedMatMul.ts).
 */
interface WasmBackendHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
}

let installed = false;

export function installContiguousWasmSlice(): void {
  if (installed) return;
  installed = overrideKernel('Slice', 'wasm', (args, original) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { begin, size } = args.attrs as unknown as { begin: number[]; size: number[] };
    const [begin_, size_] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin_, size_))
      return original(args);
    const backend = args.backend as unknown as WasmBackendHeap;
    const offset = tf.slice_util.computeFlatOffset(begin_, tf.util.computeStrides(x.shape));
    const length = tf.util.sizeFromShape(size_);
    const out = backend.makeOutput(size_, x.dtype);
    // Views of the heap: no copy until set(). Read after makeOutput (which may grow the heap).
    const source = backend.typedArrayFromHeap(x);
    backend.typedArrayFromHeap(out).set(source.subarray(offset, offset + length));
    return out;
  }); // false when the wasm backend is not registered in this bundle
}

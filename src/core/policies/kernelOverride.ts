import * as tf from '@tensorflow/tfjs-core';

/**
 * Put `kernel` in front of tfjs's own kernel `name` on `backend`: it gets the call and the
 * original kernel, to hand over the cases it does not take. Returns false (and changes nothing)
 * when the backend has no such kernel in this bundle. Used by the kernels of cpuKernels.ts,
 * webgpuKernels.ts and wasmSlice.ts, each installed once per process.
 */
export function overrideKernel(
  name: string,
  backend: string,
  kernel: (
    args: Parameters<tf.KernelFunc>[0],
    original: tf.KernelFunc,
  ) => ReturnType<tf.KernelFunc>,
): boolean {
  const original = tf.getKernel(name, backend)?.kernelFunc;
  if (!original) return false;
  tf.unregisterKernel(name, backend);
  tf.registerKernel({
    kernelName: name,
    backendName: backend,
    kernelFunc: (args) => kernel(args, original),
  });
  return true;
}

/** The shape of a reduction of `shape` over `axes`, as tfjs's reductions give it. */
export function reducedShape(shape: number[], axes: number[], keepDims: boolean): number[] {
  const [outShape] = tf.backend_util.computeOutAndReduceShapes(shape, axes);
  return keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
}

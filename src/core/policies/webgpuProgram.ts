import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

/**
 * Our own compute shaders in tfjs-backend-webgpu's program format (as its own kernels are
 * written): one invocation per output element, `main(index)` gets the flat output index, inputs
 * are read with the generated accessors (getX(d0, d1, ...), or x[flatIndex]) and written with
 * setOutputAtIndex. Only types are imported from the webgpu package, so src/core still loads in
 * Node, where no webgpu backend exists.
 */
interface WebGPUBackendLike {
  runWebGPUProgram(
    program: WebGPUProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    programDefinedUniform?: { type: string; data: number[] }[],
  ): tf.TensorInfo;
}

const WORKGROUP: [number, number, number] = [64, 1, 1];

/**
 * A program with a flat dispatch over `outputShape`; `body` runs with `index` and `coords`, or,
 * with `perInvocation` > 1, with `index` = the invocation, which writes outputs
 * index * perInvocation onwards itself (`coords` is then not defined).
 */
export function flatProgram(
  shaderKey: string,
  variableNames: string[],
  outputShape: number[],
  body: string,
  uniforms?: string,
  perInvocation = 1,
): WebGPUProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  const guard =
    perInvocation === 1
      ? `if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);`
      : `if (index * ${perInvocation} < uniforms.size) {`;
  return {
    shaderKey: `${shaderKey}x${perInvocation}`,
    variableNames,
    outputShape,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / perInvocation / WORKGROUP[0]), 1, 1],
    workgroupSize: WORKGROUP,
    size: true,
    uniforms,
    getUserCode: () => `
      fn main(index : i32) {
        ${guard}
          ${body}
        }
      }`,
  };
}

/** Run `program` on the webgpu backend (inside a kernel, pass that kernel's backend). */
export function runProgram(
  program: WebGPUProgram,
  inputs: tf.TensorInfo[],
  int32Uniforms: number[] = [],
  backend: unknown = tf.backend(),
): tf.TensorInfo {
  const uniforms = int32Uniforms.map((v) => ({ type: 'int32', data: [v] }));
  return (backend as WebGPUBackendLike).runWebGPUProgram(program, inputs, 'float32', uniforms);
}

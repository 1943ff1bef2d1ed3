import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The .wasm binaries are bundled by Vite and served by the app itself, so wasm works offline.
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, BackendInfo, BackendName } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

interface AdapterReport {
  readonly available: boolean;
  readonly software: boolean;
  readonly description: string | null;
}

/**
 * What WebGPU adapter this context gets. A software adapter (SwiftShader) is 20-30x slower than
 * wasm for small networks (architecture.md), so `auto` skips it; `?backend=webgpu` still uses it.
 */
/** The slice of the WebGPU API we read (avoids depending on @webgpu/types for three fields). */
interface MinimalGpu {
  requestAdapter(): Promise<{
    readonly info?: { vendor?: string; architecture?: string; description?: string };
    readonly isFallbackAdapter?: boolean;
  } | null>;
}

async function probeWebGpu(): Promise<AdapterReport> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: MinimalGpu }).gpu;
  if (!gpu) return { available: false, software: false, description: null };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, software: false, description: null };
    const info = adapter.info;
    const description =
      [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' / ') ||
      'unknown';
    const software =
      info?.architecture === 'swiftshader' ||
      /swiftshader|llvmpipe|software/i.test(description) ||
      adapter.isFallbackAdapter === true;
    return { available: true, software, description };
  } catch {
    return { available: false, software: false, description: null };
  }
}

async function trySet(name: BackendName): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `tfjs could not initialise ${name}`;
    await tf.ready();
    // Prove it computes: a tiny op must round-trip.
    const probe = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])));
    const v = (await probe.data())[0];
    probe.dispose();
    return v === 6 ? null : `${name} returned a wrong result`;
  } catch (e) {
    return `${name} failed: ${(e as Error).message}`;
  }
}

/** Picks and initialises the tfjs backend, reporting which and why. */
export async function chooseBackend(requested: BackendChoice): Promise<BackendInfo> {
  const notices: string[] = [];
  const gpu = await probeWebGpu();
  const adapter = gpu.description;

  if (requested !== 'auto') {
    if (requested === 'webgpu' && !gpu.available) {
      notices.push(
        'Backend "webgpu" was requested but this browser offers no WebGPU adapter; choosing automatically.',
      );
    } else {
      const err = await trySet(requested);
      if (!err) {
        const reason =
          requested === 'webgpu' && gpu.software
            ? `webgpu: forced by ?backend=webgpu on a software adapter (${adapter})`
            : `${requested}: forced by ?backend=${requested}`;
        return { requested, backend: requested, reason, adapter, notices };
      }
      notices.push(
        `Backend "${requested}" was requested but is unavailable (${err}); choosing automatically.`,
      );
    }
  }

  if (gpu.available && !gpu.software) {
    const err = await trySet('webgpu');
    if (!err)
      return {
        requested,
        backend: 'webgpu',
        reason: `webgpu: hardware adapter (${adapter})`,
        adapter,
        notices,
      };
    notices.push(`WebGPU adapter found but tfjs failed on it (${err}).`);
  }
  const whyNotGpu = !gpu.available
    ? 'no WebGPU adapter'
    : gpu.software
      ? `only a software WebGPU adapter (${adapter}), slower than wasm`
      : 'WebGPU failed';
  for (const name of ['wasm', 'webgl', 'cpu'] as const) {
    const err = await trySet(name);
    if (!err)
      return { requested, backend: name, reason: `${name}: ${whyNotGpu}`, adapter, notices };
    notices.push(`${name} unavailable (${err}).`);
  }
  throw new Error(`no tfjs backend could be initialised: ${notices.join(' ')}`);
}

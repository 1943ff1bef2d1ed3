import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The .wasm binaries are bundled by Vite and served by the app itself, so wasm works offline.
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendCalibration, BackendChoice, BackendInfo, BackendName } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

export interface AdapterReport {
  readonly available: boolean;
  readonly software: boolean;
  /** vendor / architecture / description, for the cache key and the UI. */
  readonly description: string | null;
  /** A short name for timing lists, e.g. "swiftshader". */
  readonly shortName: string | null;
}

/** The slice of the WebGPU API we read (avoids depending on @webgpu/types for three fields). */
interface MinimalGpu {
  requestAdapter(): Promise<{
    readonly info?: { vendor?: string; architecture?: string; description?: string };
    readonly isFallbackAdapter?: boolean;
  } | null>;
}

const NO_ADAPTER: AdapterReport = {
  available: false,
  software: false,
  description: null,
  shortName: null,
};

/**
 * What WebGPU adapter this context gets. A software adapter (SwiftShader) is usually far slower
 * than wasm for small networks (architecture.md); calibration times it like the others.
 */
export async function probeWebGpu(): Promise<AdapterReport> {
  // Optional: Node (the coordinator's tests) has no navigator before version 21.
  const gpu = (globalThis.navigator as (Navigator & { gpu?: MinimalGpu }) | undefined)?.gpu;
  if (!gpu) return NO_ADAPTER;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return NO_ADAPTER;
    const info = adapter.info;
    const description =
      [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' / ') ||
      'unknown';
    const software =
      info?.architecture === 'swiftshader' ||
      /swiftshader|llvmpipe|software/i.test(description) ||
      adapter.isFallbackAdapter === true;
    const shortName = info?.architecture || info?.vendor || info?.description || 'unknown';
    return { available: true, software, description, shortName };
  } catch {
    return NO_ADAPTER;
  }
}

/** Switches tfjs to `name` and proves it computes; null on success, else why not. */
export async function trySet(name: BackendName): Promise<string | null> {
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

/** Until a neural experiment starts, `auto` runs on the first of these that works (no timing). */
const PROVISIONAL_ORDER = ['wasm', 'cpu', 'webgl'] as const;

/**
 * Initialises the tfjs backend at worker start. A forced backend (?backend=x) is used as is and
 * never calibrated; `auto` starts on wasm and is measured at the first Start of a neural
 * experiment (calibration.ts), when the workload's shape is known.
 */
export async function chooseBackend(
  requested: BackendChoice,
  probed?: AdapterReport,
): Promise<BackendInfo> {
  const notices: string[] = [];
  const gpu = probed ?? (await probeWebGpu());
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
        const calibration: BackendCalibration = {
          status: 'forced',
          summary: `forced by ?backend=${requested}: not calibrated`,
          timings: [],
          workload: null,
          measuredAt: null,
        };
        return { requested, backend: requested, reason, adapter, notices, calibration };
      }
      notices.push(
        `Backend "${requested}" was requested but is unavailable (${err}); choosing automatically.`,
      );
    }
  }

  for (const name of PROVISIONAL_ORDER) {
    const err = await trySet(name);
    if (!err)
      return {
        requested,
        backend: name,
        reason: `${name}: auto, until the first Start of a neural experiment measures the backends`,
        adapter,
        notices,
        calibration: {
          status: 'pending',
          summary: 'measured at the first Start of a neural (MLP or CNN) experiment',
          timings: [],
          workload: null,
          measuredAt: null,
        },
      };
    notices.push(`${name} unavailable (${err}).`);
  }
  throw new Error(`no tfjs backend could be initialised: ${notices.join(' ')}`);
}

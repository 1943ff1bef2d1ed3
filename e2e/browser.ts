/**
 * Chromium launch settings shared by the end-to-end tests and the browser bench. These flags give
 * headless Debian Chromium a real (software, SwiftShader) WebGPU adapter, also inside workers
 * (architecture.md), and keep it from reaching for the network this machine does not have.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  ...(typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : []),
];

/** A device from the browser's navigator.gpu. Browser-safe: no Node imports. */
import { reportAdapter } from './adapter-report.js';
import { openDevice } from './device-limits.js';
import { NoAdapterError, type GpuHandle } from './gpu-handle.js';

/**
 * A WebGPU device from the browser's navigator.gpu (high-performance adapter).
 * @throws NoAdapterError when the browser has no WebGPU or no adapter (the message says what to enable).
 */
export async function acquireBrowserGpu(): Promise<GpuHandle> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    throw new NoAdapterError(
      'This browser has no WebGPU (navigator.gpu is missing): use a recent Chrome/Edge/Firefox over https or localhost.',
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new NoAdapterError(
      'WebGPU is present but no adapter was found: enable hardware acceleration (or chrome://flags #enable-unsafe-webgpu).',
    );
  }
  const device = await openDevice(adapter);
  return { device, adapter: reportAdapter(adapter), destroy: () => device.destroy() };
}

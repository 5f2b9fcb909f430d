/**
 * A device in Node through Dawn (npm `webgpu`). Node only — browser code must never import this.
 *
 * On Linux with no GPU, Dawn finds no Vulkan driver (or one it refuses, like lavapipe). Debian's
 * chromium ships SwiftShader, a CPU Vulkan driver Dawn accepts. The Vulkan loader reads
 * VK_ICD_FILENAMES when Dawn creates its instance, and setting it in process.env before a second
 * `create()` is enough (checked with webgpu 0.6.2), so we retry once with it pointed there.
 */
import { existsSync } from 'node:fs';
import { create } from 'webgpu';
import { reportAdapter } from './adapter-report.js';
import { openDevice, type RequiredLimits } from './device-limits.js';
import { NoAdapterError, type GpuHandle } from './gpu-handle.js';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

async function requestAdapter(): Promise<GPUAdapter | null> {
  const gpu = create([]) as unknown as GPU;
  return gpu.requestAdapter({ powerPreference: 'high-performance' });
}

export async function acquireNodeGpu(opts: { requiredLimits?: RequiredLimits } = {}): Promise<GpuHandle> {
  let adapter = await requestAdapter();
  if (!adapter && process.platform === 'linux' && process.env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    adapter = await requestAdapter();
  }
  if (!adapter) throw new NoAdapterError(noAdapterMessage());
  const device = await openDevice(adapter, opts.requiredLimits);
  return { device, adapter: reportAdapter(adapter), destroy: () => device.destroy() };
}

function noAdapterMessage(): string {
  if (process.platform === 'linux') {
    return existsSync(SWIFTSHADER_ICD)
      ? `No usable WebGPU adapter, even with SwiftShader (${SWIFTSHADER_ICD}): install libvulkan1 (apt-get install libvulkan1) or a GPU Vulkan driver.`
      : 'No usable WebGPU adapter: install a Vulkan GPU driver, or SwiftShader via `apt-get install --no-install-recommends libvulkan1 chromium`.';
  }
  return `No usable WebGPU adapter on ${process.platform}: Dawn needs a GPU driver (Metal on macOS, D3D12 on Windows, Vulkan on Linux).`;
}

/**
 * A device in Node through Dawn (npm `webgpu`). Node only — browser code must never import this.
 *
 * On Linux with no GPU, Dawn finds no Vulkan driver (or one it refuses, like lavapipe). Debian's
 * chromium ships SwiftShader, a CPU Vulkan driver Dawn accepts. The Vulkan loader reads
 * VK_ICD_FILENAMES when Dawn creates its instance, and setting it in process.env before a second
 * `create()` is enough (checked with webgpu 0.6.2), so we retry once with it pointed there.
 */
import { existsSync, readdirSync } from 'node:fs';
import { create } from 'webgpu';
import { reportAdapter } from './adapter-report.js';
import { openDevice, type RequiredLimits } from './device-limits.js';
import { NoAdapterError, type GpuHandle } from './gpu-handle.js';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Dawn's instances, held for the life of the process: an instance that
 * is garbage-collected while its device lives takes Dawn down with it (seen as random aborts,
 * "The futex facility returned an unexpected error code").
 */
const liveInstances = new Set<GPU>();

async function requestAdapter(dawnFlags: string[]): Promise<{ gpu: GPU; adapter: GPUAdapter } | null> {
  const gpu = create(dawnFlags) as unknown as GPU;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  return adapter ? { gpu, adapter } : null;
}

export interface NodeGpuOptions {
  /** Limits to request beyond what the passes ask for by default (capped at the adapter's). */
  requiredLimits?: RequiredLimits;
  /**
   * Bounds-check every buffer access in shaders (WebGPU's default). Turning it off
   * (Dawn's `disable_robustness` toggle) makes SwiftShader several times faster on these kernels —
   * every kernel here guards its own indices — but an out-of-bounds bug would then be undefined
   * behaviour instead of a clamped read. For benchmarks; default true.
   */
  robustBufferAccess?: boolean;
}

/** Whether the kernel exposes any GPU device node (DRM render node, NVIDIA, WSL's dxg). */
function gpuDeviceNodesPresent(): boolean {
  const has = (dir: string, prefix: string) => {
    try {
      return readdirSync(dir).some((name) => name.startsWith(prefix));
    } catch {
      return false;
    }
  };
  return has('/dev/dri', 'renderD') || has('/dev', 'nvidia') || existsSync('/dev/dxg');
}

export async function acquireNodeGpu(opts: NodeGpuOptions = {}): Promise<GpuHandle> {
  const dawnFlags = opts.robustBufferAccess === false ? ['enable-dawn-features=disable_robustness'] : [];
  // With no GPU device at all, go straight to SwiftShader: a first attempt would only fail and
  // make the Vulkan loader print "Found no drivers!" warnings on stderr.
  if (process.platform === 'linux' && !process.env.VK_ICD_FILENAMES && !gpuDeviceNodesPresent() && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  let found = await requestAdapter(dawnFlags);
  if (!found && process.platform === 'linux' && process.env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    found = await requestAdapter(dawnFlags);
  }
  if (!found) throw new NoAdapterError(noAdapterMessage());
  const { gpu, adapter } = found;
  liveInstances.add(gpu);
  const device = await openDevice(adapter, opts.requiredLimits);
  return {
    device,
    adapter: reportAdapter(adapter),
    // The instance stays in liveInstances: Dawn may still call back into it after destroy().
    destroy: () => device.destroy(),
  };
}

function noAdapterMessage(): string {
  if (process.platform === 'linux') {
    return existsSync(SWIFTSHADER_ICD)
      ? `No usable WebGPU adapter, even with SwiftShader (${SWIFTSHADER_ICD}): check that libvulkan1 is installed (apt-get install libvulkan1) and no VK_LOADER_* setting hides the driver.`
      : 'No usable WebGPU adapter: install a Vulkan GPU driver, or SwiftShader via `apt-get install --no-install-recommends libvulkan1 chromium`.';
  }
  return `No usable WebGPU adapter on ${process.platform}: Dawn needs a GPU driver (Metal on macOS, D3D12 on Windows, Vulkan on Linux).`;
}

/**
 * A device in Node through Dawn (npm `webgpu`). Node only — browser code must never import this.
 *
 * On Linux with no GPU, Dawn finds no Vulkan driver (or one it refuses, like lavapipe). Debian's
 * chromium ships SwiftShader, a CPU Vulkan driver Dawn accepts. The Vulkan loader reads
 * VK_ICD_FILENAMES when Dawn creates its instance, and setting it in process.env before `create()`
 * is enough (checked with webgpu 0.6.2). The system's drivers are tried in a child process first
 * (see probeAdapter), so their warnings are captured, and SwiftShader is used when they give no
 * adapter; the handle says which adapter was used and why.
 */
import { existsSync, readdirSync } from 'node:fs';
import { create } from 'webgpu';
import { escapeText, quoteIfNeeded } from '../../text/quote.js';
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

/** A Node device, with which adapter was chosen and why, and what the driver wrote on the way. */
export interface NodeGpuHandle extends GpuHandle {
  /** One phrase: why this adapter, e.g. "no GPU device found; using SwiftShader (software)". */
  readonly reason: string;
  /** What the Vulkan loader and Dawn wrote to stderr while looking for an adapter ('' when nothing). */
  readonly driverNoise: string;
}

/** No adapter at all; carries what the drivers wrote, for --verbose. */
export class NodeNoAdapterError extends NoAdapterError {
  constructor(
    message: string,
    readonly driverNoise: string,
  ) {
    super(message);
  }
}

/**
 * Asks for an adapter in a child process, so whatever the Vulkan loader and Dawn print on stderr
 * (they write to file descriptor 2 directly, out of reach of process.stderr) is captured instead
 * of shown, and a broken driver cannot take this process down. ~0.3 s; only run when the system's
 * drivers are tried (a machine with a GPU device node, or VK_ICD_FILENAMES set by the user).
 */
async function probeAdapter(env: NodeJS.ProcessEnv): Promise<{ found: boolean; noise: string }> {
  const { execFile } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  const dawn = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  const script = `const { create } = await import(${JSON.stringify(dawn)});
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
process.stdout.write(adapter ? 'found' : 'none');
process.exit(0);`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { env, timeout: 30_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ found: !err && stdout === 'found', noise: `${stderr}${err && !stderr ? `${err.message}\n` : ''}` });
    });
  });
}

/** The first line of driver noise worth quoting in the one-line reason. */
function firstNoiseLine(noise: string): string {
  const lines = noise.split('\n');
  const line = lines.find((l) => /found no drivers/i.test(l)) ?? lines.find((l) => /failed|error|cannot/i.test(l)) ?? lines[0] ?? '';
  return escapeText(line.replace(/^Warning:\s*/, '').trim().slice(0, 120));
}

/** The device (see acquireNodeGpu in src/index.ts, the library's lazily loading wrapper). @throws NoAdapterError */
export async function acquireNodeGpu(opts: NodeGpuOptions = {}): Promise<NodeGpuHandle> {
  const dawnFlags = opts.robustBufferAccess === false ? ['enable-dawn-features=disable_robustness'] : [];
  const swiftshader = process.platform === 'linux' && existsSync(SWIFTSHADER_ICD);
  const userIcd = process.env.VK_ICD_FILENAMES;
  let reason: string;
  let driverNoise = '';
  if (userIcd === SWIFTSHADER_ICD) {
    reason = 'VK_ICD_FILENAMES points at SwiftShader (software)';
  } else if (swiftshader && !userIcd && !gpuDeviceNodesPresent()) {
    // With no GPU device at all, go straight to SwiftShader: asking the system's drivers would only
    // fail, with "Found no drivers!" warnings.
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    reason = 'no GPU device found; using SwiftShader (software)';
  } else if (swiftshader) {
    const probe = await probeAdapter(process.env);
    driverNoise = probe.noise;
    const tried = userIcd ? `VK_ICD_FILENAMES=${quoteIfNeeded(userIcd)}` : "the system's Vulkan drivers";
    if (probe.found) {
      reason = userIcd ? `the driver VK_ICD_FILENAMES names` : "the system's GPU driver";
    } else {
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
      const why = firstNoiseLine(probe.noise);
      reason = `no usable adapter from ${tried}${why ? ` (${why})` : ''}; using SwiftShader (software)`;
    }
  } else {
    reason = userIcd ? 'the driver VK_ICD_FILENAMES names' : "the system's GPU driver";
  }
  const found = await requestAdapter(dawnFlags);
  if (!found) throw new NodeNoAdapterError(noAdapterMessage(), driverNoise);
  const { gpu, adapter } = found;
  liveInstances.add(gpu);
  const device = await openDevice(adapter, opts.requiredLimits);
  return {
    device,
    adapter: reportAdapter(adapter),
    reason,
    driverNoise,
    pollsFromJs: true,
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

/**
 * Dawn (npm `webgpu`) in Node: the Vulkan driver choice and the browser-like globals that
 * TensorFlow.js and jax-js look for. Every GPU worker process calls `installNavigatorGpu()` first.
 */
import { existsSync } from 'node:fs';

/** Debian's chromium ships SwiftShader, a CPU Vulkan driver; Dawn refuses Debian's lavapipe. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * The environment for a GPU worker. `icd`: 'auto' keeps the caller's VK_ICD_FILENAMES if set, else
 * leaves the loader to find the system driver (the orchestrator probes, then falls back to
 * SwiftShader); 'system' never sets it; 'swiftshader' or a path forces that driver.
 */
export function gpuEnv(icd: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  env.XDG_RUNTIME_DIR ??= '/tmp';
  if (icd === 'swiftshader') env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  else if (icd !== 'auto' && icd !== 'system') env.VK_ICD_FILENAMES = icd;
  return env;
}

export function swiftShaderAvailable(): boolean {
  return existsSync(SWIFTSHADER_ICD);
}

let cached: GPU | null = null;

/**
 * Create Dawn's GPU object once per process and expose it as `navigator.gpu` plus the GPU* classes
 * (GPUBufferUsage, …) as globals, as a browser would. Must run before tfjs-backend-webgpu or jax-js
 * are imported / initialised.
 */
export async function installNavigatorGpu(): Promise<GPU> {
  if (cached) return cached;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const g = globalThis as unknown as { navigator?: Record<string, unknown> };
  const nav = g.navigator ?? {};
  // Node 20 has no navigator; Node 21+ has a read-only one, so define properties rather than assign.
  for (const [key, value] of Object.entries({
    gpu,
    userAgent: nav.userAgent ?? `Node.js/${process.versions.node}`,
    hardwareConcurrency: nav.hardwareConcurrency ?? 2,
  })) {
    Object.defineProperty(nav, key, { value, configurable: true, writable: true });
  }
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
  cached = gpu;
  return gpu;
}

export interface AdapterInfoLite {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
  timestampQuery: boolean;
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

export function describeAdapter(adapter: GPUAdapter): AdapterInfoLite {
  const info = adapter.info;
  const text = `${info.vendor} ${info.architecture} ${info.description}`.toLowerCase();
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    software: /swiftshader|llvmpipe|lavapipe|software/.test(text),
    timestampQuery: adapter.features.has('timestamp-query'),
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}

/** Our own device (roofline, probe): the adapter's full buffer limits, timestamps when offered. */
export async function requestBenchDevice(): Promise<{ adapter: GPUAdapter; device: GPUDevice; info: AdapterInfoLite }> {
  const gpu = await installNavigatorGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter (requestAdapter() returned null)');
  const info = describeAdapter(adapter);
  const device = await adapter.requestDevice({
    requiredFeatures: info.timestampQuery ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  return { adapter, device, info };
}

/**
 * The device limits the passes need. A default device gets WebGPU's minimum limits (128 MiB per
 * storage binding, 16 KiB of workgroup memory); big batches and the fused tiled kernel want more,
 * so we ask for as much as the adapter offers of the few limits that matter, never more.
 */

/** Limits worth raising to the adapter's maximum (each only up to what the adapter reports). */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBuffersPerShaderStage',
] as const;

export type RequiredLimits = Record<string, number>;

export function limitsToRequest(adapter: GPUAdapter, overrides: RequiredLimits = {}): RequiredLimits {
  const limits: RequiredLimits = {};
  const offered = adapter.limits as unknown as Record<string, number>;
  for (const name of RAISED_LIMITS) {
    const max = offered[name];
    if (typeof max === 'number') limits[name] = max;
  }
  for (const [name, value] of Object.entries(overrides)) {
    const max = offered[name];
    limits[name] = typeof max === 'number' ? Math.min(value, max) : value;
  }
  return limits;
}

/** Optional features we use when present: timestamps for the benchmark's GPU time. */
export function featuresToRequest(adapter: GPUAdapter): GPUFeatureName[] {
  return adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
}

/** Opens the device; reports device loss to the console once (the engine also watches `lost`). */
export async function openDevice(adapter: GPUAdapter, overrides?: RequiredLimits): Promise<GPUDevice> {
  return adapter.requestDevice({
    requiredLimits: limitsToRequest(adapter, overrides),
    requiredFeatures: featuresToRequest(adapter),
    label: 'gradient-trace',
  });
}

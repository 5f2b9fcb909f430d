/** What we tell the user about the adapter a pass ran on. */

export interface AdapterReport {
  vendor: string;
  architecture: string;
  description: string;
  /** A CPU implementation (SwiftShader, lavapipe, WARP…): correct, but not GPU speed. */
  software: boolean;
  /** one line, e.g. "SwiftShader driver 5.0.0 (google, swiftshader) — software adapter" */
  summary: string;
}

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|warp|basic render|software/i;

/** Reads GPUAdapterInfo (Chrome ≥ 114 and Dawn expose `adapter.info`). */
export function reportAdapter(adapter: GPUAdapter): AdapterReport {
  const info: Partial<GPUAdapterInfo> = adapter.info ?? {};
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const description = info.description ?? '';
  // `isFallbackAdapter` is the spec's own flag; the names catch software Vulkan drivers that
  // present themselves as ordinary adapters (SwiftShader through Dawn's Vulkan backend does).
  const flagged = Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  const software = flagged || SOFTWARE_NAMES.test(`${vendor} ${architecture} ${description}`);
  const who = [vendor, architecture].filter(Boolean).join(', ');
  const name = description || 'WebGPU adapter';
  const summary = `${name}${who ? ` (${who})` : ''}${software ? ' — software adapter' : ''}`;
  return { vendor, architecture, description, software, summary };
}

/** The WebGPU pass from Node: acquire Dawn's adapter, run once with intermediates, release everything. */
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import type { AdapterReport } from '../gpu/device/adapter-report.js';

export interface GpuOutcome {
  readonly record: PassRecord;
  readonly adapter: AdapterReport;
  /** Why this adapter (e.g. "no GPU device found; using SwiftShader (software)"). */
  readonly reason: string;
  /** What the GPU driver wrote to stderr while the adapter was chosen (shown with --verbose). */
  readonly driverNoise: string;
}

/** A failed WebGPU run, with the driver's captured output. */
export class WebGpuRunError extends Error {
  constructor(
    message: string,
    readonly driverNoise: string,
  ) {
    super(message);
  }
}

export async function runOnWebGpu(network: Network, batch: Batch, intermediates: boolean): Promise<GpuOutcome> {
  // A switch for machines whose GPU driver misbehaves (and for testing the no-adapter path).
  if (process.env.GRADIENT_TRACE_WEBGPU === 'off') throw new Error('WebGPU is switched off (GRADIENT_TRACE_WEBGPU=off)');
  // Loaded on demand: a float64-only run never touches the native Dawn module.
  const { acquireNodeGpu } = await import('../gpu/device/acquire-node.js');
  const { WebGpuEngine } = await import('../gpu/engine.js');
  let handle;
  try {
    handle = await acquireNodeGpu();
  } catch (err) {
    throw new WebGpuRunError((err as Error).message, (err as { driverNoise?: string }).driverNoise ?? '');
  }
  const engine = WebGpuEngine.create(handle);
  try {
    const record = await engine.run(network, batch, { path: 'per-op', intermediates });
    return { record, adapter: handle.adapter, reason: handle.reason, driverNoise: handle.driverNoise };
  } catch (err) {
    throw new WebGpuRunError((err as Error).message, handle.driverNoise);
  } finally {
    engine.dispose();
    handle.destroy();
  }
}

/** The WebGPU pass from Node: acquire Dawn's adapter, run once with intermediates, release everything. */
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import type { AdapterReport } from '../gpu/device/adapter-report.js';

export interface GpuOutcome {
  readonly record: PassRecord;
  readonly adapter: AdapterReport;
}

export async function runOnWebGpu(network: Network, batch: Batch, intermediates: boolean): Promise<GpuOutcome> {
  // A switch for machines whose GPU driver misbehaves (and for testing the no-adapter path).
  if (process.env.GRADIENT_TRACE_WEBGPU === 'off') throw new Error('WebGPU is switched off (GRADIENT_TRACE_WEBGPU=off)');
  // Loaded on demand: a float64-only run never touches the native Dawn module.
  const { acquireNodeGpu } = await import('../gpu/device/acquire-node.js');
  const { WebGpuEngine } = await import('../gpu/engine.js');
  const handle = await acquireNodeGpu();
  const engine = await WebGpuEngine.create(handle);
  try {
    const record = await engine.run(network, batch, { path: 'per-op', intermediates });
    return { record, adapter: handle.adapter };
  } finally {
    engine.dispose();
    handle.destroy();
  }
}

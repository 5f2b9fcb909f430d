/** The WebGPU pass from Node: acquire Dawn's adapter, run once with intermediates, release everything. */
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import type { AdapterReport } from '../gpu/device/adapter-report.js';
import type { GpuHandle } from '../gpu/device/gpu-handle.js';
import { escapeText } from '../text/quote.js';

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

/** --verbose: what the GPU driver wrote while the adapter was chosen, marked as such (escaped line by line). */
export function showDriverNoise(io: { stderr(text: string): void }, noise: string): void {
  const lines = noise.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return;
  io.stderr(`gradient-trace: the GPU driver wrote (while choosing an adapter):\n${lines.map((l) => `  | ${escapeText(l)}\n`).join('')}`);
}

/**
 * The adapter for a view (--cmp, --h-sweep, --break); with `verbose`, what the driver wrote while it
 * was chosen goes to stderr as in the main report — also when no adapter could be had.
 */
export async function acquireForView(verbose: boolean, io: { stderr(text: string): void }): Promise<GpuHandle> {
  if (process.env.GRADIENT_TRACE_WEBGPU === 'off') throw new Error('WebGPU is switched off (GRADIENT_TRACE_WEBGPU=off)');
  const { acquireNodeGpu } = await import('../gpu/device/acquire-node.js');
  try {
    const handle = await acquireNodeGpu();
    if (verbose) showDriverNoise(io, handle.driverNoise);
    return handle;
  } catch (err) {
    if (verbose) showDriverNoise(io, (err as { driverNoise?: string }).driverNoise ?? '');
    throw err;
  }
}

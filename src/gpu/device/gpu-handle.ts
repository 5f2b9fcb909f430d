/**
 * The one small interface both environments (Node via Dawn, a browser via navigator.gpu) hand to
 * the engine: a device, what adapter it came from, and a way to let it go.
 */
import type { AdapterReport } from './adapter-report.js';

export interface GpuHandle {
  readonly device: GPUDevice;
  readonly adapter: AdapterReport;
  /**
   * True when the device's async completions (mapAsync) are polled from the JS thread while they
   * are pending — Dawn's Node binding does; a browser does not. The engine then waits before
   * asking for a map (GpuContext.pollBackoff), so the polling leaves a CPU adapter's cores alone.
   */
  readonly pollsFromJs?: boolean;
  /** Destroys the device. Dawn's Node binding keeps the process alive until this is called. */
  destroy(): void;
}

/** No usable WebGPU adapter. The message is one line: why, and how to get one. */
export class NoAdapterError extends Error {
  override readonly name = 'NoAdapterError';
}

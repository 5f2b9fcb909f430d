/**
 * The one small interface both environments (Node via Dawn, a browser via navigator.gpu) hand to
 * the engine: a device, what adapter it came from, and a way to let it go.
 */
import type { AdapterReport } from './adapter-report.js';

export interface GpuHandle {
  readonly device: GPUDevice;
  readonly adapter: AdapterReport;
  /** Destroys the device. Dawn's Node binding keeps the process alive until this is called. */
  destroy(): void;
}

/** No usable WebGPU adapter. The message is one line: why, and how to get one. */
export class NoAdapterError extends Error {
  override readonly name = 'NoAdapterError';
}

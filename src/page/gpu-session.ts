/**
 * The page's WebGPU side: acquire a device from navigator.gpu once, keep one engine, and run the
 * pass for the latest network. Runs are serialised; a run that a newer request has overtaken
 * before it starts is skipped. When there is no WebGPU the session says why and runs nothing.
 */
import { acquireBrowserGpu } from '../gpu/device/acquire-browser.js';
import type { AdapterReport } from '../gpu/device/adapter-report.js';
import { DEFAULT_INTERMEDIATES_MAX_BATCH, WebGpuEngine } from '../gpu/engine.js';
import { NoAdapterError, type GpuHandle } from '../gpu/device/gpu-handle.js';
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';

export type GpuStatus =
  | { readonly state: 'starting' }
  | { readonly state: 'ready'; readonly adapter: AdapterReport }
  /** No navigator.gpu or no adapter: a fact about the browser, not an error. */
  | { readonly state: 'unavailable'; readonly reason: string }
  /** WebGPU was there but failed (device creation, a run, device loss). */
  | { readonly state: 'failed'; readonly adapter: AdapterReport | null; readonly reason: string };

/** The outcome of one request: a record, or why there is none. */
export type GpuResult = { readonly record: PassRecord; readonly ms: number } | { readonly record: null; readonly reason: string; readonly stale?: boolean };

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}

export class GpuSession {
  status: GpuStatus = { state: 'starting' };
  onStatus: (() => void) | null = null;
  private handle: GpuHandle | null = null;
  private engine: WebGpuEngine | null = null;
  private ready: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private latest = 0;

  /** The device, once ready (the Train panel trains on it with its own buffers); null otherwise. */
  get readyHandle(): GpuHandle | null {
    return this.status.state === 'ready' ? this.handle : null;
  }

  /** Acquire the adapter and device (once). Never throws: failures become the status. */
  start(): Promise<void> {
    this.ready ??= this.acquire();
    return this.ready;
  }

  private setStatus(status: GpuStatus): void {
    this.status = status;
    this.onStatus?.();
  }

  private async acquire(): Promise<void> {
    try {
      const handle = await acquireBrowserGpu();
      this.handle = handle;
      void handle.device.lost.then((info) => {
        if (this.handle !== handle) return;
        this.engine = null;
        this.setStatus({ state: 'failed', adapter: handle.adapter, reason: `the GPU device was lost (${info.message || info.reason})` });
      });
      this.engine = await WebGpuEngine.create(handle);
      this.setStatus({ state: 'ready', adapter: handle.adapter });
    } catch (err) {
      if (err instanceof NoAdapterError) this.setStatus({ state: 'unavailable', reason: messageOf(err) });
      else this.setStatus({ state: 'failed', adapter: this.handle?.adapter ?? null, reason: `could not start WebGPU: ${messageOf(err)}` });
    }
  }

  /** Run forward + backward on the GPU, keeping intermediates. Resolves, never rejects. */
  run(network: Network, batch: Batch): Promise<GpuResult> {
    const ticket = ++this.latest;
    const job = this.queue.then(async (): Promise<GpuResult> => {
      await this.start();
      if (ticket !== this.latest) return { record: null, reason: 'overtaken by a newer edit', stale: true };
      const { status } = this;
      if (status.state === 'unavailable' || status.state === 'failed') return { record: null, reason: status.reason };
      if (!this.engine) return { record: null, reason: 'WebGPU is not ready' };
      const started = performance.now();
      try {
        // The per-op path keeps every intermediate (z, a, da, dz) so the page can draw the GPU's numbers;
        // past DEFAULT_INTERMEDIATES_MAX_BATCH examples only the gradients and the loss come back.
        const record = await this.engine.run(network, batch, { path: 'per-op', intermediates: batch.size <= DEFAULT_INTERMEDIATES_MAX_BATCH });
        return { record, ms: performance.now() - started };
      } catch (err) {
        // A failed run (say, a validation error) leaves the device usable for the next edit.
        return { record: null, reason: `the WebGPU pass failed: ${messageOf(err)}` };
      }
    });
    this.queue = job;
    return job;
  }

  dispose(): void {
    this.engine?.dispose();
    const handle = this.handle;
    this.handle = null;
    this.engine = null;
    handle?.destroy();
  }
}

/**
 * Per-kernel GPU time from timestamp queries: while a run is profiled, every dispatch gets its own
 * compute pass with a timestamp at its beginning and end (WebGPU core writes timestamps only at
 * pass boundaries), so the benchmark can say which kernel dominates instead of guessing. Profiled
 * runs are slower (one pass per dispatch, an extra readback); they are never the timed runs.
 */
import { BufferUsage, MapMode } from './buffer-usage.js';

/** GPU time of one kernel (summed over its dispatches in the run), in milliseconds. */
export interface KernelTime {
  readonly kernel: string;
  readonly dispatches: number;
  readonly ms: number;
}

/** Timestamp pairs one profiled run may record (dispatches across all chunks). */
export const KERNEL_TIMER_CAPACITY = 1024;

export class KernelTimer {
  private readonly querySet: GPUQuerySet;
  private readonly resolve: GPUBuffer;
  private readonly staging: GPUBuffer;
  private labels: string[] = [];

  constructor(private readonly device: GPUDevice) {
    this.querySet = device.createQuerySet({ type: 'timestamp', count: 2 * KERNEL_TIMER_CAPACITY });
    const bytes = 16 * KERNEL_TIMER_CAPACITY;
    this.resolve = device.createBuffer({ label: 'kernel timestamps', size: bytes, usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC });
    this.staging = device.createBuffer({ label: 'kernel timestamps staging', size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  }

  /** Starts a profiled run. */
  reset(): void {
    this.labels = [];
  }

  /** timestampWrites for the pass of the next dispatch, or undefined when the run has used them all. */
  next(kernel: string): GPUComputePassTimestampWrites | undefined {
    const k = this.labels.length;
    if (k >= KERNEL_TIMER_CAPACITY) return undefined;
    this.labels.push(kernel);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * k, endOfPassWriteIndex: 2 * k + 1 };
  }

  /** Submits the resolve and reads the times back, summed per kernel in first-dispatch order. */
  async read(): Promise<KernelTime[]> {
    const n = this.labels.length;
    if (n === 0) return [];
    const encoder = this.device.createCommandEncoder({ label: 'kernel timestamps' });
    encoder.resolveQuerySet(this.querySet, 0, 2 * n, this.resolve, 0);
    encoder.copyBufferToBuffer(this.resolve, 0, this.staging, 0, 16 * n);
    this.device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(MapMode.READ, 0, 16 * n);
    const ticks = new BigInt64Array(this.staging.getMappedRange(0, 16 * n).slice(0));
    this.staging.unmap();
    return sumByKernel(this.labels, ticks);
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolve.destroy();
    this.staging.destroy();
  }
}

/** Sums (end − begin) per kernel label; a pair whose end is not after its begin counts as 0. */
export function sumByKernel(labels: readonly string[], ticks: BigInt64Array): KernelTime[] {
  const byKernel = new Map<string, { dispatches: number; ns: number }>();
  labels.forEach((kernel, k) => {
    const ns = Math.max(0, Number(ticks[2 * k + 1] - ticks[2 * k]));
    const entry = byKernel.get(kernel) ?? { dispatches: 0, ns: 0 };
    entry.dispatches++;
    entry.ns += ns;
    byKernel.set(kernel, entry);
  });
  return [...byKernel].map(([kernel, e]) => ({ kernel, dispatches: e.dispatches, ms: e.ns / 1e6 }));
}

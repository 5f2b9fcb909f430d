/** What every pass needs from the engine: the device, its compiled pipelines, and a way to read back. */
import { BufferUsage, MapMode } from './buffer-usage.js';
import { DispatchList } from './dispatch.js';
import { DeviceWatch } from '../device/gpu-errors.js';
import { PipelineCache } from './pipelines.js';
import { KernelTimer } from './kernel-timer.js';
import { PollBackoff } from './poll-backoff.js';


export class GpuContext {
  readonly pipelines: PipelineCache;
  readonly dispatches: DispatchList;
  readonly watch: DeviceWatch;
  /** Two timestamps (start of the first pass, end of the last) when the device supports them. */
  readonly timestamps: { querySet: GPUQuerySet; resolve: GPUBuffer } | null;

  /** Set by the engine for a profiled run: passes then encode one timestamped pass per dispatch. */
  activeTimer: KernelTimer | null = null;
  private timer: KernelTimer | null = null;

  constructor(readonly device: GPUDevice) {
    this.pipelines = new PipelineCache(device);
    this.dispatches = new DispatchList(device);
    this.watch = new DeviceWatch(device);
    this.timestamps = device.features.has('timestamp-query')
      ? {
          querySet: device.createQuerySet({ type: 'timestamp', count: 2 }),
          resolve: device.createBuffer({ size: 16, usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC }),
        }
      : null;
  }

  /** The per-kernel timer (made on first use), or null when the device has no timestamp queries. */
  kernelTimer(): KernelTimer | null {
    if (!this.device.features.has('timestamp-query')) return null;
    this.timer ??= new KernelTimer(this.device);
    return this.timer;
  }

  /** A buffer the CPU can map for reading, sized `bytes` (rounded up to 4). */
  stagingBuffer(label: string, bytes: number): GPUBuffer {
    return this.device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 8) * 8), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  }

  /**
   * Sleep before asking for a map (./poll-backoff.ts): on where the binding polls from the JS
   * thread (Dawn in Node; the engine sets it from the handle), off in a browser.
   */
  pollBackoff = false;
  private readonly backoff = new PollBackoff();

  /** How long the last read slept before asking for its map (ms), for tests and diagnostics. */
  get lastPauseMs(): number {
    return this.backoff.lastPauseMs;
  }

  /**
   * Maps `staging` and returns a copy of its first `bytes` bytes; fails fast if the device is lost.
   * `work` names the amount of work the wait covers (e.g. examples), for the poll back-off.
   */
  async read(staging: GPUBuffer, bytes: number, work = 0): Promise<ArrayBuffer> {
    this.watch.assertAlive();
    await this.backoff.wait(staging, work, this.pollBackoff, () => staging.mapAsync(MapMode.READ, 0, staging.size), (p) => this.watch.race(p));
    const copy = staging.getMappedRange(0, staging.size).slice(0, bytes);
    staging.unmap();
    return copy;
  }

  /** Nanoseconds between the two timestamps, read from a staging buffer filled by `resolveTimestamps`. */
  static elapsedMs(words: BigInt64Array): number | null {
    const ns = Number(words[1] - words[0]);
    return ns > 0 ? ns / 1e6 : null;
  }

  /** Resolves both timestamps into `staging` at `offset`. */
  resolveTimestamps(encoder: GPUCommandEncoder, staging: GPUBuffer, offset: number): void {
    if (!this.timestamps) return;
    encoder.resolveQuerySet(this.timestamps.querySet, 0, 2, this.timestamps.resolve, 0);
    encoder.copyBufferToBuffer(this.timestamps.resolve, 0, staging, offset, 16);
  }

  /** timestampWrites for a compute pass that is the first and/or last of a run. */
  timestampWrites(first: boolean, last: boolean): GPUComputePassTimestampWrites | undefined {
    if (!this.timestamps || (!first && !last)) return undefined;
    return {
      querySet: this.timestamps.querySet,
      ...(first ? { beginningOfPassWriteIndex: 0 } : {}),
      ...(last ? { endOfPassWriteIndex: 1 } : {}),
    };
  }

  destroy(): void {
    this.dispatches.destroy();
    this.timer?.destroy();
    this.timestamps?.querySet.destroy();
    this.timestamps?.resolve.destroy();
  }
}

/** What every pass needs from the engine: the device, its compiled pipelines, and a way to read back. */
import { BufferUsage, MapMode } from './buffer-usage.js';
import { DispatchList } from './dispatch.js';
import { DeviceWatch } from '../device/gpu-errors.js';
import { PipelineCache } from './pipelines.js';
import { KernelTimer } from './kernel-timer.js';

/** Waits shorter than this are polled at once (a timer's own granularity is ~1 ms). */
const POLL_BACKOFF_MIN_MS = 4;
const POLL_BACKOFF_SHARE = 0.6;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
   * Poll back-off: in Node, Dawn's binding completes mapAsync by polling from the JS thread for as
   * long as the map is pending (measured: 30–50 % of a core during runs, 0 between them; see
   * bench/busy-poll.ts). On a CPU adapter that core is one the kernels need. So when the last wait
   * on this staging buffer was long (≥ POLL_BACKOFF_MIN_MS), the next read first sleeps for
   * POLL_BACKOFF_SHARE of it and only then asks for the map. The result is the same; only when
   * the polling starts changes. Off by default: on this shared 2-core machine it halved the main
   * thread's share of a core, but a single slow wait (another process holding the cores) made the
   * next runs sleep too, and the wall time of fused 2-3-2 @ 65536 rose from 6.5–9 ms to 12–34 ms
   * (old vs new engine, alternated, load ~14). Opt in where waits are long and steady.
   */
  pollBackoff = false;
  private readonly lastWaitMs = new WeakMap<GPUBuffer, number>();

  /** Maps `staging` and returns a copy of its first `bytes` bytes; fails fast if the device is lost. */
  async read(staging: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
    this.watch.assertAlive();
    const start = performance.now();
    const last = this.lastWaitMs.get(staging) ?? 0;
    if (this.pollBackoff && last >= POLL_BACKOFF_MIN_MS) await this.watch.race(sleep(last * POLL_BACKOFF_SHARE));
    await this.watch.race(staging.mapAsync(MapMode.READ, 0, staging.size));
    this.lastWaitMs.set(staging, performance.now() - start);
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

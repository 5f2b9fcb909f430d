/**
 * Recording dispatches: a grid big enough for `threads` threads, uniforms packed into one buffer
 * (one 256-byte-aligned slot per dispatch, uploaded with a single write), and bind groups built
 * from the kernel's spec so bindings are matched by name, never by position. The spec's field and
 * binding names are its type parameters (wgsl/layouts.ts), so a missing or misspelt uniform or
 * buffer name in a call is a compile error.
 */
import { BufferUsage } from './buffer-usage.js';
import type { KernelTimer } from './kernel-timer.js';
import { packParams, paramsByteSize, WORKGROUP_SIZE, type KernelSpec } from '../wgsl/layouts.js';

export interface Grid {
  readonly workgroups: readonly [number, number];
  /** Threads per grid row: thread index = gid.y · gridStride + gid.x. */
  readonly gridStride: number;
}

/** Folds `threads` threads into an x × y grid of workgroups, each dimension ≤ maxPerDimension. */
export function gridFor(threads: number, maxPerDimension: number, workgroupSize: number = WORKGROUP_SIZE): Grid {
  const groups = Math.max(1, Math.ceil(threads / workgroupSize));
  const x = Math.min(groups, maxPerDimension);
  const y = Math.ceil(groups / x);
  if (y > maxPerDimension) throw new Error(`dispatch of ${threads} threads exceeds the device's grid`);
  return { workgroups: [x, y], gridStride: x * workgroupSize };
}

export interface Dispatch {
  readonly spec: KernelSpec;
  readonly pipeline: GPUComputePipeline;
  readonly buffers: Record<string, GPUBuffer>;
  readonly workgroups: readonly [number, number];
  readonly uniformOffset: number;
}

/** Bind groups kept for reuse (a run of the same plan asks for the same ones every time). */
const BIND_GROUP_CACHE_SIZE = 256;

/** One run's dispatches and their uniforms; reset and refilled for every chunk. */
export class DispatchList {
  private readonly alignment: number;
  /**
   * Bind groups by pipeline, buffers and uniform offset. Creating them is a measurable share of a
   * small run (11 per per-op run of the lesson's network), and a run of the same plan binds the
   * same buffers at the same offsets. Keys name buffers by an id given on first sight, so a buffer
   * made after another was destroyed never matches the old one's entry; the least recently used
   * entries are dropped past BIND_GROUP_CACHE_SIZE.
   */
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private uniforms: GPUBuffer | null = null;
  private staging = new ArrayBuffer(0);
  private used = 0;
  readonly dispatches: Dispatch[] = [];

  constructor(private readonly device: GPUDevice) {
    this.alignment = device.limits.minUniformBufferOffsetAlignment;
  }

  reset(): void {
    this.dispatches.length = 0;
    this.used = 0;
  }

  /** A per-op kernel over `threads` threads (count and gridStride are filled in here). */
  addThreads<F extends string, B extends string>(
    spec: KernelSpec<F, B>,
    pipeline: GPUComputePipeline,
    threads: number,
    params: Record<Exclude<F, 'count' | 'gridStride'>, number>,
    buffers: Record<B, GPUBuffer>,
    /** The pipeline's WORKGROUP_SIZE override (grid kernels), WORKGROUP_SIZE unless it set another. */
    workgroupSize: number = WORKGROUP_SIZE,
  ): void {
    if (threads === 0) return;
    const grid = gridFor(threads, this.device.limits.maxComputeWorkgroupsPerDimension, workgroupSize);
    this.add(spec, pipeline, grid.workgroups, { ...params, count: threads, gridStride: grid.gridStride } as Record<F, number>, buffers);
  }

  /** A kernel with an explicit workgroup count (the fused kernels). */
  add<F extends string, B extends string>(
    spec: KernelSpec<F, B>,
    pipeline: GPUComputePipeline,
    workgroups: readonly [number, number],
    params: Record<F, number>,
    buffers: Record<B, GPUBuffer>,
  ): void {
    const size = paramsByteSize(spec);
    const offset = Math.ceil(this.used / this.alignment) * this.alignment;
    this.ensureStaging(offset + size);
    packParams(spec, params, new DataView(this.staging), offset);
    this.used = offset + size;
    this.dispatches.push({ spec, pipeline, buffers, workgroups, uniformOffset: offset });
  }

  /**
   * Uploads the uniforms and records every dispatch into one compute pass — or, with a kernel
   * timer, each dispatch into its own timestamped pass (profiling only).
   */
  encode(encoder: GPUCommandEncoder, timestampWrites?: GPUComputePassTimestampWrites, timer?: KernelTimer): void {
    const uniforms = this.ensureUniformBuffer();
    this.device.queue.writeBuffer(uniforms, 0, this.staging, 0, Math.ceil(this.used / 4) * 4);
    let pass: GPUComputePassEncoder | null = timer ? null : encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
    for (const d of this.dispatches) {
      const bindGroup = this.bindGroupFor(d, uniforms);
      if (timer) {
        const writes = timer.next(d.spec.name);
        pass = encoder.beginComputePass(writes ? { timestampWrites: writes } : {});
      }
      pass!.setPipeline(d.pipeline);
      pass!.setBindGroup(0, bindGroup);
      pass!.dispatchWorkgroups(d.workgroups[0], d.workgroups[1]);
      if (timer) pass!.end();
    }
    if (!timer) pass!.end();
  }

  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = this.nextId++));
    return id;
  }

  private bindGroupFor(d: Dispatch, uniforms: GPUBuffer): GPUBindGroup {
    const buffers = d.spec.bindings.map(([name]) => {
      const buffer = d.buffers[name];
      if (!buffer) throw new Error(`${d.spec.name}: buffer ${name} not bound`);
      return buffer;
    });
    const key = [this.idOf(d.pipeline), ...buffers.map((b) => this.idOf(b)), this.idOf(uniforms), d.uniformOffset].join(',');
    let bindGroup = this.bindGroups.get(key);
    if (bindGroup) {
      this.bindGroups.delete(key); // re-inserted below: the Map's order is the recency order
    } else {
      const entries: GPUBindGroupEntry[] = buffers.map((buffer, k) => ({ binding: k, resource: { buffer } }));
      entries.push({ binding: buffers.length, resource: { buffer: uniforms, offset: d.uniformOffset, size: paramsByteSize(d.spec) } });
      bindGroup = this.device.createBindGroup({ layout: d.pipeline.getBindGroupLayout(0), entries });
      if (this.bindGroups.size >= BIND_GROUP_CACHE_SIZE) this.bindGroups.delete(this.bindGroups.keys().next().value!);
    }
    this.bindGroups.set(key, bindGroup);
    return bindGroup;
  }

  destroy(): void {
    this.bindGroups.clear();
    this.uniforms?.destroy();
    this.uniforms = null;
  }

  private ensureStaging(bytes: number): void {
    if (bytes <= this.staging.byteLength) return;
    const grown = new ArrayBuffer(Math.max(bytes, this.staging.byteLength * 2, 4096));
    new Uint8Array(grown).set(new Uint8Array(this.staging));
    this.staging = grown;
  }

  private ensureUniformBuffer(): GPUBuffer {
    if (this.uniforms && this.uniforms.size >= this.used) return this.uniforms;
    this.uniforms?.destroy();
    this.uniforms = this.device.createBuffer({
      label: 'uniforms',
      size: Math.max(this.staging.byteLength, 4096),
      usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
    });
    return this.uniforms;
  }
}

/** A storage buffer of `floats` 4-byte elements (never empty: a zero-size binding is invalid). */
export function storageBuffer(device: GPUDevice, label: string, floats: number, extraUsage = 0): GPUBuffer {
  return device.createBuffer({
    label,
    size: Math.max(16, Math.ceil(floats) * 4),
    usage: BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC | extraUsage,
  });
}

/**
 * The roofline on this adapter, measured the way every implementation is timed (submit → the
 * result back on the CPU):
 * - read: a kernel that only reads the batch's bytes (f32 inputs + u32 labels) and returns 16 bytes;
 *   N / its time is the most examples per second any float32 GPU path could reach when it has to
 *   look at the batch once — the bound for the small network;
 * - fixed: one dispatch of a no-op-sized kernel plus a 16-byte readback — the floor under any single
 *   GPU pass, however small the batch.
 */
import shaderCode from './roofline.wgsl?raw';

export interface RooflineKernel {
  /** Prepare a batch of `bytes` bytes read by at most `groupsMax` workgroups; returns the timed
   *  step and its GPU time. */
  prepare(bytes: number, groupsMax?: number): { run(): Promise<void>; gpuTimeMs(): Promise<number | null>; release(): void };
}

/** Workgroup caps tried per size; the roofline is the faster (few large blocks suit a CPU driver's
 *  caches, many small ones suit a GPU). */
export const GROUPS_MAX_CHOICES = [16, 256, 4096] as const;

const WORKGROUP = 64;

export function rooflineKernel(device: GPUDevice, timestamps: boolean): RooflineKernel {
  const module = device.createShaderModule({ code: shaderCode });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const sink = device.createBuffer({ size: 256, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const querySet = timestamps ? device.createQuerySet({ type: 'timestamp', count: 2 }) : null;
  const queryBuf = timestamps ? device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }) : null;
  const queryRead = timestamps ? device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }) : null;

  return {
    prepare(bytes: number, groupsMax = 256) {
      const vec4s = Math.max(1, Math.ceil(bytes / 16));
      const data = device.createBuffer({ size: vec4s * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      // Fill with something non-zero once (upload is not part of the read roofline).
      const fill = new Uint32Array(Math.min(vec4s * 4, 1 << 22));
      for (let i = 0; i < fill.length; i++) fill[i] = (i * 2654435761) >>> 0;
      for (let o = 0; o < vec4s * 16; o += fill.byteLength) {
        const n = Math.min(fill.byteLength, vec4s * 16 - o);
        device.queue.writeBuffer(data, o, fill, 0, n / 4);
      }
      // Contiguous blocks of at least 1024 vec4s (16 KiB) per workgroup, at most `groupsMax` groups.
      const blocks = Math.max(1, Math.min(groupsMax, 65535, Math.ceil(vec4s / 1024)));
      const perGroup = Math.ceil(vec4s / blocks / (WORKGROUP * 4)) * WORKGROUP * 4;
      const groups = Math.ceil(vec4s / perGroup);
      const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(params, 0, new Uint32Array([vec4s, perGroup, 0, 0]));
      const bindGroup = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: data } },
          { binding: 1, resource: { buffer: sink } },
          { binding: 2, resource: { buffer: params } },
        ],
      });
      let usedTimestamps = false;
      return {
        async run() {
          const enc = device.createCommandEncoder();
          const pass = enc.beginComputePass(
            querySet ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : undefined,
          );
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, bindGroup);
          pass.dispatchWorkgroups(groups);
          pass.end();
          enc.copyBufferToBuffer(sink, 0, readback, 0, 16);
          if (querySet && queryBuf) enc.resolveQuerySet(querySet, 0, 2, queryBuf, 0);
          device.queue.submit([enc.finish()]);
          await readback.mapAsync(GPUMapMode.READ);
          readback.getMappedRange();
          readback.unmap();
          usedTimestamps = querySet !== null;
        },
        async gpuTimeMs() {
          if (!usedTimestamps || !queryBuf || !queryRead) return null;
          const enc = device.createCommandEncoder();
          enc.copyBufferToBuffer(queryBuf, 0, queryRead, 0, 16);
          device.queue.submit([enc.finish()]);
          await queryRead.mapAsync(GPUMapMode.READ);
          const t = new BigUint64Array(queryRead.getMappedRange().slice(0));
          queryRead.unmap();
          const ns = Number(t[1] - t[0]);
          return ns > 0 ? ns / 1e6 : null;
        },
        release() {
          data.destroy();
          params.destroy();
        },
      };
    },
  };
}

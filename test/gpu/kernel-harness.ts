/**
 * Runs one per-op kernel by itself: uploads the named input arrays, dispatches `threads`
 * threads with the given uniforms, and reads the named outputs back. Bindings are matched by
 * name through the same spec the engine uses (src/gpu/wgsl/layouts.ts).
 */
import { BufferUsage } from '../../src/gpu/runtime/buffer-usage.js';
import { GpuContext } from '../../src/gpu/runtime/gpu-context.js';
import type { KernelSpec } from '../../src/gpu/wgsl/layouts.js';
import { FIXED_PER_OP_KERNELS, perOpSource } from '../../src/gpu/per-op/per-op-source.js';

export async function runKernel(
  ctx: GpuContext,
  spec: KernelSpec,
  threads: number,
  params: Record<string, number>,
  inputs: Record<string, Float32Array | Uint32Array>,
  outputFloats: Record<string, number>,
  /** The kernel's WGSL; default: the fixed per-op kernel of `spec`. */
  code: string = perOpSource(spec as (typeof FIXED_PER_OP_KERNELS)[number]),
): Promise<Record<string, Float32Array>> {
  const { device } = ctx;
  const pipeline = await ctx.pipelines.get(spec, code);
  const made: GPUBuffer[] = [];
  const buffer = (bytes: number, usage: number) => {
    const b = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
    made.push(b);
    return b;
  };
  const storage = BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC;
  const buffers: Record<string, GPUBuffer> = {};
  for (const [name, data] of Object.entries(inputs)) {
    buffers[name] = buffer(data.byteLength, storage);
    device.queue.writeBuffer(buffers[name], 0, data);
  }
  for (const [name, floats] of Object.entries(outputFloats)) buffers[name] = buffer(floats * 4, storage);
  try {
    ctx.dispatches.reset();
    ctx.dispatches.addThreads(spec, pipeline, threads, params, buffers);
    const encoder = device.createCommandEncoder();
    ctx.dispatches.encode(encoder);
    let offset = 0;
    const totalBytes = Object.values(outputFloats).reduce((s, f) => s + f * 4, 0);
    const staging = buffer(totalBytes, BufferUsage.MAP_READ | BufferUsage.COPY_DST);
    for (const [name, floats] of Object.entries(outputFloats)) {
      encoder.copyBufferToBuffer(buffers[name], 0, staging, offset, floats * 4);
      offset += floats * 4;
    }
    device.queue.submit([encoder.finish()]);
    const bytes = await ctx.read(staging, totalBytes);
    const out: Record<string, Float32Array> = {};
    offset = 0;
    for (const [name, floats] of Object.entries(outputFloats)) {
      out[name] = new Float32Array(bytes, offset, floats);
      offset += floats * 4;
    }
    return out;
  } finally {
    for (const b of made) b.destroy();
  }
}

/** f32 values of a float64 array (what the GPU actually sees). */
export const f32 = (xs: ArrayLike<number>) => Float32Array.from(xs as ArrayLike<number>);

/** Unit roundoff of f32: every f32 operation is exact to within a factor (1 ± U). */
export const U = 2 ** -24;

/**
 * Bound on the error of an f32 sum of k products computed left to right: γ_k · Σ|terms| with
 * γ_k = k·u / (1 − k·u) (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1), plus
 * one rounding of each product. `absTerms` is Σ|terms| in float64.
 */
export function dotBound(k: number, absTerms: number): number {
  const gamma = ((k + 1) * U) / (1 - (k + 1) * U);
  return gamma * absTerms + 1e-30;
}

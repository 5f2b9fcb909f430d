/**
 * The per-run fixed costs the engine skips must never change a result: weights re-uploaded only
 * when they changed (an in-place edit is seen), float32 batches uploaded as they are, and small
 * fused batches run as one workgroup that writes the final sums itself.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { toFloat32Batch } from '../../src/gpu/runtime/float32-batch.js';
import { planFused } from '../../src/gpu/fused/fused-plan.js';
import { WeightCache } from '../../src/gpu/runtime/weight-cache.js';
import { DispatchList, storageBuffer } from '../../src/gpu/runtime/dispatch.js';
import { BufferUsage, MapMode } from '../../src/gpu/runtime/buffer-usage.js';
import { sumRowsSource } from '../../src/gpu/reduction/reduce.js';
import { SUM_ROWS } from '../../src/gpu/wgsl/layouts.js';
import { lessonNetwork } from '../../src/network/lesson.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { acquireTestGpu, bitsEqual, gradientError, randomBatch, randomNetwork } from './gpu-fixture.js';

const LIMITS = { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28, maxComputeWorkgroupStorageSize: 16384 };

describe('weight cache', () => {
  it('sees an in-place edit, a sign of zero, and a new network; not a repeat', () => {
    const net = lessonNetwork();
    const cache = new WeightCache();
    expect(cache.changed(net)).toBe(true);
    expect(cache.changed(net)).toBe(false);
    net.layers[1].W[3] += 1e-12;
    expect(cache.changed(net)).toBe(true);
    expect(cache.changed(net)).toBe(false);
    net.layers[0].b[0] = 0;
    cache.changed(net);
    net.layers[0].b[0] = -0;
    expect(cache.changed(net)).toBe(true);
    expect(cache.changed(lessonNetwork())).toBe(true);
  });
});

describe('single-workgroup fused plans', () => {
  it('opt-in: small networks up to 8192 examples in one workgroup; bigger batches and wide partial rows not', () => {
    expect(planFused([2, 3, 2], 16, LIMITS).singleGroup).toBe(false);
    expect(planFused([2, 3, 2], 1, LIMITS, { singleGroup: true }).singleGroup).toBe(true);
    expect(planFused([2, 3, 2], 4096, LIMITS, { singleGroup: true }).singleGroup).toBe(true);
    expect(planFused([2, 3, 2], 4096, LIMITS, { singleGroup: true }).direct, 'one chunk, one row: the kernel writes the results').toBe(true);
    expect(planFused([2, 3, 2], 65536, LIMITS, { singleGroup: true }).singleGroup).toBe(false);
    expect(planFused([2, 3, 2], 4096, LIMITS, { chunkRows: 1000, singleGroup: true }).singleGroup).toBe(false);
    // 149 floats a row × 64 threads do not fit 16 KB of workgroup memory.
    expect(planFused([5, 9, 7, 3], 100, LIMITS, { singleGroup: true }).singleGroup).toBe(false);
    expect(planFused([784, 128, 10], 16, LIMITS, { singleGroup: true }).singleGroup).toBe(false);
  });
});

const gpu = await acquireTestGpu();
afterAll(() => gpu?.release());

describe.skipIf(!gpu)('fixed costs skipped, results unchanged', () => {
  it.each(['per-op', 'fused'] as const)('%s: editing a weight in place between runs changes the gradients (no stale upload)', async (path) => {
    const network = randomNetwork([3, 5, 2], 21);
    const batch = randomBatch(300, 3, 2, 22);
    const before = await gpu!.engine.run(network, batch, { path, intermediates: false });
    network.layers[0].W[4] += 0.25;
    network.layers[1].b[1] -= 0.5;
    const after = await gpu!.engine.run(network, batch, { path, intermediates: false });
    const ref = float64Pass(network, batch);
    const { worst, scale } = gradientError(after.grads, ref.grads);
    expect(worst).toBeLessThanOrEqual(1e-4 * scale);
    expect(bitsEqual(before.grads, after.grads)).toBe(false);
  });

  it.each(['per-op', 'fused'] as const)('%s: a float32 batch gives the float64 batch\'s bits', async (path) => {
    const network = randomNetwork([4, 6, 3], 23);
    const batch = randomBatch(1000, 4, 3, 24);
    const from64 = await gpu!.engine.run(network, batch, { path, intermediates: false });
    const from32 = await gpu!.engine.run(network, toFloat32Batch(batch), { path, intermediates: false });
    expect(bitsEqual(from64.grads, from32.grads)).toBe(true);
    expect(Object.is(from64.loss, from32.loss)).toBe(true);
  });

  it.each([5, 63, 64, 65, 8192])('fused single workgroup, lesson network, batch %i: matches float64, same bits twice', async (N) => {
    const network = lessonNetwork();
    const batch = randomBatch(N, 2, 2, 25 + N);
    expect(planFused([2, 3, 2], N, gpu!.handle.device.limits, { singleGroup: true }).singleGroup).toBe(true);
    const first = await gpu!.engine.run(network, batch, { path: 'fused', fusedSingleGroup: true });
    const second = await gpu!.engine.run(network, batch, { path: 'fused', fusedSingleGroup: true });
    const ref = float64Pass(network, batch);
    const { worst, scale } = gradientError(first.grads, ref.grads);
    expect(worst).toBeLessThanOrEqual(1e-4 * scale);
    expect(Math.abs(first.loss - ref.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, ref.loss));
    expect(bitsEqual(first.grads, second.grads)).toBe(true);
  });
});

describe.skipIf(!gpu)('bind groups reused across runs', () => {
  it('a repeat of the same dispatch creates no bind group; new buffers or offsets do, and results stay right', async () => {
    const { device } = gpu!.handle;
    let created = 0;
    // A device whose createBindGroup is counted (everything else passes through).
    const counted = new Proxy(device, {
      get(target, prop) {
        if (prop === 'createBindGroup') return (d: GPUBindGroupDescriptor) => (created++, target.createBindGroup(d));
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const list = new DispatchList(counted);
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: sumRowsSource() }), entryPoint: 'main' } });
    const rows = new Float32Array([1, 2, 3, 4, 5, 6]); // 3 rows × 2 columns
    const src = storageBuffer(device, 'src', 6);
    device.queue.writeBuffer(src, 0, rows);
    const sumOnce = async (dst: GPUBuffer, dstOffset: number): Promise<number[]> => {
      list.reset();
      list.addThreads(SUM_ROWS, pipeline, 2, { rows: 3, cols: 2, groupRows: 64, dstOffset }, { src, dst });
      const encoder = device.createCommandEncoder();
      list.encode(encoder);
      const read = device.createBuffer({ size: dst.size, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
      encoder.copyBufferToBuffer(dst, 0, read, 0, dst.size);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(MapMode.READ);
      const out = Array.from(new Float32Array(read.getMappedRange()));
      read.destroy();
      return out.slice(dstOffset, dstOffset + 2);
    };
    const dst = storageBuffer(device, 'dst', 8);
    expect(await sumOnce(dst, 0)).toEqual([9, 12]);
    expect(created).toBe(1);
    expect(await sumOnce(dst, 0)).toEqual([9, 12]);
    expect(created, 'the same dispatch again').toBe(1);
    expect(await sumOnce(dst, 2)).toEqual([9, 12]);
    expect(created, 'same buffers, another uniform value: the bind group is the same').toBe(1);
    dst.destroy();
    const other = storageBuffer(device, 'dst2', 8);
    expect(await sumOnce(other, 0)).toEqual([9, 12]);
    expect(created, 'a new buffer').toBe(2);
    other.destroy();
    src.destroy();
    list.destroy();
  });
});

/**
 * Two ways a small pass saves fixed cost must not change a bit of its result. First, the host
 * finishing the reduction (src/gpu/reduction/host-sum.ts) gives the bits sum-rows gives:
 * each pass runs once as a plain run (few partial rows → read back and added on the host) and once
 * with a training hook (the sums are needed on the GPU → sum-rows), and the records must agree bit
 * for bit — gradients and loss, both paths, direct and multi-block plans. Second, per-op passes
 * whose dispatches are all small run workgroups of SMALL_WORKGROUP_SIZE: every intermediate the same.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../src/gpu/runtime/gpu-context.js';
import { FusedBuffers, planFused, runFused } from '../../src/gpu/fused/fused-pass.js';
import { PerOpBuffers } from '../../src/gpu/per-op/per-op-buffers.js';
import { planPerOp } from '../../src/gpu/per-op/chunk-plan.js';
import { perOpWorkgroupSize, runPerOp } from '../../src/gpu/per-op/per-op-pass.js';
import { SMALL_WORKGROUP_SIZE, WORKGROUP_SIZE } from '../../src/gpu/wgsl/layouts.js';
import { toFloat32Batch } from '../../src/gpu/runtime/float32-batch.js';
import type { PassHooks } from '../../src/gpu/runtime/pass-hooks.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import { acquireTestGpu, bitsEqual, randomBatch, randomNetwork } from './gpu-fixture.js';

const gpu = await acquireTestGpu();
const ctx = gpu ? new GpuContext(gpu.handle.device) : null;
afterAll(() => gpu?.release());

/** A hook that keeps the sums on the GPU (as training does), so sum-rows runs. */
const ON_GPU: PassHooks = { dispatches: () => {} };

function expectSameBits(host: PassRecord, device: PassRecord): void {
  expect(bitsEqual(host.grads, device.grads)).toBe(true);
  expect(Object.is(host.loss, device.loss)).toBe(true);
}

describe.skipIf(!gpu)('host-finished reduction', () => {
  it.each([
    [[2, 3, 2], 4096],
    [[2, 3, 2], 1000],
    [[3, 5, 4, 2], 9000],
    [[2, 3, 2], 4096, 1000],
  ])('fused %j @ %i (chunks of %s rows): host sum = sum-rows, bit for bit', async (dims, N, chunkRows?: number) => {
    const network = randomNetwork(dims, N);
    const batch = toFloat32Batch(randomBatch(N, dims[0], dims[dims.length - 1], N + 1));
    const plan = planFused(dims, N, gpu!.handle.device.limits, { chunkRows });
    if (chunkRows !== undefined) expect(plan.chunkCount).toBeGreaterThan(1); // every chunk's rows, added once after the last
    const bufs = new FusedBuffers(ctx!, plan);
    try {
      expect(bufs.hostRows).toBeGreaterThan(1);
      const host = await runFused(ctx!, bufs, network, batch, { timestamps: false });
      expect(bufs.stagedRows).toBe(bufs.hostRows);
      const device = await runFused(ctx!, bufs, network, batch, { timestamps: false, hooks: ON_GPU });
      expect(bufs.stagedRows).toBe(1);
      expectSameBits(host.record, device.record);
    } finally {
      bufs.destroy();
    }
  });

  it.each([
    [[2, 3, 2], 1],
    [[2, 3, 2], 200],
    [[2, 3, 2], 4096],
    [[2, 3, 2], 70000],
    [[4, 6, 3], 1300],
  ])('per-op %j @ %i: host sum = sum-rows, bit for bit', async (dims, N) => {
    const network = randomNetwork(dims, N + 7);
    const batch = toFloat32Batch(randomBatch(N, dims[0], dims[dims.length - 1], N + 8));
    const plan = planPerOp(dims, N, gpu!.handle.device.limits);
    const bufs = new PerOpBuffers(gpu!.handle.device, plan);
    try {
      expect(bufs.hostLayout).not.toBeNull();
      const opts = { intermediates: false, timestamps: false };
      const host = await runPerOp(ctx!, bufs, plan, network, batch, opts);
      expect(bufs.stagedForHost).toBe(true);
      const device = await runPerOp(ctx!, bufs, plan, network, batch, { ...opts, hooks: ON_GPU });
      expect(bufs.stagedForHost).toBe(false);
      expectSameBits(host.record, device.record);
    } finally {
      bufs.destroy();
    }
  });

  it('a reduction too large for the host stays on the GPU', () => {
    const limits = gpu!.handle.device.limits;
    expect(new PerOpBuffers(gpu!.handle.device, planPerOp([784, 128, 10], 8192, limits)).hostLayout).toBeNull();
    const bufs = new FusedBuffers(ctx!, planFused([2, 3, 2], 2 ** 22, limits));
    expect(bufs.hostRows).toBe(0);
    bufs.destroy();
  });
});

describe.skipIf(!gpu)('small per-op passes run workgroups of SMALL_WORKGROUP_SIZE', () => {
  it('the size follows the largest dispatch: the lesson at batch 1 and 16 small, batch 300 and 784-128-10 not', () => {
    const limits = gpu!.handle.device.limits;
    expect(perOpWorkgroupSize(planPerOp([2, 3, 2], 1, limits))).toBe(SMALL_WORKGROUP_SIZE);
    expect(perOpWorkgroupSize(planPerOp([2, 3, 2], 16, limits))).toBe(SMALL_WORKGROUP_SIZE);
    expect(perOpWorkgroupSize(planPerOp([2, 3, 2], 300, limits))).toBe(WORKGROUP_SIZE);
    expect(perOpWorkgroupSize(planPerOp([784, 128, 10], 1, limits))).toBe(WORKGROUP_SIZE);
  });

  it.each([1, 7, 16, 100])('lesson-shaped network @ %i: both sizes give the same record, every intermediate bit for bit', async (N) => {
    const dims = [2, 3, 2];
    const network = randomNetwork(dims, 40 + N);
    const batch = toFloat32Batch(randomBatch(N, 2, 2, 41 + N));
    const plan = planPerOp(dims, N, gpu!.handle.device.limits);
    const bufs = new PerOpBuffers(gpu!.handle.device, plan);
    try {
      const opts = { intermediates: true, timestamps: false };
      const small = (await runPerOp(ctx!, bufs, plan, network, batch, { ...opts, workgroupSize: SMALL_WORKGROUP_SIZE })).record;
      const big = (await runPerOp(ctx!, bufs, plan, network, batch, { ...opts, workgroupSize: WORKGROUP_SIZE })).record;
      expectSameBits(small, big);
      const same = (a: Float64Array | null, b: Float64Array | null) => (a === null ? b === null : b !== null && a.every((v, i) => Object.is(v, b[i])));
      small.layers!.forEach((layer, l) => {
        const other = big.layers![l];
        for (const k of ['z', 'a', 'local', 'da', 'dz'] as const) expect(same(layer[k], other[k]), `layer ${l} ${k}`).toBe(true);
      });
      expect(same(small.lossPerExample, big.lossPerExample)).toBe(true);
    } finally {
      bufs.destroy();
    }
  });
});

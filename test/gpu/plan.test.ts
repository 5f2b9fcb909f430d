/** The chunking and grid arithmetic, without a GPU. */
import { describe, expect, it } from 'vitest';
import { planPerOp } from '../../src/gpu/per-op/chunk-plan.js';
import { reductionLevels } from '../../src/gpu/reduction/reduce.js';
import { gridFor } from '../../src/gpu/runtime/dispatch.js';
import { planFused } from '../../src/gpu/fused/fused-plan.js';
import { tileHelpers } from '../../src/gpu/fused/fused-source.js';
import { layerOffsets, packWeights, unpackGradients } from '../../src/gpu/reduction/gradient-layout.js';
import { PARAMETER_GRADIENTS, packParams, paramsByteSize, wgslHeader } from '../../src/gpu/wgsl/layouts.js';
import { lessonNetwork } from '../../src/network/lesson.js';

const GIB = 2 ** 30;
const adapterLimits = { maxStorageBufferBindingSize: GIB, maxBufferSize: GIB, maxComputeWorkgroupStorageSize: 32768 };
const defaultLimits = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20, maxComputeWorkgroupStorageSize: 16384 };

describe('chunk plan', () => {
  it('2^22 lesson examples fit one chunk; 784 × 65536 takes several', () => {
    expect(planPerOp([2, 3, 2], 2 ** 22, adapterLimits).chunkCount).toBe(1);
    const wide = planPerOp([784, 128, 10], 65536, defaultLimits);
    expect(wide.chunkCount).toBeGreaterThan(1);
    expect(wide.chunkRows * 784 * 4).toBeLessThanOrEqual(defaultLimits.maxStorageBufferBindingSize);
    expect(wide.chunkRows % wide.blockRows).toBe(0);
  });

  it('chunks are whole blocks, blocks cover the batch', () => {
    for (const [N, chunk] of [[1, undefined], [7, 3], [1000, 128], [65537, 1000]] as const) {
      const plan = planPerOp([3, 5, 2], N, adapterLimits, chunk);
      if (plan.chunkCount > 1) expect(plan.chunkRows % plan.blockRows).toBe(0);
      expect(plan.chunkRows * plan.chunkCount).toBeGreaterThanOrEqual(N);
      expect(plan.totalBlocks * plan.blockRows).toBeGreaterThanOrEqual(N);
    }
  });

  it('reduction levels end at one row', () => {
    expect(reductionLevels(1)).toEqual([1]);
    expect(reductionLevels(64)).toEqual([1]);
    expect(reductionLevels(65)).toEqual([2, 1]);
    expect(reductionLevels(65536)).toEqual([1024, 16, 1]);
  });

  it('fused plans: lesson → registers, 784-128-10 → gemm (or tiles that fit workgroup memory)', () => {
    expect(planFused([2, 3, 2], 2 ** 18, adapterLimits).kernel).toBe('small');
    expect(planFused([784, 128, 10], 8192, adapterLimits).kernel).toBe('gemm');
    const wide = planFused([784, 128, 10], 8192, adapterLimits, { kernel: 'tiled' });
    expect(wide.kernel).toBe('tiled');
    expect(wide.tile * 4 * (138 + 2 * 128 + 1)).toBeLessThanOrEqual(32768);
    expect(wide.rowsPerGroup * wide.partialRowsPerChunk).toBeGreaterThanOrEqual(8192);
  });

  it('a batch that gives one partial row writes it straight into the results (no sum-rows); more rows do not', () => {
    expect(planPerOp([2, 3, 2], 1, adapterLimits).direct).toBe(true);
    expect(planPerOp([2, 3, 2], 256, adapterLimits).direct).toBe(true);
    expect(planPerOp([2, 3, 2], 257, adapterLimits).direct).toBe(false);
    expect(planPerOp([2, 3, 2], 200, adapterLimits, 64).direct).toBe(false); // chunked: blocks of 64
    expect(planFused([2, 3, 2], 1, adapterLimits).direct).toBe(true);
    expect(planFused([2, 3, 2], 256, adapterLimits).direct).toBe(true);
    expect(planFused([2, 3, 2], 4096, adapterLimits).direct).toBe(false);
    expect(planFused([2, 3, 2], 200, adapterLimits, { chunkRows: 100 }).direct).toBe(false);
    expect(planFused([784, 128, 10], 16, adapterLimits).direct).toBe(true);
    expect(planFused([784, 128, 10], 8192, adapterLimits).direct).toBe(false);
  });
});

describe('fused-tiled generator', () => {
  it('writes the tile helpers out as constant-index copies, one per example of the tile', () => {
    const [fill, fmaXs] = tileHelpers(2);
    expect(fill).toBe('fn tile_fill(acc: ptr<function, array<f32, TILE>>, value: f32) {\n  (*acc)[0u] = value;\n  (*acc)[1u] = value;\n}');
    expect(fmaXs).toBe(
      'fn tile_fma_xs(acc: ptr<function, array<f32, TILE>>, w: f32, base: u32, stride: u32) {\n  (*acc)[0u] += w * xs[base + 0u * stride];\n  (*acc)[1u] += w * xs[base + 1u * stride];\n}',
    );
  });
});

describe('grid', () => {
  it('folds more than 65535 workgroups into two dimensions', () => {
    const g = gridFor(2 ** 22 * 3, 65535);
    expect(g.workgroups[0]).toBeLessThanOrEqual(65535);
    expect(g.workgroups[0] * g.workgroups[1] * 64).toBeGreaterThanOrEqual(2 ** 22 * 3);
    expect(g.gridStride).toBe(g.workgroups[0] * 64);
  });
});

describe('layouts: one source for WGSL and TypeScript', () => {
  it('the WGSL struct has the spec fields in order, and packing writes them there', () => {
    const header = wgslHeader(PARAMETER_GRADIENTS);
    expect(header).toContain('struct Params {\n  count: u32,\n  gridStride: u32,\n  rows: u32,\n  blockRows: u32,\n  blockOffset: u32,\n  partialOffset: u32,\n}');
    expect(header).toContain('@group(0) @binding(2) var<storage, read_write> partials: array<f32>;');
    expect(header).toContain('@group(0) @binding(3) var<uniform> params: Params;');
    expect(paramsByteSize(PARAMETER_GRADIENTS)).toBe(32);
    const view = new DataView(new ArrayBuffer(paramsByteSize(PARAMETER_GRADIENTS)));
    packParams(PARAMETER_GRADIENTS, { count: 1, gridStride: 2, rows: 3, blockRows: 4, blockOffset: 5, partialOffset: 6 }, view, 0);
    expect([0, 4, 8, 12, 16, 20].map((o) => view.getUint32(o, true))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('[W | b] packing round-trips', () => {
    const net = lessonNetwork();
    const packed = packWeights(net);
    expect(layerOffsets([2, 3, 2])).toEqual({ offsets: [0, 9], total: 17 });
    const back = unpackGradients(packed, [2, 3, 2]);
    back.dW.forEach((w, l) => expect(Array.from(w)).toEqual(Array.from(net.layers[l].W, Math.fround)));
    back.db.forEach((b, l) => expect(Array.from(b)).toEqual(Array.from(net.layers[l].b, Math.fround)));
  });
});

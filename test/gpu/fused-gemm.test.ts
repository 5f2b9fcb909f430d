/**
 * The fused path's gemm plan (wide first layer: register-tiled GEMM kernels for layer 0; above it
 * fused-gemm-head + a GEMM for one hidden layer, fused-tiled for deeper networks): against float64 on odd widths (17, 130, 784 inputs; hidden widths that are not multiples
 * of the register tiles), batches of 1 and batches that are not multiples of the tiles or groups;
 * bit-identical across runs; chunked vs whole; and the plan's padded shapes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { gemmShape, GEMM_TILE_TABLE, GEMM_TILES, gemmTilesFor } from '../../src/gpu/fused/fused-gemm-codegen.js';
import { planFused } from '../../src/gpu/fused/fused-plan.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { acquireTestGpu, bitsEqual, gradientError, randomBatch, randomNetwork } from './gpu-fixture.js';

/** f32 against float64, relative to the largest gradient (as pass.test.ts states it). */
const GRAD_TOL = 1e-4;

const gpu = await acquireTestGpu();
afterAll(() => gpu?.release());

describe('gemm plan shapes', () => {
  const limits = { maxStorageBufferBindingSize: 1 << 30, maxBufferSize: 1 << 30, maxComputeWorkgroupStorageSize: 32768 };
  it('784-128-10 gets the gemm plan; rows padded to the tiles', () => {
    const plan = planFused([784, 128, 10], 8192, limits);
    expect(plan.kernel).toBe('gemm');
    expect(plan.gemm).toEqual(gemmShape([784, 128, 10]));
    expect(plan.gemm!.k4 % 4).toBe(0);
    expect(plan.gemm!.k4).toBeGreaterThan(784); // room for the constant 1 (the bias column)
    expect(plan.gemm!.h4 % GEMM_TILES.tu).toBe(0);
    expect(plan.gemm!.h4 % GEMM_TILES.ti).toBe(0);
    expect(plan.partialRowsPerChunk * plan.rowsPerGroup).toBeGreaterThanOrEqual(8192);
  });
  it('tiles per adapter: big ones for a software adapter (a CPU), 4 × 4 for a GPU; the plan pads to the tiles it was given', () => {
    expect(gemmTilesFor({ software: true })).toEqual(GEMM_TILE_TABLE.cpu);
    expect(gemmTilesFor({ software: false })).toEqual(GEMM_TILE_TABLE.gpu);
    for (const tiles of Object.values(GEMM_TILE_TABLE)) {
      const plan = planFused([784, 130, 10], 1000, limits, { gemmTiles: tiles });
      const shape = plan.gemm!;
      expect(shape.tiles).toEqual(tiles);
      expect(shape.k4 % tiles.tj).toBe(0);
      expect(shape.h4 % tiles.tu).toBe(0);
      expect(shape.h4 % tiles.ti).toBe(0);
      expect(shape.h4 % tiles.tj).toBe(0); // the output layer's dW reads the hidden rows in columns of tj
    }
    // 16 accumulators per thread on a GPU (512 would spill its registers)
    expect(GEMM_TILE_TABLE.gpu.te * GEMM_TILE_TABLE.gpu.tu).toBeLessThanOrEqual(16);
  });
  it('one-layer and small networks keep their kernels', () => {
    expect(planFused([784, 10], 100, limits).kernel).toBe('tiled');
    expect(planFused([2, 3, 2], 100, limits).kernel).toBe('small');
    expect(() => planFused([784, 10], 100, limits, { kernel: 'gemm' })).toThrow(/two or more layers/);
  });
  it('a 784-wide batch too big for one binding is chunked', () => {
    const plan = planFused([784, 128, 10], 65536, { ...limits, maxStorageBufferBindingSize: 128 * 1024 * 1024 });
    expect(plan.chunkCount).toBeGreaterThan(1);
    expect((Math.ceil(plan.chunkRows / plan.gemm!.te) * plan.gemm!.te * plan.gemm!.k4 * 4) <= 128 * 1024 * 1024).toBe(true);
  });
});

describe.skipIf(!gpu)('fused gemm plan', () => {
  it.each([
    { dims: [784, 128, 10], batch: 1 },
    { dims: [784, 128, 10], batch: 7 },
    { dims: [784, 128, 10], batch: 1000 },
    { dims: [17, 130, 3], batch: 65 },
    { dims: [130, 17, 5, 3], batch: 301 },
    { dims: [33, 9, 2], batch: 1 },
    { dims: [64, 64, 64, 10], batch: 257 },
    { dims: [40, 12, 33], batch: 77 }, // one hidden layer, too many classes for fused-gemm-head
  ])('matches float64: $dims, batch $batch', async ({ dims, batch }) => {
    const network = randomNetwork(dims, 21);
    const data = randomBatch(batch, dims[0], dims[dims.length - 1], 22);
    const ref = float64Pass(network, data);
    // The software adapter's tiles (SwiftShader's default) and a GPU's, forced: both must match.
    for (const gemmTiles of Object.values(GEMM_TILE_TABLE)) {
      const got = await gpu!.engine.run(network, data, { path: 'fused', fusedKernel: 'gemm', gemmTiles });
      const { worst, scale } = gradientError(got.grads, ref.grads);
      expect(worst, `tiles ${JSON.stringify(gemmTiles)}`).toBeLessThanOrEqual(GRAD_TOL * scale + 1e-9);
      expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(ref.loss)));
    }
  });

  it('dead hidden layer: layer 0 gradients exactly 0', async () => {
    const network = randomNetwork([40, 12, 3], 23);
    network.layers[0].b.fill(-100);
    const data = randomBatch(50, 40, 3, 24);
    const got = await gpu!.engine.run(network, data, { path: 'fused', fusedKernel: 'gemm' });
    expect(got.grads.dW[0].every((v) => v === 0)).toBe(true);
    expect(got.grads.db[0].every((v) => v === 0)).toBe(true);
  });

  it('two runs give bit-identical gradients and loss (784-128-10, batch 2000)', async () => {
    const network = randomNetwork([784, 128, 10], 25);
    const data = randomBatch(2000, 784, 10, 26);
    const first = await gpu!.engine.run(network, data, { path: 'fused' });
    const second = await gpu!.engine.run(network, data, { path: 'fused' });
    const resident = await gpu!.engine.run(network, data, { path: 'fused', batchUnchanged: true });
    expect(bitsEqual(first.grads, second.grads)).toBe(true);
    expect(bitsEqual(first.grads, resident.grads)).toBe(true);
    expect(Object.is(first.loss, second.loss)).toBe(true);
  });

  it('chunked equals whole within f32 rounding, and matches float64', async () => {
    const dims = [130, 17, 4];
    const network = randomNetwork(dims, 27);
    const data = randomBatch(1001, 130, 4, 28);
    const ref = float64Pass(network, data);
    const whole = await gpu!.engine.run(network, data, { path: 'fused', fusedKernel: 'gemm' });
    const chunked = await gpu!.engine.run(network, data, { path: 'fused', fusedKernel: 'gemm', chunkSize: 333 });
    for (const got of [whole, chunked]) {
      const { worst, scale } = gradientError(got.grads, ref.grads);
      expect(worst).toBeLessThanOrEqual(GRAD_TOL * scale + 1e-9);
    }
    expect(Math.abs(chunked.loss - whole.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, whole.loss));
  });
});

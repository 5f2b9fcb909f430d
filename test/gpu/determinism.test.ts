/**
 * Same inputs → same bits; the two paths agree; a batch cut into chunks gives what it gives whole;
 * and the big batches the issue names (2^22 examples of the lesson's network, 65536 784-wide
 * examples) run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { planPerOp } from '../../src/gpu/per-op/chunk-plan.js';
import { lessonNetwork } from '../../src/network/lesson.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { acquireTestGpu, bitsEqual, gradientError, randomBatch, randomNetwork } from './gpu-fixture.js';

const gpu = await acquireTestGpu();
afterAll(() => gpu?.release());

/** Per-op vs fused: different summation orders of the same f32 terms (see pass.test.ts). */
const PATHS_AGREE = 1e-4;

describe.skipIf(!gpu)('determinism, path agreement, chunking', () => {
  it.each([
    { dims: [2, 3, 2], batch: 70_000 },
    { dims: [17, 64, 3], batch: 1000 },
  ])('two runs give bit-identical gradients and loss: $dims, batch $batch', async ({ dims, batch }) => {
    const network = randomNetwork(dims, 5);
    const data = randomBatch(batch, dims[0], dims[dims.length - 1], 6);
    for (const path of ['per-op', 'fused'] as const) {
      const first = await gpu!.engine.run(network, data, { path, intermediates: false });
      const second = await gpu!.engine.run(network, data, { path, intermediates: false });
      expect(bitsEqual(first.grads, second.grads), path).toBe(true);
      expect(Object.is(first.loss, second.loss)).toBe(true);
    }
  });

  it.each([
    { dims: [2, 3, 2], batch: 100_000, kernel: 'small' as const },
    { dims: [5, 9, 7, 3], batch: 3001, kernel: 'small' as const },
    { dims: [5, 9, 7, 3], batch: 3001, kernel: 'tiled' as const },
    { dims: [130, 64, 10], batch: 300, kernel: 'tiled' as const },
  ])('per-op and fused ($kernel) agree: $dims, batch $batch', async ({ dims, batch, kernel }) => {
    const network = randomNetwork(dims, 7);
    const data = randomBatch(batch, dims[0], dims[dims.length - 1], 8);
    const perOp = await gpu!.engine.run(network, data, { path: 'per-op', intermediates: false });
    const fused = await gpu!.engine.run(network, data, { path: 'fused', fusedKernel: kernel });
    const { worst, scale } = gradientError(fused.grads, perOp.grads);
    expect(worst).toBeLessThanOrEqual(PATHS_AGREE * scale);
    expect(Math.abs(fused.loss - perOp.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, perOp.loss));
  });

  it('fused: batchUnchanged reuses the uploaded batch, and a different batch is still uploaded', async () => {
    const network = randomNetwork([2, 3, 2], 1);
    const a = randomBatch(5000, 2, 2, 1);
    const b = randomBatch(5000, 2, 2, 2);
    const first = await gpu!.engine.run(network, a, { path: 'fused' });
    const again = await gpu!.engine.run(network, a, { path: 'fused', batchUnchanged: true });
    expect(bitsEqual(first.grads, again.grads)).toBe(true);
    const other = await gpu!.engine.run(network, b, { path: 'fused', batchUnchanged: true });
    const otherFresh = await gpu!.engine.run(network, b, { path: 'fused' });
    expect(bitsEqual(other.grads, otherFresh.grads)).toBe(true);
    expect(bitsEqual(other.grads, first.grads)).toBe(false);
  });

  it('per-op: a batch forced through several chunks equals the batch in one, bit for bit', async () => {
    const network = randomNetwork([3, 17, 4], 9);
    const data = randomBatch(1000, 3, 4, 10);
    const limits = gpu!.handle.device.limits;
    expect(planPerOp([3, 17, 4], 1000, limits, 256).chunkCount).toBeGreaterThan(1);
    expect(planPerOp([3, 17, 4], 1000, limits, 256).blockRows).toBe(planPerOp([3, 17, 4], 1000, limits).blockRows);
    const whole = await gpu!.engine.run(network, data, { intermediates: true, chunkSize: 128 * 1024 });
    // Same block size (256) either way: 256-row chunks are whole blocks, so the partials match.
    const chunked = await gpu!.engine.run(network, data, { intermediates: true, chunkSize: 256 });
    expect(bitsEqual(whole.grads, chunked.grads)).toBe(true);
    expect(Object.is(whole.loss, chunked.loss)).toBe(true);
    whole.layers!.forEach((layer, l) => expect(chunked.layers![l].z).toEqual(layer.z));
    expect(chunked.lossPerExample).toEqual(whole.lossPerExample);
  });

  it('fused: chunked equals whole within f32 rounding (its partial rows differ)', async () => {
    const network = randomNetwork([3, 17, 4], 9);
    const data = randomBatch(1000, 3, 4, 10);
    for (const kernel of ['small', 'tiled'] as const) {
      const whole = await gpu!.engine.run(network, data, { path: 'fused', fusedKernel: kernel });
      const chunked = await gpu!.engine.run(network, data, { path: 'fused', fusedKernel: kernel, chunkSize: 300 });
      const { worst, scale } = gradientError(chunked.grads, whole.grads);
      expect(worst).toBeLessThanOrEqual(PATHS_AGREE * scale);
    }
  });
});

describe.skipIf(!gpu)('big batches', () => {
  it('2^22 examples of the lesson network, both paths, match float64', async () => {
    const N = 2 ** 22;
    const network = lessonNetwork();
    const data = randomBatch(N, 2, 2, 13);
    const ref = float64Pass(network, data);
    for (const path of ['fused', 'per-op'] as const) {
      const got = await gpu!.engine.run(network, data, { path, intermediates: false });
      const { worst, scale } = gradientError(got.grads, ref.grads);
      expect(worst, path).toBeLessThanOrEqual(1e-4 * scale);
      expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-5);
    }
  });

  it('784-wide input, batch 65536: chunked past the binding limit, matches float64', async () => {
    const dims = [784, 2, 2];
    const N = 65536;
    const network = randomNetwork(dims, 14);
    const data = randomBatch(N, 784, 2, 15);
    const plan = planPerOp(dims, N, gpu!.handle.device.limits);
    expect(plan.chunkCount).toBeGreaterThan(1); // 205 MB of f32 input > the 128 MiB chunk budget
    const ref = float64Pass(network, data);
    for (const path of ['per-op', 'fused'] as const) {
      const got = await gpu!.engine.run(network, data, { path, intermediates: false });
      const { worst, scale } = gradientError(got.grads, ref.grads);
      expect(worst, path).toBeLessThanOrEqual(1e-4 * scale);
    }
  });
});

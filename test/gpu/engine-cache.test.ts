/**
 * One engine, many shapes: every cached plan, buffer and pipeline must be keyed by everything it
 * depends on. Each run on a long-lived engine is compared, bit for bit, with the same run on a
 * fresh engine (the per-op path once returned the previous batch size's record when the chunking
 * happened to match: lesson network, chunkSize 64, batch 1000 then 1010).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { WebGpuEngine, type RunOptions } from '../../src/gpu/engine.js';
import type { Batch, Network } from '../../src/network/network.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import { lessonNetwork } from '../../src/network/lesson.js';
import type { GpuContext } from '../../src/gpu/runtime/gpu-context.js';
import { acquireTestGpu, bitsEqual, randomBatch, randomNetwork, rng } from './gpu-fixture.js';

const gpu = await acquireTestGpu();
afterAll(() => gpu?.release());

async function fresh(network: Network, batch: Batch, opts: RunOptions): Promise<PassRecord> {
  const engine = WebGpuEngine.create(gpu!.handle);
  try {
    return await engine.run(network, batch, opts);
  } finally {
    engine.dispose();
  }
}

function expectSame(got: PassRecord, want: PassRecord, label: string): void {
  expect(got.batchSize, label).toBe(want.batchSize);
  expect(got.dims, label).toEqual(want.dims);
  expect(Object.is(got.loss, want.loss), `${label}: loss ${got.loss} vs ${want.loss}`).toBe(true);
  expect(bitsEqual(got.grads, want.grads), `${label}: gradients differ`).toBe(true);
}

describe.skipIf(!gpu)('a reused engine gives a fresh engine\'s results', () => {
  test('lesson network, chunkSize 64: batch 1000 then 1010 (per-op)', async () => {
    const network = lessonNetwork();
    for (const size of [1000, 1010]) {
      const batch = randomBatch(size, 2, 2, size);
      const opts: RunOptions = { path: 'per-op', chunkSize: 64, intermediates: false };
      expectSame(await gpu!.engine.run(network, batch, opts), await fresh(network, batch, opts), `batch ${size}`);
    }
  });

  test('with the poll back-off sleeping before the map (on in Node), results are the same bits', async () => {
    const ctx = (gpu!.engine as unknown as { ctx: GpuContext }).ctx;
    expect(ctx.pollBackoff, 'Dawn in Node polls from the JS thread: the engine must back off').toBe(true);
    const network = lessonNetwork();
    const batch = randomBatch(65536, 2, 2, 5);
    const opts: RunOptions = { path: 'per-op', intermediates: false };
    const want = await fresh(network, batch, opts);
    let slept = false;
    for (let i = 0; i < 4; i++) {
      expectSame(await gpu!.engine.run(network, batch, opts), want, `run ${i}`);
      slept ||= ctx.lastPauseMs > 0;
    }
    // 65536 examples take well over the 4 ms below which a read polls at once, even on fast hardware.
    expect(slept, 'no read slept before its map').toBe(true);
  });

  test('a seeded random sequence of shapes, batch sizes, chunk sizes and paths', async () => {
    const next = rng(77);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const shapes = [[2, 3, 2], [5, 6, 6, 2], [3, 20, 4], [2, 5, 3]];
    const networks = shapes.map((dims, i) => randomNetwork(dims, 100 + i));
    const engine = WebGpuEngine.create(gpu!.handle);
    let k = 0;
    try {
      let size = 1;
      let opts: RunOptions = {};
      for (let step = 0; step < 24; step++) {
        if (step > 0 && next() < 0.5) {
          // A neighbour of the previous run: same shape, path and chunking, a slightly different batch
          // (the case a cache keyed on the chunking alone gets wrong).
          size = Math.max(1, size + pick([-10, 10, 20]));
        } else {
          if (step === 0 || next() < 0.5) k = Math.floor(next() * shapes.length);
          size = pick([1, 65, 130, 1000, 1010]);
          // Fused runs compile a shader per fresh engine (seconds on SwiftShader): lesson-sized networks only.
          const path = shapes[k].length === 3 && shapes[k][1] <= 6 && next() < 0.4 ? 'fused' : 'per-op';
          opts = { path, chunkSize: pick([undefined, 64, 64]), ...(path === 'per-op' ? { intermediates: false } : {}) };
        }
        const dims = shapes[k];
        const path = opts.path;
        const batch = randomBatch(size, dims[0], dims[dims.length - 1], step);
        const label = `step ${step}: ${dims.join('-')} batch ${size} ${path} chunk ${opts.chunkSize ?? '-'}`;
        expectSame(await engine.run(networks[k], batch, opts), await fresh(networks[k], batch, opts), label);
      }
    } finally {
      engine.dispose();
    }
  });
});

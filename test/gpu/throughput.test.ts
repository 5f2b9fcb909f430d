/**
 * Throughput of the two paths, printed (not asserted: timings on a shared CPU are noise, and the
 * benchmark issue owns the numbers). Runs only with GPU_THROUGHPUT=1:
 *   GPU_THROUGHPUT=1 npx vitest run test/gpu/throughput.test.ts
 * Wall time per run (upload, dispatch, readback) and the GPU time from timestamp queries.
 * GPU_THROUGHPUT_PATHS=fused skips the (slow) per-op runs of 784-128-10; GPU_TEST_UNSAFE=1 turns
 * robust buffer access off (see gpu-fixture.ts).
 */
import { afterAll, describe, it } from 'vitest';
import type { RunOptions } from '../../src/gpu/engine.js';
import type { Batch, Network } from '../../src/network/network.js';
import { lessonNetwork } from '../../src/network/lesson.js';
import { acquireTestGpu, randomBatch, randomNetwork } from './gpu-fixture.js';

const enabled = process.env.GPU_THROUGHPUT === '1';
const gpu = enabled ? await acquireTestGpu() : null;
afterAll(() => gpu?.release());

async function measure(label: string, network: Network, batch: Batch, opts: RunOptions, reps: number): Promise<void> {
  const { engine } = gpu!;
  await engine.run(network, batch, opts); // compile and allocate
  let best = Infinity;
  let bestGpu = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await engine.run(network, batch, opts);
    best = Math.min(best, performance.now() - t0);
    bestGpu = Math.min(bestGpu, engine.lastGpuTimeMs ?? Infinity);
  }
  const rate = (ms: number) => {
    const perSecond = (batch.size / ms) * 1e3;
    return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M ex/s` : `${perSecond.toFixed(0)} ex/s`;
  };
  console.log(`${label}: best wall ${best.toFixed(1)} ms (${rate(best)}), best GPU ${bestGpu.toFixed(1)} ms (${rate(bestGpu)})`);
}

describe.skipIf(!gpu)('throughput (GPU_THROUGHPUT=1)', () => {
  it('2-3-2, N = 2^18', async () => {
    const batch = randomBatch(2 ** 18, 2, 2, 1);
    for (const path of ['fused', 'per-op'] as const) {
      await measure(`2-3-2 N=2^18 ${path}`, lessonNetwork(), batch, { path, intermediates: false, timestamps: true }, 7);
    }
    const resident = { path: 'fused', timestamps: true, batchUnchanged: true } as const;
    await measure('2-3-2 N=2^18 fused, batch resident', lessonNetwork(), batch, resident, 7);
  });

  it.each([1024, 8192])('784-128-10, N = %i', async (N) => {
    const network = randomNetwork([784, 128, 10], 3);
    const batch = randomBatch(N, 784, 10, 4);
    const paths = process.env.GPU_THROUGHPUT_PATHS?.split(',') ?? ['fused', 'per-op'];
    for (const path of paths as ('fused' | 'per-op')[]) {
      await measure(`784-128-10 N=${N} ${path}`, network, batch, { path, intermediates: false, timestamps: true }, 3);
    }
    await measure(`784-128-10 N=${N} fused, batch resident`, network, batch, { path: 'fused', timestamps: true, batchUnchanged: true }, 3);
  }, 900_000);
});

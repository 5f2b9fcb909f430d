import { afterAll, it } from 'vitest';
import { lessonNetwork } from '../../src/network/lesson.js';
import { acquireTestGpu, randomBatch, randomNetwork } from './gpu-fixture.js';
const gpu = (await acquireTestGpu())!;
afterAll(() => gpu.release());
async function measure(label: string, fn: () => Promise<unknown>, n: number, reps = 5) {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  const ms = (performance.now() - t0) / reps;
  console.log(`${label}: ${ms.toFixed(1)} ms/run, ${(n / ms / 1e3).toFixed(2)} M ex/s, gpu ${gpu.engine.lastGpuTimeMs?.toFixed(1)} ms`);
}
it('throughput', async () => {
  const N = 2 ** 18;
  const net = lessonNetwork(), b = randomBatch(N, 2, 2, 1);
  for (const path of (process.env.PATHS ?? 'fused,per-op').split(',') as ('fused' | 'per-op')[]) await measure(`2-3-2 N=2^18 ${path}`, () => gpu.engine.run(net, b, { path, intermediates: false, timestamps: true }), N);
  if (process.env.BIG) {
    const N2 = 8192; const net2 = randomNetwork([784, 128, 10], 3), b2 = randomBatch(N2, 784, 10, 4);
    for (const path of ['fused', 'per-op'] as const) await measure(`784-128-10 N=8192 ${path}`, () => gpu.engine.run(net2, b2, { path, intermediates: false, timestamps: true }), N2, 2);
  }
});

import { afterAll, it } from 'vitest';
import { acquireTestGpu, randomBatch, randomNetwork } from './gpu-fixture.js';
const gpu = (await acquireTestGpu())!;
afterAll(() => gpu.release());
it('big', async () => {
  const N2 = Number(process.env.N ?? 1024); const net2 = randomNetwork([784, 128, 10], 3), b2 = randomBatch(N2, 784, 10, 4);
  for (const path of (process.env.PATHS ?? 'fused,per-op').split(',') as ('fused' | 'per-op')[]) {
    for (let r = 0; r < 2; r++) {
      const t0 = performance.now();
      await gpu.engine.run(net2, b2, { path, intermediates: false, timestamps: true });
      console.log(`784-128-10 N=${N2} ${path}: ${(performance.now() - t0).toFixed(0)} ms, gpu ${gpu.engine.lastGpuTimeMs?.toFixed(1)}`);
    }
  }
}, 600_000);

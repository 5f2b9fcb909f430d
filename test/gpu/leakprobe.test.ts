import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, it } from 'vitest';
import { acquireTestGpu, randomBatch, randomNetwork } from './gpu-fixture.js';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const gpu = (await acquireTestGpu())!;
afterAll(() => gpu.release());
it('curve', async () => {
  const network = randomNetwork([6, 9, 3], 1);
  const data = randomBatch(257, 6, 3, 2);
  const path = (process.env.P ?? 'fused') as 'fused';
  const line: string[] = [];
  for (let k = 0; k < 12; k++) {
    for (let i = 0; i < 100; i++) await gpu.engine.run(network, data, { path });
    gc(); await new Promise((r) => setTimeout(r, 50)); gc();
    const m = process.memoryUsage();
    line.push(`${(m.rss / 1e6).toFixed(0)}/${(m.heapUsed / 1e6).toFixed(0)}/${(m.external / 1e6).toFixed(0)}`);
  }
  console.log(path, line.join(' '));
}, 600_000);

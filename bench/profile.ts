/**
 * Where the time of our WebGPU paths goes (diagnostics behind the bench's closing note):
 * for each (network, batch, path[, fused kernel]) — first run (pipeline compilation included),
 * steady wall time, GPU time from timestamp queries, and wall − GPU (submit, map, readback, JS).
 *
 *   npm run build:bench-profile && node dist/bench-profile/profile.js 784-128-10 1,16,256 fused:tiled per-op
 */
import { makeBatch, makeNetwork, prefixBatch } from './plan.js';
import { stats } from './timing.js';

const args = process.argv.slice(2);
/** --f32: convert the batch to float32 once, as the benchmark's prepare step does. */
const f32 = args.includes('--f32');
const [dimsArg = '2-3-2', batchesArg = '16,4096,65536', ...pathArgs] = args.filter((a) => a !== '--f32');
const dims = dimsArg.split('-').map(Number);
const batches = batchesArg.split(',').map((b) => (b.startsWith('2^') ? 2 ** Number(b.slice(2)) : Number(b)));
const paths = pathArgs.length ? pathArgs : ['per-op', 'fused'];
const engineMods = import.meta.glob('../src/gpu/engine.ts');
const acquireMods = import.meta.glob('../src/gpu/device/acquire-node.ts');

async function main(): Promise<void> {
  const { WebGpuEngine } = (await Object.values(engineMods)[0]()) as any;
  const { acquireNodeGpu } = (await Object.values(acquireMods)[0]()) as any;
  const handle = await acquireNodeGpu();
  const network = makeNetwork(dims, 1);
  const full64 = makeBatch(dims, Math.max(...batches), 2);
  const full = full64;
  console.log(`adapter: ${handle.adapter.summary}`);
  console.log('path            batch    first ms   wall med (min)      gpu med   wall−gpu   runs');
  for (const p of paths) {
    const [path, kernel] = p.split(':');
    const engine = WebGpuEngine.create(handle);
    for (const n of batches) {
      const prefix = prefixBatch(full, n);
      const batch = f32 ? { ...prefix, inputs: Float32Array.from(prefix.inputs) } : prefix;
      const opts = { path, intermediates: false, fusedKernel: kernel || undefined };
      let t = performance.now();
      await engine.run(network, batch, opts);
      const first = performance.now() - t;
      const walls: number[] = [];
      const gpus: number[] = [];
      const deadline = performance.now() + 8000;
      for (let r = 0; r < 7 && (r < 3 || performance.now() < deadline); r++) {
        t = performance.now();
        await engine.run(network, batch, opts);
        walls.push(performance.now() - t);
        await engine.run(network, batch, { ...opts, timestamps: true });
        if (engine.lastGpuTimeMs !== null) gpus.push(engine.lastGpuTimeMs);
      }
      await engine.run(network, batch, { ...opts, kernelTimes: true });
      const kernels = (engine.lastKernelTimes ?? []) as { kernel: string; dispatches: number; ms: number }[];
      const w = stats(walls);
      const g = gpus.length ? stats(gpus).median : NaN;
      console.log(
        `${p.padEnd(14)} ${String(n).padStart(7)} ${first.toFixed(1).padStart(10)} ${w.median.toFixed(2).padStart(10)} (${w.min.toFixed(2)})`.padEnd(58) +
          `${g.toFixed(2).padStart(8)} ${(w.median - g).toFixed(2).padStart(10)} ${String(walls.length).padStart(6)}`,
      );
      if (kernels.length) console.log('    per kernel (one profiled run): ' + kernels.map((k) => `${k.kernel}×${k.dispatches} ${k.ms.toFixed(2)}`).join(', '));
    }
    engine.dispose();
  }
  handle.destroy();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

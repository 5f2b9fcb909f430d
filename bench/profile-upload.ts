/**
 * What feeding the batch costs before any kernel runs (diagnostics for the closing note): per batch
 * size of a network, the float64 → float32 conversion in JS, the upload (queue.writeBuffer of the
 * f32 inputs + u32 labels, then a dispatch + 16-byte readback so the copy is finished), and the
 * read roofline over the same bytes already on the GPU.
 *
 *   npm run build:bench-profile && node dist/bench-profile-upload/profile-upload.js 2-3-2 65536,2^20
 */
import { requestBenchDevice } from './gpu-env.js';
import { makeBatch } from './plan.js';
import { rooflineKernel } from './roofline.js';
import { stats } from './timing.js';

const [dimsArg = '2-3-2', batchesArg = '4096,65536,2^20'] = process.argv.slice(2);
const dims = dimsArg.split('-').map(Number);
const batches = batchesArg.split(',').map((b) => (b.startsWith('2^') ? 2 ** Number(b.slice(2)) : Number(b)));

async function time(fn: () => Promise<void> | void, runs = 9): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return stats(xs).median;
}

async function main(): Promise<void> {
  const { device, info } = await requestBenchDevice();
  console.log(`adapter: ${info.description} (${info.vendor}/${info.architecture})`);
  console.log('batch       MB   f64→f32 ms   upload+sync ms   read-roofline ms   fixed ms');
  const kernel = rooflineKernel(device, false);
  const fixed = kernel.prepare(16);
  const fixedMs = await time(() => fixed.run());
  for (const n of batches) {
    const batch = makeBatch(dims, n, 2);
    const bytes = n * (dims[0] + 1) * 4;
    let f32 = new Float32Array(0);
    const convMs = await time(() => {
      f32 = new Float32Array(batch.inputs);
    });
    const inBuf = device.createBuffer({ size: f32.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    const labBuf = device.createBuffer({ size: Math.max(16, batch.labels.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    const uploadMs = await time(async () => {
      device.queue.writeBuffer(inBuf, 0, f32);
      device.queue.writeBuffer(labBuf, 0, batch.labels);
      await fixed.run();
    });
    const read = kernel.prepare(bytes, 16);
    const readMs = await time(() => read.run());
    read.release();
    inBuf.destroy();
    labBuf.destroy();
    console.log(
      `${String(n).padEnd(9)} ${(bytes / 1e6).toFixed(1).padStart(5)} ${convMs.toFixed(2).padStart(12)} ${(uploadMs - fixedMs).toFixed(2).padStart(16)} ${readMs.toFixed(2).padStart(18)} ${fixedMs.toFixed(3).padStart(10)}`,
    );
  }
  device.destroy();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

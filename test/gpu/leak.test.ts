/**
 * No leak over 200 runs of the same shape: the engine's live buffers stay constant, every buffer
 * created during the runs is destroyed again, no pipeline is recompiled, and process memory
 * does not grow beyond noise.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireTestGpu, randomBatch, randomNetwork } from './gpu-fixture.js';

// A real collection before each measurement, so garbage not yet collected is not counted as a leak.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const gpu = await acquireTestGpu();
afterAll(() => gpu?.release());

/** Counts buffers the device creates and that are destroyed (Dawn has no live-object query). */
function trackBuffers(device: GPUDevice): { live: () => number } {
  let live = 0;
  const create = device.createBuffer.bind(device);
  device.createBuffer = (descriptor: GPUBufferDescriptor) => {
    const buffer = create(descriptor);
    live++;
    const destroy = buffer.destroy.bind(buffer);
    let destroyed = false;
    buffer.destroy = () => {
      if (!destroyed) live--;
      destroyed = true;
      destroy();
    };
    return buffer;
  };
  return { live: () => live };
}

describe.skipIf(!gpu)('no leak over 200 runs', () => {
  // Per-op keeps every intermediate (~1.5 MB of records per run at 4096 examples), so a kept
  // record would show at once; the fused path gets the larger batch.
  it.each([
    ['per-op', 4096],
    ['fused', 16384],
  ] as const)('%s, batch %i', async (path, size) => {
    const { engine, handle } = gpu!;
    const network = randomNetwork([4, 9, 3], 1);
    // Big enough that leaking a record or a batch-sized buffer per run would stand far above the
    // allocators' noise.
    const data = randomBatch(size, 4, 3, 2);
    const tracker = trackBuffers(handle.device);
    const options = { path, intermediates: path === 'per-op' };
    // Warm up: compile pipelines, allocate this shape's buffers, and let the native allocators
    // (Dawn's and SwiftShader's) reach their plateau — measured here, RSS climbs ~40 MB over the
    // first ~300 runs and then stays flat within ±5 MB for 1000 more.
    for (let i = 0; i < 300; i++) await engine.run(network, data, options);
    const buffers = engine.liveBufferCount;
    const pipelines = engine.compiledPipelineCount;
    const liveBefore = tracker.live();
    // RSS after each of six blocks of 50 runs; a leak grows linearly, allocator noise does not,
    // so compare the lower of the last two samples with the lower of the first two (200 runs apart).
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const rss: number[] = [];
    for (let block = 0; block < 6; block++) {
      for (let i = 0; i < 50; i++) await engine.run(network, data, options);
      gc();
      rss.push(process.memoryUsage().rss);
    }
    const rssGrowth = Math.min(rss[4], rss[5]) - Math.min(rss[0], rss[1]);
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(engine.liveBufferCount).toBe(buffers);
    expect(tracker.live()).toBe(liveBefore);
    expect(engine.compiledPipelineCount).toBe(pipelines);
    // Past the plateau, growth is noise: up to ~22 MB between two such samples, measured (1500
    // runs of per-op @ 4096, RSS every 150: 148–178 MB with no trend; the poll back-off's sleeps
    // shift when native memory is returned). A record (per-op, ~1.5 MB) or the input buffer (fused:
    // 16384 × 4 f32 = 256 KB) leaked per run would add ≥ 50 MB over the 200 runs between the samples
    // compared. Leaked GPU buffers of any size are caught exactly by the counts above, and JS
    // objects by the heap check below.
    expect(rssGrowth, `RSS grew ${(rssGrowth / 1e6).toFixed(1)} MB`).toBeLessThan(35e6);
    expect(heapGrowth, 'JS heap growth').toBeLessThan(2e6);
  });
});

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
  it.each(['per-op', 'fused'] as const)('%s', async (path) => {
    const { engine, handle } = gpu!;
    const network = randomNetwork([6, 9, 3], 1);
    const data = randomBatch(257, 6, 3, 2);
    const tracker = trackBuffers(handle.device);
    const options = { path, intermediates: path === 'per-op' };
    // Warm up: compile pipelines, allocate this shape's buffers, let the heap settle.
    for (let i = 0; i < 20; i++) await engine.run(network, data, options);
    const buffers = engine.liveBufferCount;
    const pipelines = engine.compiledPipelineCount;
    const liveBefore = tracker.live();
    gc();
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < 200; i++) await engine.run(network, data, options);
    gc();
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(engine.liveBufferCount).toBe(buffers);
    expect(tracker.live()).toBe(liveBefore);
    expect(engine.compiledPipelineCount).toBe(pipelines);
    // A leaked per-run staging buffer or record would cost ≥ 200 × a few KB plus Dawn's own
    // bookkeeping; allow 24 MB of allocator and JIT noise.
    expect(rssGrowth, `RSS grew ${(rssGrowth / 1e6).toFixed(1)} MB`).toBeLessThan(24e6);
  });
});

/**
 * Shared set-up for the WebGPU tests: one device per test file (Dawn on SwiftShader here), random
 * networks and batches from a seeded generator, and error measures against the float64 reference.
 *
 * With no adapter the GPU tests skip with a visible message — unless REQUIRE_WEBGPU=1 (.ci/run sets
 * it), in which case acquiring throws at import time and the whole file fails.
 */
import { acquireNodeGpu } from '../../src/gpu/device/acquire-node.js';
import { WebGpuEngine } from '../../src/gpu/engine.js';
import type { GpuHandle } from '../../src/gpu/device/gpu-handle.js';
import type { Batch, Layer, Network } from '../../src/network/network.js';
import type { Gradients } from '../../src/record/pass-record.js';
import { rng } from '../support/random-network.js';

export { rng };

export interface TestGpu {
  readonly handle: GpuHandle;
  readonly engine: WebGpuEngine;
  /** Disposes the engine and destroys the device so the process exits promptly. */
  release(): void;
}

export async function acquireTestGpu(): Promise<TestGpu | null> {
  let handle: GpuHandle;
  try {
    handle = await acquireNodeGpu({ robustBufferAccess: process.env.GPU_TEST_UNSAFE !== '1' });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (process.env.REQUIRE_WEBGPU === '1') throw new Error(`REQUIRE_WEBGPU=1 but no WebGPU device: ${why}`);
    console.warn(`\n[WebGPU tests SKIPPED] ${why}\n(set REQUIRE_WEBGPU=1 to make this a failure)\n`);
    return null;
  }
  const engine = WebGpuEngine.create(handle);
  return {
    handle,
    engine,
    release: () => {
      engine.dispose();
      handle.destroy();
    },
  };
}

/** A random network with He-like scaling (so activations stay O(1) at any width). */
export function randomNetwork(dims: readonly number[], seed: number, scale = 1): Network {
  const rand = rng(seed);
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const [inDim, outDim] = [dims[l], dims[l + 1]];
    const s = (scale * Math.sqrt(2 / inDim)) * 1.7;
    const W = Float64Array.from({ length: outDim * inDim }, () => (rand() * 2 - 1) * s);
    const b = Float64Array.from({ length: outDim }, () => (rand() * 2 - 1) * 0.1);
    layers.push({ inDim, outDim, W, b });
  }
  return { layers };
}

export function randomBatch(size: number, inDim: number, classes: number, seed: number, scale = 1): Batch {
  const rand = rng(seed ^ 0x9e3779b9);
  return {
    size,
    inDim,
    classes,
    inputs: Float64Array.from({ length: size * inDim }, () => (rand() * 2 - 1) * scale),
    labels: Uint32Array.from({ length: size }, () => Math.floor(rand() * classes)),
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Worst |gpu − ref| over all gradients, and the largest |ref| (to scale tolerances). */
export function gradientError(gpu: Gradients, ref: Gradients): { worst: number; scale: number } {
  let worst = 0;
  let scale = 0;
  gpu.dW.forEach((dW, l) => {
    worst = Math.max(worst, maxAbsDiff(dW, ref.dW[l]), maxAbsDiff(gpu.db[l], ref.db[l]));
    scale = Math.max(scale, maxAbs(ref.dW[l]), maxAbs(ref.db[l]));
  });
  return { worst, scale };
}

export function bitsEqual(a: Gradients, b: Gradients): boolean {
  const same = (x: Float64Array, y: Float64Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  return a.dW.every((dW, l) => same(dW, b.dW[l]) && same(a.db[l], b.db[l]));
}

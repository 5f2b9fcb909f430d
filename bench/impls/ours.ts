/**
 * Ours: the project's WebGPU engine (src/gpu/), per-op path (the readable teaching path) and fused
 * path. As for the peers (jax-js, tfjs), the inputs are converted to float32 once in `prepare` and
 * the weights uploaded there; each timed run uploads the float32 batch and reads the gradients
 * back (the engine re-uploads weights only when they changed: it compares them bit for bit).
 */
import { acquireNodeGpu } from '../../src/gpu/device/acquire-node.js';
import { WebGpuEngine } from '../../src/gpu/engine.js';
import { toFloat32Batch } from '../../src/gpu/runtime/float32-batch.js';
import type { Impl, Prepared } from './types.js';

export async function oursImpl(path: 'per-op' | 'fused'): Promise<Impl> {
  const handle = await acquireNodeGpu();
  const engine = WebGpuEngine.create(handle);
  const timestamps = handle.device.features.has('timestamp-query');
  return {
    id: path,
    label: path === 'fused' ? 'ours: WebGPU fused' : 'ours: WebGPU per-op',
    device: 'gpu',
    ours: true,
    precision: 'f32',
    notes: { adapter: handle.adapter, timestampQuery: timestamps },
    async prepare(network, batch64): Promise<Prepared> {
      const batch = toFloat32Batch(batch64);
      return {
        run: async () => (await engine.run(network, batch, { path, intermediates: false })).grads,
        gpuTimeMs: timestamps
          ? async () => {
              await engine.run(network, batch, { path, intermediates: false, timestamps: true });
              return engine.lastGpuTimeMs;
            }
          : undefined,
        kernelTimes: timestamps
          ? async () => {
              await engine.run(network, batch, { path, intermediates: false, kernelTimes: true });
              return engine.lastKernelTimes;
            }
          : undefined,
        release() {},
      };
    },
    async dispose() {
      engine.dispose();
      handle.destroy();
    },
  };
}

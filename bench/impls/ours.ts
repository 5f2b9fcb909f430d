/**
 * Ours: the project's WebGPU engine (src/gpu/), per-op path (the readable teaching path) and fused
 * path. Each run converts and uploads the float64 batch and reads the gradients back, as the peers
 * upload theirs every run.
 */
import { acquireNodeGpu } from '../../src/gpu/device/acquire-node.js';
import { WebGpuEngine } from '../../src/gpu/engine.js';
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
    async prepare(network, batch): Promise<Prepared> {
      return {
        run: async () => (await engine.run(network, batch, { path, intermediates: false })).grads,
        gpuTimeMs: timestamps
          ? async () => {
              await engine.run(network, batch, { path, intermediates: false, timestamps: true });
              return engine.lastGpuTimeMs;
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

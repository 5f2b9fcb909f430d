/**
 * Ours: the project's WebGPU engine (src/gpu/), per-op path (the readable teaching path) and fused
 * path. Loaded through import.meta.glob so the bench builds and reports "unavailable" while
 * src/gpu/ is absent, and bundles the engine (with its WGSL inlined) once it is there.
 */
import type { Batch, Network } from '../../src/network/network.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import type { Impl, Prepared } from './types.js';

/** The engine's contract (src/gpu/engine.ts, src/gpu/acquire-node.ts). */
interface AdapterReportLike {
  vendor: string;
  architecture: string;
  description: string;
  software: boolean;
  summary: string;
}
interface GpuHandleLike {
  device: GPUDevice;
  adapter: AdapterReportLike;
  destroy(): void;
}
interface EngineLike {
  run(network: Network, batch: Batch, opts: { path: 'per-op' | 'fused'; intermediates: false; timestamps?: boolean }): Promise<PassRecord>;
  readonly lastGpuTimeMs: number | null;
  dispose(): void;
}
interface EngineModule {
  WebGpuEngine: { create(handle: GpuHandleLike): EngineLike | Promise<EngineLike> };
}
interface AcquireModule {
  acquireNodeGpu(opts?: unknown): Promise<GpuHandleLike>;
}

const engineModules = import.meta.glob('../../src/gpu/engine.ts');
const acquireModules = import.meta.glob('../../src/gpu/acquire-node.ts');

export function engineAvailable(): boolean {
  return Object.keys(engineModules).length > 0 && Object.keys(acquireModules).length > 0;
}

export async function oursImpl(path: 'per-op' | 'fused'): Promise<Impl> {
  const loadEngine = Object.values(engineModules)[0];
  const loadAcquire = Object.values(acquireModules)[0];
  if (!loadEngine || !loadAcquire) throw new Error('src/gpu/engine.ts / acquire-node.ts are not in this build (the engine is not written yet)');
  const { WebGpuEngine } = (await loadEngine()) as EngineModule;
  const { acquireNodeGpu } = (await loadAcquire()) as AcquireModule;
  const handle = await acquireNodeGpu();
  const engine = await WebGpuEngine.create(handle);
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

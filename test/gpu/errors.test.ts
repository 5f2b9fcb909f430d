/** Adapter reporting, clear errors from GPU validation failures, and device loss that is reported, not hung on. */
import { afterAll, describe, expect, it } from 'vitest';
import { reportAdapter } from '../../src/gpu/device/adapter-report.js';
import { acquireNodeGpu } from '../../src/gpu/device/acquire-node.js';
import { WebGpuEngine } from '../../src/gpu/engine.js';
import { DeviceLostError, GpuPassError, withErrorScopes } from '../../src/gpu/device/gpu-errors.js';
import { InputError } from '../../src/errors.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { batchOf, layerFromRows } from '../../src/network/network.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { acquireTestGpu } from './gpu-fixture.js';
import { PipelineCache } from '../../src/gpu/runtime/pipelines.js';
import { sumRowsSource } from '../../src/gpu/reduction/reduce.js';
import { FUSED_GEMM_FORWARD, FUSED_GEMM_HEAD, FUSED_GEMM_WEIGHT_GRAD, SUM_ROWS } from '../../src/gpu/wgsl/layouts.js';
import { gemmSources } from '../../src/gpu/fused/fused-source.js';
import { planFused } from '../../src/gpu/fused/fused-plan.js';

const gpu = await acquireTestGpu();
afterAll(() => gpu?.release());

describe('adapter report (no GPU needed)', () => {
  const fake = (info: Partial<GPUAdapterInfo>) => ({ info }) as unknown as GPUAdapter;
  it('names a software adapter as such', () => {
    const r = reportAdapter(fake({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' }));
    expect(r.software).toBe(true);
    expect(r.summary).toBe('SwiftShader driver 5.0.0 (google, swiftshader) — software adapter');
  });
  it('does not call a hardware adapter software', () => {
    const r = reportAdapter(fake({ vendor: 'nvidia', architecture: 'ada', description: 'NVIDIA GeForce RTX 4090' }));
    expect(r.software).toBe(false);
    expect(r.summary).toBe('NVIDIA GeForce RTX 4090 (nvidia, ada)');
  });
});

describe.skipIf(!gpu)('errors', () => {
  it('reports the adapter it ran on', () => {
    expect(gpu!.handle.adapter.summary.length).toBeGreaterThan(0);
    if (process.env.VK_ICD_FILENAMES?.includes('swiftshader')) expect(gpu!.handle.adapter.software).toBe(true);
  });

  it('turns a validation error into one clear GpuPassError', async () => {
    const { device } = gpu!.handle;
    const attempt = withErrorScopes(device, 'testing', () => {
      // MAP_READ may only be combined with COPY_DST: a validation error.
      device.createBuffer({ size: 16, usage: 0x0001 | 0x0080 });
    });
    await expect(attempt).rejects.toThrow(GpuPassError);
    await expect(
      withErrorScopes(device, 'testing', () => device.createBuffer({ size: 16, usage: 0x0001 | 0x0080 })),
    ).rejects.toThrow(/^WebGPU validation error while testing: /);
  });

  it('rejects mismatched shapes before touching the GPU, with float64Pass\'s InputError (one shared check)', async () => {
    const wide = { ...lessonBatch(), inDim: 3, inputs: new Float64Array(3) };
    await expect(gpu!.engine.run(lessonNetwork(), wide)).rejects.toThrow(/3 wide but the network takes 2/);
    for (const batch of [wide, { ...lessonBatch(), labels: Uint32Array.of(2) }, { ...lessonBatch(), inputs: Float32Array.of(0.5) }, { ...lessonBatch(), inputs: Float32Array.of(NaN, 0.8) }]) {
      let refusal = '';
      try {
        float64Pass(lessonNetwork(), batch as ReturnType<typeof lessonBatch>);
      } catch (err) {
        refusal = (err as Error).message;
      }
      expect(refusal).not.toBe('');
      // batchUnchanged skips the label and input scans only for the batch of a run that passed them.
      for (const opts of [{ path: 'per-op' }, { path: 'fused' }, { path: 'fused', batchUnchanged: true }] as const) {
        await expect(gpu!.engine.run(lessonNetwork(), batch, opts)).rejects.toThrow(InputError);
        await expect(gpu!.engine.run(lessonNetwork(), batch, opts)).rejects.toThrow(refusal);
      }
    }
  });

  it('refuses a NaN or infinite weight with float64Pass\'s line, naming it', async () => {
    const net = lessonNetwork();
    net.layers[0].W[1] = Infinity;
    await expect(gpu!.engine.run(net, lessonBatch())).rejects.toThrow(/^W1\[0\]\[1\] is Infinity$/);
  });

  it('tiles the gemm kernels cannot be generated for are refused before anything compiles; the next run is fine', async () => {
    const wide = { layers: [layerFromRows([Array(33).fill(0.01)], [0], 'tanh'), layerFromRows([[0.5], [-0.5]], [0, 0])] };
    const data = batchOf([Array(33).fill(1)], [0], 2);
    await expect(gpu!.engine.run(wide, data, { path: 'fused', fusedKernel: 'gemm', gemmTiles: { te: 3, tu: 5, ti: 4, tj: 4 } })).rejects.toThrow(GpuPassError);
    await expect(gpu!.engine.run(wide, data, { path: 'fused', fusedKernel: 'gemm', gemmTiles: { te: 0, tu: 4, ti: 4, tj: 4 } })).rejects.toThrow(/gemmTiles must be whole numbers >= 1/);
    const record = await gpu!.engine.run(wide, data, { path: 'fused', fusedKernel: 'gemm', gemmTiles: { te: 4, tu: 4, ti: 4, tj: 4 } });
    expect(record.loss).toBeCloseTo(float64Pass(wide, data).loss, 6);
  });

  it('refuses options a run would ignore or misread: an unknown path or fused kernel, fused-only options on per-op', async () => {
    const net = { layers: [layerFromRows([[0.5, -0.5]], [0], 'relu'), layerFromRows([[0.5], [-0.5]], [0, 0])] };
    const data = batchOf([[1, 2]], [0], 2);
    const run = (opts: object) => gpu!.engine.run(net, data, opts as never);
    await expect(run({ path: 'fast' })).rejects.toThrow('unknown path "fast": use \'per-op\' or \'fused\'');
    await expect(run({ path: 'fused', fusedKernel: 'smol' })).rejects.toThrow('unknown fusedKernel "smol": use \'small\', \'tiled\', \'gemm\'');
    await expect(run({ path: 'per-op', fusedKernel: 'small' })).rejects.toThrow("fusedKernel applies to the fused path only (path 'per-op' was asked for)");
    await expect(run({ path: 'per-op', fusedSingleGroup: false })).resolves.toBeDefined();
    await expect(run({ fusedSingleGroup: true, gemmTiles: { te: 4, tu: 4, ti: 4, tj: 4 } })).rejects.toThrow('gemmTiles, fusedSingleGroup apply to the fused path only');
    await expect(run({ path: 'fused', fusedKernel: 'small' })).resolves.toBeDefined();
  });

  it('refuses a chunkSize that is not a whole number >= 1 (0 planned chunks of no rows: the per-op loop never ended); the next run is fine', async () => {
    const net = lessonNetwork();
    const data = batchOf([[1, 2], [0.5, -1], [2, 0]], [0, 1, 1], 2);
    for (const path of ['per-op', 'fused'] as const) {
      for (const chunkSize of [0, -5, 1.5, Number.NaN]) {
        await expect(gpu!.engine.run(net, data, { path, chunkSize }), `${path} chunkSize ${chunkSize}`).rejects.toThrow(`chunkSize must be a whole number >= 1, got ${chunkSize}`);
      }
      const record = await gpu!.engine.run(net, data, { path, chunkSize: 2 });
      expect(record.loss).toBeCloseTo(float64Pass(net, data).loss, 6);
    }
  });

  it('a kernel that does not compile fails its own run, not the next one', async () => {
    // A run compiles its kernels concurrently, each pipeline in its own error scope; the failing one
    // used to reject while a sibling's scope was pushed, the run popped the wrong scopes, and the
    // next (valid) run failed with the first run's error.
    // The kernels of a gemm plan whose forward GEMM cannot compile (TU = 5: not whole vec4s), as a
    // run asks for them; the engine refuses such tiles itself now, so the cache is driven directly.
    const { device } = gpu!.handle;
    const cache = new PipelineCache(device);
    const limits = device.limits;
    const bad = gemmSources(planFused([33, 6, 3], 70, limits, { kernel: 'gemm', gemmTiles: { te: 3, tu: 5, ti: 4, tj: 4 } }), ['tanh']);
    const good = gemmSources(planFused([33, 6, 3], 70, limits, { kernel: 'gemm', gemmTiles: { te: 4, tu: 4, ti: 4, tj: 4 } }), ['tanh']);
    const firstRun = () =>
      Promise.all([
        cache.get(FUSED_GEMM_FORWARD, bad.forward),
        cache.get(FUSED_GEMM_WEIGHT_GRAD, bad.weightGrad),
        cache.get(SUM_ROWS, sumRowsSource()),
        cache.get(FUSED_GEMM_HEAD, bad.head!),
        cache.get(FUSED_GEMM_WEIGHT_GRAD, bad.headGrad!),
      ]);
    await expect(withErrorScopes(device, 'the first run', firstRun)).rejects.toThrow(GpuPassError);
    const nextRun = () => Promise.all([cache.get(FUSED_GEMM_FORWARD, good.forward), cache.get(FUSED_GEMM_WEIGHT_GRAD, good.weightGrad)]);
    await expect(withErrorScopes(device, 'the next run', nextRun)).resolves.toHaveLength(2);
  });

  it('refuses intermediates on the fused path', async () => {
    await expect(gpu!.engine.run(lessonNetwork(), lessonBatch(), { path: 'fused', intermediates: true })).rejects.toThrow(/per-op/);
  });

  it('reports device loss instead of hanging', async () => {
    const handle = await acquireNodeGpu();
    const engine = WebGpuEngine.create(handle);
    await engine.run(lessonNetwork(), lessonBatch());
    handle.destroy();
    const started = performance.now();
    await expect(engine.run(lessonNetwork(), lessonBatch())).rejects.toThrow(DeviceLostError);
    expect(performance.now() - started).toBeLessThan(5000);
    engine.dispose();
  });
});

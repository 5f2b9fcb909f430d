/**
 * Compiled pipelines, once per device and WGSL text (the text comes from src/gpu/wgsl/assemble.ts;
 * fused kernels and activation kernels vary with the network, so their text is the cache key).
 */
import { GpuPassError } from '../device/gpu-errors.js';
import type { KernelSpec } from '../wgsl/layouts.js';

export class PipelineCache {
  /**
   * Text → overrides ("NAME=value;" each, '' for none) → pipeline. Two levels, so a lookup hashes
   * the kernel's text (the same string every run: V8 keeps its hash) and a short key, never a fresh
   * concatenation of the two — that cost a small per-op run ~30 µs.
   */
  private readonly pipelines = new Map<string, Map<string, GPUComputePipeline>>();
  /** Compiles not yet settled: a failing one waits for them (see get). */
  private readonly inFlight = new Set<Promise<GPUComputePipeline>>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    let count = 0;
    for (const byOverrides of this.pipelines.values()) count += byOverrides.size;
    return count;
  }

  /**
   * Compiles (once) and returns the pipeline for this exact WGSL text and `overrides` (values for
   * the shader's override constants: BUG for "break it", WORKGROUP_SIZE for small per-op passes).
   */
  async get(spec: KernelSpec, code: string, overrides: Record<string, number> = {}): Promise<GPUComputePipeline> {
    let key = '';
    for (const name in overrides) key += `${name}=${overrides[name]};`;
    const cached = this.pipelines.get(code)?.get(key);
    if (cached) return cached;
    const compile = this.compile(spec, code, overrides, key);
    this.inFlight.add(compile);
    try {
      return await compile;
    } catch (error) {
      // Each compile pushes and pops its own error scope. Rejecting at once would let the caller
      // (a run's Promise.all) pop its scopes while a sibling's is still pushed: the stack goes out of
      // step and an error lands in the next run's scope, failing that valid run. So wait for them.
      this.inFlight.delete(compile);
      await Promise.allSettled([...this.inFlight]);
      throw error;
    } finally {
      this.inFlight.delete(compile);
    }
  }

  private async compile(spec: KernelSpec, code: string, overrides: Record<string, number>, key: string): Promise<GPUComputePipeline> {
    const module = this.device.createShaderModule({ label: spec.name, code });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      const first = errors[0];
      throw new GpuPassError(`the ${spec.name} kernel does not compile: ${first.message} (generated line ${first.lineNum})`);
    }
    // Own scope, always popped (even when creation rejects), so callers' scopes stay balanced.
    this.device.pushErrorScope('validation');
    let pipeline: GPUComputePipeline | null = null;
    let failure: unknown = null;
    try {
      pipeline = await this.device.createComputePipelineAsync({ label: spec.name, layout: 'auto', compute: { module, entryPoint: 'main', constants: overrides } });
    } catch (error) {
      failure = error;
    }
    const scoped = await this.device.popErrorScope();
    if (!pipeline || scoped) {
      const why = scoped?.message ?? (failure instanceof Error ? failure.message : String(failure));
      throw new GpuPassError(`the ${spec.name} kernel: pipeline not created: ${why.split('\n').slice(0, 3).join(' ')}`);
    }
    let byOverrides = this.pipelines.get(code);
    if (!byOverrides) this.pipelines.set(code, (byOverrides = new Map()));
    byOverrides.set(key, pipeline);
    return pipeline;
  }
}

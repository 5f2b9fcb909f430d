/**
 * Compiled pipelines, once per device and WGSL text (the text comes from src/gpu/wgsl/assemble.ts;
 * fused kernels and activation kernels vary with the network, so their text is the cache key).
 */
import { GpuPassError } from '../device/gpu-errors.js';
import type { KernelSpec } from '../wgsl/layouts.js';

export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  /** Compiles (once) and returns the pipeline for this exact WGSL text. */
  async get(spec: KernelSpec, code: string): Promise<GPUComputePipeline> {
    const cached = this.pipelines.get(code);
    if (cached) return cached;
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
      pipeline = await this.device.createComputePipelineAsync({ label: spec.name, layout: 'auto', compute: { module, entryPoint: 'main' } });
    } catch (error) {
      failure = error;
    }
    const scoped = await this.device.popErrorScope();
    if (!pipeline || scoped) {
      const why = scoped?.message ?? (failure instanceof Error ? failure.message : String(failure));
      throw new GpuPassError(`the ${spec.name} kernel: pipeline not created: ${why.split('\n').slice(0, 3).join(' ')}`);
    }
    this.pipelines.set(code, pipeline);
    return pipeline;
  }
}

/**
 * Shader sources and compiled pipelines. Each kernel's WGSL file is prefixed with the header
 * generated from its spec in layouts.ts; pipelines are compiled once per device and text, then
 * cached (the fused kernels are specialised to a network's widths, so their text varies).
 */
import backwardData from '../../shaders/backward-data.wgsl?raw';
import fusedGemmForward from '../../shaders/fused-gemm-forward.wgsl?raw';
import fusedGemmHead from '../../shaders/fused-gemm-head.wgsl?raw';
import fusedGemmWeightGrad from '../../shaders/fused-gemm-weight-grad.wgsl?raw';
import fusedSmall from '../../shaders/fused-small.wgsl?raw';
import fusedTiled from '../../shaders/fused-tiled.wgsl?raw';
import linearForward from '../../shaders/linear-forward.wgsl?raw';
import parameterGradients from '../../shaders/parameter-gradients.wgsl?raw';
import relu from '../../shaders/relu.wgsl?raw';
import softmaxCrossEntropy from '../../shaders/softmax-cross-entropy.wgsl?raw';
import sumRows from '../../shaders/sum-rows.wgsl?raw';
import { GpuPassError } from './gpu-errors.js';
import { wgslHeader, type KernelSpec } from './layouts.js';

const SHADER_FILES: Record<string, string> = {
  'linear-forward': linearForward,
  relu,
  'softmax-cross-entropy': softmaxCrossEntropy,
  'backward-data': backwardData,
  'parameter-gradients': parameterGradients,
  'sum-rows': sumRows,
  'fused-small': fusedSmall,
  'fused-tiled': fusedTiled,
  'fused-gemm-forward': fusedGemmForward,
  'fused-gemm-head': fusedGemmHead,
  'fused-gemm-weight-grad': fusedGemmWeightGrad,
};

/** The shader file's text for a kernel spec (its body, before the generated header). */
export function shaderFile(spec: KernelSpec): string {
  const text = SHADER_FILES[spec.name];
  if (text === undefined) throw new Error(`no shader file shaders/${spec.name}.wgsl`);
  return text;
}

/** Full WGSL for a kernel: generated header, then the file (optionally with generated parts filled in). */
export function kernelSource(spec: KernelSpec, constants: Record<string, number> = {}, fill: Record<string, string> = {}): string {
  let body = shaderFile(spec);
  for (const [marker, code] of Object.entries(fill)) {
    const tag = `//{{${marker}}}`;
    if (!body.includes(tag)) throw new Error(`shaders/${spec.name}.wgsl has no ${tag}`);
    body = body.replace(tag, code);
  }
  return wgslHeader(spec, constants) + body;
}

export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  /** Compiles (once) and returns the pipeline for this exact WGSL text. */
  /** `overrides`: values for the shader's override constants (BUG, for "break it"). */
  async get(spec: KernelSpec, code: string = kernelSource(spec), overrides: Record<string, number> = {}): Promise<GPUComputePipeline> {
    const key = Object.keys(overrides).length === 0 ? code : `${code}\n// overrides ${JSON.stringify(overrides)}`;
    const cached = this.pipelines.get(key);
    if (cached) return cached;
    const module = this.device.createShaderModule({ label: spec.name, code });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      const first = errors[0];
      throw new GpuPassError(`shaders/${spec.name}.wgsl does not compile: ${first.message} (generated line ${first.lineNum})`);
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
      throw new GpuPassError(`shaders/${spec.name}.wgsl: pipeline not created: ${why.split('\n').slice(0, 3).join(' ')}`);
    }
    this.pipelines.set(key, pipeline);
    return pipeline;
  }
}

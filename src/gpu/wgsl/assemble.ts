/**
 * How every kernel's WGSL is put together — one mechanism for per-op and fused kernels alike, and
 * no text is ever substituted into a shader file. A kernel's text is these parts, in this order,
 * each under a `// ---- … ----` line naming where it comes from:
 *
 *   1. the header generated from its KernelSpec (layouts.ts): WORKGROUP_SIZE and the kernel's
 *      size constants, the Params struct, the storage bindings, thread_index;
 *   2. the shared functions it calls (functions.ts: each activation's from the op table, and
 *      softmax + cross-entropy's) — only the ones it names;
 *   3. declarations generated for one network: tables of widths and offsets, a per-layer
 *      activation function, unrolled tile helpers;
 *   4. the kernel: its .wgsl file, beside the TypeScript that runs it (per-op/, fused/,
 *      reduction/), or for the one kernel generated whole (fused-small, straight-line code for one
 *      network's widths), the generator's text.
 *
 * WGSL lets module-scope declarations appear in any order, so a part may use names declared in
 * any other. `npm run print-wgsl` prints the result for a network (scripts/print-wgsl.ts).
 * Compile time stays bounded: only named shared functions are included, and generated code grows
 * with the network's widths only in the kernels meant for small widths (fused-small, tiles).
 */
import activation from '../per-op/activation.wgsl?raw';
import backwardData from '../per-op/backward-data.wgsl?raw';
import fusedGemmForward from '../fused/fused-gemm-forward.wgsl?raw';
import fusedGemmHead from '../fused/fused-gemm-head.wgsl?raw';
import fusedGemmWeightGrad from '../fused/fused-gemm-weight-grad.wgsl?raw';
import fusedTiled from '../fused/fused-tiled.wgsl?raw';
import linearForward from '../per-op/linear-forward.wgsl?raw';
import parameterGradients from '../per-op/parameter-gradients.wgsl?raw';
import softmaxCrossEntropy from '../per-op/softmax-cross-entropy.wgsl?raw';
import sumRows from '../reduction/sum-rows.wgsl?raw';
import sgdUpdate from '../update/sgd-update.wgsl?raw';
import { wgslHeader, type KernelSpec } from './layouts.js';
import { sharedFunctions, type SharedFunction } from './functions.js';

/** Each kernel's file, by spec name: where it lives (for the section line) and its text. */
const SHADER_FILES: Record<string, { readonly path: string; readonly text: string }> = {
  'linear-forward': { path: 'src/gpu/per-op/linear-forward.wgsl', text: linearForward },
  activation: { path: 'src/gpu/per-op/activation.wgsl', text: activation },
  'softmax-cross-entropy': { path: 'src/gpu/per-op/softmax-cross-entropy.wgsl', text: softmaxCrossEntropy },
  'backward-data': { path: 'src/gpu/per-op/backward-data.wgsl', text: backwardData },
  'parameter-gradients': { path: 'src/gpu/per-op/parameter-gradients.wgsl', text: parameterGradients },
  'sum-rows': { path: 'src/gpu/reduction/sum-rows.wgsl', text: sumRows },
  'sgd-update': { path: 'src/gpu/update/sgd-update.wgsl', text: sgdUpdate },
  'fused-tiled': { path: 'src/gpu/fused/fused-tiled.wgsl', text: fusedTiled },
  'fused-gemm-forward': { path: 'src/gpu/fused/fused-gemm-forward.wgsl', text: fusedGemmForward },
  'fused-gemm-head': { path: 'src/gpu/fused/fused-gemm-head.wgsl', text: fusedGemmHead },
  'fused-gemm-weight-grad': { path: 'src/gpu/fused/fused-gemm-weight-grad.wgsl', text: fusedGemmWeightGrad },
};

/** The shader file of a kernel spec (part 4), for kernels that have one. */
export function shaderFile(spec: KernelSpec): { readonly path: string; readonly text: string } {
  const file = SHADER_FILES[spec.name];
  if (file === undefined) throw new Error(`no shader file for kernel ${spec.name} (a generated kernel needs its main text)`);
  return file;
}

export interface KernelParts {
  readonly spec: KernelSpec;
  /** Sizes written into the header as `const NAME: u32 = …u;`. */
  readonly constants?: Readonly<Record<string, number>>;
  /** The shared functions the kernel calls. */
  readonly shared?: readonly SharedFunction[];
  /** Module-scope declarations generated for one network, each a complete declaration. */
  readonly generated?: readonly string[];
  /** The kernel's text when it is generated whole; otherwise its .wgsl file (SHADER_FILES). */
  readonly main?: string;
  /** Where `generated` and `main` come from (the generator's file), for the section lines. */
  readonly generator?: string;
}

const section = (title: string, text: string) => (text.trim() === '' ? '' : `// ---- ${title} ----\n${text.trimEnd()}\n`);

/** The full WGSL of a kernel, parts 1–4 (see above). */
export function assembleKernel(parts: KernelParts): string {
  const { spec } = parts;
  const generator = parts.generator ?? 'src/gpu/wgsl/assemble.ts';
  return [
    wgslHeader(spec, { ...parts.constants }),
    section('shared functions (src/gpu/wgsl/functions.ts, rules from src/ops/)', sharedFunctions(parts.shared ?? [])),
    section(`generated for this network (${generator})`, (parts.generated ?? []).join('\n')),
    parts.main === undefined ? section(shaderFile(spec).path, shaderFile(spec).text) : section(`${spec.name}, generated (${generator})`, parts.main),
  ]
    .filter((p) => p !== '')
    .join('\n');
}

/**
 * The WGSL of the fused kernels, specialised to one network's widths and hidden activations
 * (see fused-plan.ts), each assembled by src/gpu/wgsl/assemble.ts.
 */
import { ACTIVATIONS, type ActivationName } from '../../ops/activations.js';
import { fitsGemmHead, gemmForwardCode, gemmHeadCode, gemmWeightGradCode, headGradShape } from './fused-gemm-codegen.js';
import { fusedSmallSource } from './fused-small-codegen.js';
import { tiledSizes, TILED_STAGED_COLUMNS, type FusedPlan } from './fused-plan.js';
import { layerOffsets } from '../reduction/gradient-layout.js';
import { FUSED_GEMM_FORWARD, FUSED_GEMM_HEAD, FUSED_GEMM_WEIGHT_GRAD, FUSED_TILED } from '../wgsl/layouts.js';
import { assembleKernel } from '../wgsl/assemble.js';
import { perLayerActivation } from '../wgsl/functions.js';

const GEMM_GENERATOR = 'src/gpu/fused/fused-gemm-codegen.ts';

/** The single kernel of a 'small' or 'tiled' plan; `activations` has one name per hidden layer. */
export function fusedSource(plan: FusedPlan, activations: readonly ActivationName[]): string {
  const { dims } = plan;
  if (plan.kernel === 'small') return fusedSmallSource(dims, activations, { singleGroup: plan.singleGroup });
  if (plan.kernel === 'gemm') throw new Error('a gemm plan has three kernels: use gemmSources');
  return tiledSource(plan, dims, layerOffsets(dims).offsets, activations, { inputStride: dims[0], gradBase: 0, inputActivation: null });
}

/**
 * The kernels of a 'gemm' plan: layer 0 forward; then either the output layer in registers
 * (`head`, one hidden layer) plus its weight gradient (`headGrad`), or the layers above layer 0
 * by fused-tiled (`tail`); then layer 0's weight gradient.
 */
export function gemmSources(
  plan: FusedPlan,
  activations: readonly ActivationName[],
): { forward: string; weightGrad: string; tail?: string; head?: string; headGrad?: string } {
  const shape = plan.gemm;
  if (!shape) throw new Error('not a gemm plan');
  const { dims } = plan;
  const { offsets } = layerOffsets(dims);
  const gemm = (spec: typeof FUSED_GEMM_FORWARD | typeof FUSED_GEMM_WEIGHT_GRAD | typeof FUSED_GEMM_HEAD, code: { constants: Record<string, number>; generated: string[] }, shared: Parameters<typeof assembleKernel>[0]['shared']) =>
    assembleKernel({ spec, constants: code.constants, shared, generated: code.generated, generator: GEMM_GENERATOR });
  const forward = gemm(FUSED_GEMM_FORWARD, gemmForwardCode(shape, activations[0]), [activations[0]]);
  const weightGrad = gemm(FUSED_GEMM_WEIGHT_GRAD, gemmWeightGradCode(shape, plan.partialWidth), ['negative_zero']);
  if (fitsGemmHead(dims)) {
    const head = gemmHeadCode(dims, shape, offsets[1], plan.partialWidth, activations[0]);
    const headGrad = gemmWeightGradCode(headGradShape(dims, shape), plan.partialWidth, undefined, { offset: offsets[1], biasColumn: false });
    return {
      forward,
      weightGrad,
      head: gemm(FUSED_GEMM_HEAD, head, [activations[0], 'softmax_ce', 'negative_zero']),
      headGrad: gemm(FUSED_GEMM_WEIGHT_GRAD, headGrad, ['negative_zero']),
    };
  }
  const tail = tiledSource(plan, dims.slice(1), offsets.slice(1), activations.slice(1), {
    inputStride: shape.h4,
    gradBase: offsets[1],
    inputActivation: activations[0],
  });
  return { forward, weightGrad, tail };
}

/**
 * fused-tiled for the layers `dims` whose [W | b] sit at `paramOffsets` of the packed weights and
 * partial row, with `activations` for its hidden layers. `inputActivation`: the activation of the
 * layer below the kernel's first, whose dL/dz the kernel writes (a 'gemm' tail), or null.
 */
function tiledSource(
  plan: FusedPlan,
  dims: readonly number[],
  paramOffsets: readonly number[],
  activations: readonly ActivationName[],
  opts: { inputStride: number; gradBase: number; inputActivation: ActivationName | null },
): string {
  const L = dims.length - 1;
  const { actTotal, maxWidth } = tiledSizes(dims);
  const actOffsets = dims.slice(1).map((_, l) => dims.slice(1, l + 1).reduce((s, w) => s + w, 0));
  const u32s = (xs: readonly number[]) => xs.map((x) => `${x}u`).join(', ');
  const used = [...new Set([...activations, ...(opts.inputActivation ? [opts.inputActivation] : [])])];
  return assembleKernel({
    spec: FUSED_TILED,
    constants: {
      TILE: plan.tile,
      KC: TILED_STAGED_COLUMNS,
      LAYERS: L,
      ACT_TOTAL: actTotal,
      MAX_WIDTH: maxWidth,
      PARTIAL_WIDTH: plan.partialWidth,
      INPUT_STRIDE: opts.inputStride,
      GRAD_BASE: opts.gradBase,
      WRITE_INPUT_DELTA: opts.inputActivation ? 1 : 0,
    },
    shared: [...used, 'negative_zero'],
    generated: [
      `const DIMS = array<u32, ${L + 1}>(${u32s(dims)});`,
      `const ACT_OFFSET = array<u32, ${L}>(${u32s(actOffsets)});`,
      `const PARAM_OFFSET = array<u32, ${L}>(${u32s(paramOffsets)});`,
      perLayerActivation('hidden_activation', activations, 'forward'),
      perLayerActivation('hidden_activation_grad', activations, 'derivative'),
      opts.inputActivation
        ? `fn input_activation_grad(a: f32) -> f32 { return ${ACTIVATIONS[opts.inputActivation].wgsl.derivative}(a); }`
        : 'fn input_activation_grad(a: f32) -> f32 { return 0.0; } // unused: WRITE_INPUT_DELTA = 0',
      ...tileHelpers(plan.tile),
    ],
    generator: 'src/gpu/fused/fused-source.ts',
  });
}

/**
 * fused-tiled's tile helpers, unrolled: `tile_fill(&acc, v)` sets all TILE entries;
 * `tile_fma_<array>(&acc, w, base, stride)` adds w · array[base + e·stride] to entry e, for the
 * workgroup arrays xs, act and delta. Constant indices keep `acc` in registers.
 */
export function tileHelpers(tile: number): string[] {
  const acc = `acc: ptr<function, array<f32, TILE>>`;
  const each = (line: (e: number) => string) => Array.from({ length: tile }, (_, e) => `  ${line(e)}`).join('\n');
  const fma = (array: string) =>
    [`fn tile_fma_${array}(${acc}, w: f32, base: u32, stride: u32) {`, each((e) => `(*acc)[${e}u] += w * ${array}[base + ${e}u * stride];`), '}'].join('\n');
  return [[`fn tile_fill(${acc}, value: f32) {`, each((e) => `(*acc)[${e}u] = value;`), '}'].join('\n'), fma('xs'), fma('act'), fma('delta')];
}

/** The WGSL of the fused kernels, specialised to one network's widths (see fused-plan.ts). */
import { fitsGemmHead, gemmForwardCode, gemmHeadCode, gemmWeightGradCode, headGradShape } from './fused-gemm-codegen.js';
import { fusedSmallCode } from './fused-small-codegen.js';
import { tiledSizes, TILED_STAGED_COLUMNS, type FusedPlan } from './fused-plan.js';
import { layerOffsets } from './gradient-layout.js';
import { kernelSource } from './kernels.js';
import { FUSED_GEMM_FORWARD, FUSED_GEMM_HEAD, FUSED_GEMM_WEIGHT_GRAD, FUSED_SMALL, FUSED_TILED } from './layouts.js';

/** The single kernel of a 'small' or 'tiled' plan. */
export function fusedSource(plan: FusedPlan): string {
  const { dims } = plan;
  if (plan.kernel === 'small') {
    const code = fusedSmallCode(dims, { singleGroup: plan.singleGroup });
    return kernelSource(FUSED_SMALL, code.constants, code.fill);
  }
  if (plan.kernel === 'gemm') throw new Error('a gemm plan has three kernels: use gemmSources');
  return tiledSource(plan, dims, layerOffsets(dims).offsets, { inputStride: dims[0], gradBase: 0, writeInputDelta: false });
}

/**
 * The kernels of a 'gemm' plan: layer 0 forward; then either the output layer in registers
 * (`head`, one hidden layer) plus its weight gradient (`headGrad`), or the layers above layer 0
 * by fused-tiled (`tail`); then layer 0's weight gradient.
 */
export function gemmSources(plan: FusedPlan): { forward: string; weightGrad: string; tail?: string; head?: string; headGrad?: string } {
  const shape = plan.gemm;
  if (!shape) throw new Error('not a gemm plan');
  const { dims } = plan;
  const { offsets } = layerOffsets(dims);
  const fwd = gemmForwardCode(shape);
  const grad = gemmWeightGradCode(shape, plan.partialWidth);
  const forward = kernelSource(FUSED_GEMM_FORWARD, fwd.constants, { BODY: fwd.body });
  const weightGrad = kernelSource(FUSED_GEMM_WEIGHT_GRAD, grad.constants, { BODY: grad.body });
  if (fitsGemmHead(dims)) {
    const head = gemmHeadCode(dims, shape, offsets[1], plan.partialWidth);
    const headGrad = gemmWeightGradCode(headGradShape(dims, shape), plan.partialWidth, undefined, { offset: offsets[1], biasColumn: false });
    return {
      forward,
      weightGrad,
      head: kernelSource(FUSED_GEMM_HEAD, head.constants, { BODY: head.body }),
      headGrad: kernelSource(FUSED_GEMM_WEIGHT_GRAD, headGrad.constants, { BODY: headGrad.body }),
    };
  }
  const tail = tiledSource(plan, dims.slice(1), offsets.slice(1), { inputStride: shape.h4, gradBase: offsets[1], writeInputDelta: true });
  return { forward, weightGrad, tail };
}

/** fused-tiled for the layers `dims` whose [W | b] sit at `paramOffsets` of the packed weights and partial row. */
function tiledSource(
  plan: FusedPlan,
  dims: readonly number[],
  paramOffsets: readonly number[],
  opts: { inputStride: number; gradBase: number; writeInputDelta: boolean },
): string {
  const L = dims.length - 1;
  const { actTotal, maxWidth } = tiledSizes(dims);
  const actOffsets = dims.slice(1).map((_, l) => dims.slice(1, l + 1).reduce((s, w) => s + w, 0));
  const u32s = (xs: readonly number[]) => xs.map((x) => `${x}u`).join(', ');
  const tables = [
    `const DIMS = array<u32, ${L + 1}>(${u32s(dims)});`,
    `const ACT_OFFSET = array<u32, ${L}>(${u32s(actOffsets)});`,
    `const PARAM_OFFSET = array<u32, ${L}>(${u32s(paramOffsets)});`,
  ].join('\n');
  const source = kernelSource(
    FUSED_TILED,
    {
      TILE: plan.tile,
      KC: TILED_STAGED_COLUMNS,
      LAYERS: L,
      ACT_TOTAL: actTotal,
      MAX_WIDTH: maxWidth,
      PARTIAL_WIDTH: plan.partialWidth,
      INPUT_STRIDE: opts.inputStride,
      GRAD_BASE: opts.gradBase,
      WRITE_INPUT_DELTA: opts.writeInputDelta ? 1 : 0,
    },
    { TABLES: tables },
  );
  return unrollTileLoops(source, plan.tile);
}

const TILE_LOOP = /for \(var e = 0u; e < TILE; e\+\+\) \{ (.*) \}$/gm;

/** Writes each one-line `for (var e = 0u; e < TILE; e++) { body }` out as `tile` copies of body. */
export function unrollTileLoops(source: string, tile: number): string {
  return source.replace(TILE_LOOP, (_, body: string) =>
    Array.from({ length: tile }, (_, e) => body.replace(/\be\b/g, `${e}u`)).join(' '),
  );
}

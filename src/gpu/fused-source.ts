/** The WGSL of the fused kernels, specialised to one network's widths (see fused-plan.ts). */
import { fusedSmallCode } from './fused-small-codegen.js';
import { tiledSizes, TILED_STAGED_COLUMNS, type FusedPlan } from './fused-plan.js';
import { layerOffsets } from './gradient-layout.js';
import { kernelSource } from './kernels.js';
import { FUSED_SMALL, FUSED_TILED } from './layouts.js';

export function fusedSource(plan: FusedPlan): string {
  const { dims } = plan;
  if (plan.kernel === 'small') {
    const code = fusedSmallCode(dims);
    return kernelSource(FUSED_SMALL, code.constants, code.fill);
  }
  const L = dims.length - 1;
  const { actTotal, maxWidth } = tiledSizes(dims);
  const actOffsets = dims.slice(1).map((_, l) => dims.slice(1, l + 1).reduce((s, w) => s + w, 0));
  const u32s = (xs: readonly number[]) => xs.map((x) => `${x}u`).join(', ');
  const tables = [
    `const DIMS = array<u32, ${L + 1}>(${u32s(dims)});`,
    `const ACT_OFFSET = array<u32, ${L}>(${u32s(actOffsets)});`,
    `const PARAM_OFFSET = array<u32, ${L}>(${u32s(layerOffsets(dims).offsets)});`,
  ].join('\n');
  const source = kernelSource(
    FUSED_TILED,
    { TILE: plan.tile, KC: TILED_STAGED_COLUMNS, LAYERS: L, ACT_TOTAL: actTotal, MAX_WIDTH: maxWidth, PARTIAL_WIDTH: plan.partialWidth },
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


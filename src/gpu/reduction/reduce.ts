/**
 * The deterministic reduction both paths end with: rows of partial sums (per-op: one per block of
 * examples and layer; fused: one per thread or workgroup) added by sum-rows.wgsl, SUM_GROUP_ROWS
 * rows at a time in a fixed order, level after level, until one row is left.
 */
import type { GpuContext } from '../runtime/gpu-context.js';
import { SUM_ROWS } from '../wgsl/layouts.js';
import { assembleKernel } from '../wgsl/assemble.js';

/** Rows per group in each sum-rows level. */
export const SUM_GROUP_ROWS = 64;

/** Number of rows left after each sum-rows level, until one (at least one level always runs). */
export function reductionLevels(rows: number, groupRows = SUM_GROUP_ROWS): number[] {
  const levels: number[] = [];
  let r = rows;
  do {
    r = Math.ceil(r / groupRows);
    levels.push(r);
  } while (r > 1);
  return levels;
}

/** Floats each scratch buffer needs to reduce `rows` rows of `cols` columns (the first level's output). */
export function scratchFloats(rows: number, cols: number): number {
  return Math.ceil(rows / SUM_GROUP_ROWS) * cols;
}

/** sum-rows.wgsl, assembled. */
let sumRowsText: string | null = null;

/** sum-rows.wgsl assembled (once: every pass, every training step, asks for it). */
export function sumRowsSource(): string {
  return (sumRowsText ??= assembleKernel({ spec: SUM_ROWS }));
}

/**
 * Records the levels that add `rows` rows of `cols` floats in `src` down to one row, written at
 * float `dstOffset` of `dst`; the levels in between alternate between the two `scratch` buffers.
 */
export function recordRowSum(
  list: GpuContext['dispatches'],
  sumRows: GPUComputePipeline,
  from: { src: GPUBuffer; rows: number; cols: number },
  scratch: readonly [GPUBuffer, GPUBuffer],
  to: { dst: GPUBuffer; dstOffset: number },
  /** The sum-rows pipeline's WORKGROUP_SIZE override (the per-op pass's, see SMALL_WORKGROUP_SIZE). */
  workgroupSize?: number,
): void {
  const { cols } = from;
  let src = from.src;
  let rows = from.rows;
  reductionLevels(rows).forEach((outRows, level, levels) => {
    const final = level === levels.length - 1;
    const dst = final ? to.dst : scratch[level % 2];
    list.addThreads(SUM_ROWS, sumRows, outRows * cols, { rows, cols, groupRows: SUM_GROUP_ROWS, dstOffset: final ? to.dstOffset : 0 }, { src, dst }, workgroupSize);
    src = dst;
    rows = outRows;
  });
}

/**
 * The last step of the deterministic reduction, on the CPU, for batches that leave only a few
 * partial rows: reading back R rows of W floats and adding them here costs less than the sum-rows
 * dispatches would (on SwiftShader a dispatch is ~20 µs; 16 rows of the lesson's 18 sums are 1 KB).
 *
 * Bit-identical to sum-rows.wgsl: the same tree (groups of `groupRows` rows, level after level),
 * each group started from its first row and added in row order, every add rounded to float32
 * (Math.fround of a double sum of two floats is the correctly rounded float32 sum). An adapter that
 * flushes subnormal sums to zero could differ from this in the last place of a subnormal total;
 * the float32-range check names subnormal gradients before any GPU pass.
 */
import { reductionLevels, SUM_GROUP_ROWS } from './reduce.js';

/**
 * Partial rows × width the host finishes at most (64 KB read back); above it the GPU's sum-rows
 * runs. The lesson's network: 16 rows (fused @ 4096) up to 910 rows (fused @ 2^20) fit.
 */
export const HOST_SUM_MAX_FLOATS = 16384;

/** Whether `rows` partial rows of `cols` floats are finished on the host (more than one row, few enough floats). */
export function hostSumFits(rows: number, cols: number): boolean {
  return rows > 1 && rows * cols <= HOST_SUM_MAX_FLOATS;
}

/**
 * One level: `rows` rows of `cols` floats (row-major, from `src[srcOffset]`) summed in groups of
 * `groupRows` → ceil(rows / groupRows) rows, as one sum-rows.wgsl dispatch does.
 */
export function sumRowsLevel(src: Float32Array, srcOffset: number, rows: number, cols: number, groupRows: number): Float32Array {
  const groups = Math.ceil(rows / groupRows);
  const out = new Float32Array(groups * cols);
  for (let g = 0; g < groups; g++) {
    const first = g * groupRows;
    const last = Math.min(first + groupRows, rows);
    for (let c = 0; c < cols; c++) {
      let sum = src[srcOffset + first * cols + c];
      for (let r = first + 1; r < last; r++) sum = Math.fround(sum + src[srcOffset + r * cols + c]);
      out[g * cols + c] = sum;
    }
  }
  return out;
}

/**
 * `rows` rows of `cols` floats (row-major N × cols, starting at `srcOffset`) added down to one row
 * of `cols` floats, level after level as recordRowSum records them (groups of SUM_GROUP_ROWS).
 * With `firstGroupRows`, the first level adds groups of that many rows instead (the per-op path's
 * per-block loss sums, groups of blockRows).
 */
export function sumRowsOnHost(src: Float32Array, rows: number, cols: number, srcOffset = 0, firstGroupRows?: number): Float32Array {
  if (rows < 1) throw new Error(`sumRowsOnHost: no rows to add (rows ${rows})`);
  let level = src.subarray(srcOffset, srcOffset + rows * cols);
  let left = rows;
  if (firstGroupRows !== undefined) {
    level = sumRowsLevel(level, 0, left, cols, firstGroupRows);
    left = Math.ceil(left / firstGroupRows);
    if (left === 1) return level;
  }
  for (const outRows of reductionLevels(left)) {
    level = sumRowsLevel(level, 0, left, cols, SUM_GROUP_ROWS);
    left = outRows;
  }
  return level;
}

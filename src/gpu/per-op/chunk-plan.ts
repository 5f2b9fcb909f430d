/**
 * How a batch is cut up for the per-op path. Pure arithmetic on sizes (no GPU), so the rules
 * can be read and tested on their own.
 *
 * - Gradient blocks: pass 1 sums `blockRows` examples per partial; block numbers are global, and
 *   chunks are whole numbers of blocks, so a chunked batch writes exactly the partials of the
 *   unchunked one and the final sums are bit-identical. `blockRows` is the smallest power of two
 *   (≥ 256: fewer partial rows to reduce, and each pass-1 thread amortises its start over more
 *   rows) that keeps the partials of the widest layer within PARTIAL_BUDGET_BYTES.
 * - Chunks: the widest per-example buffer (chunkRows × widest layer) must fit one storage binding
 *   and CHUNK_BUDGET_BYTES, so a 784-wide batch of 65536 takes two chunks and 2^22 examples of the
 *   lesson's network one.
 */
import { augmentedSize } from '../reduction/gradient-layout.js';

export const PARTIAL_BUDGET_BYTES = 32 * 1024 * 1024;
export const CHUNK_BUDGET_BYTES = 128 * 1024 * 1024;
const MIN_BLOCK_ROWS = 256;

export interface DeviceSizeLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
}

export interface PerOpPlan {
  readonly dims: readonly number[];
  readonly batchSize: number;
  readonly chunkRows: number;
  readonly chunkCount: number;
  readonly blockRows: number;
  /** Gradient blocks over the whole batch (rows of each layer's partials). */
  readonly totalBlocks: number;
  /** outDim × (inDim + 1) per layer. */
  readonly layerParams: readonly number[];
  /**
   * One gradient block for the whole batch: the kernels write the block's sums straight into the
   * results and no reduction runs (sum-rows over one row would only copy it, bit for bit) — four
   * dispatches fewer for the lesson's network at batch ≤ blockRows.
   */
  readonly direct: boolean;
}

const pow2AtMost = (n: number) => 2 ** Math.floor(Math.log2(Math.max(1, n)));

export function planPerOp(dims: readonly number[], batchSize: number, limits: DeviceSizeLimits, requestedChunkRows?: number): PerOpPlan {
  const layerParams = dims.slice(1).map((out, l) => augmentedSize(dims[l], out));
  const widest = Math.max(...dims);
  const perBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const maxRows = Math.max(1, Math.floor(Math.min(perBinding, CHUNK_BUDGET_BYTES) / (widest * 4)));
  let chunkRows = Math.min(batchSize, maxRows, requestedChunkRows ?? Infinity);

  const partialBytes = (rows: number) => Math.ceil(batchSize / rows) * Math.max(...layerParams) * 4;
  let blockRows = MIN_BLOCK_ROWS;
  while (blockRows < batchSize && partialBytes(blockRows) > Math.min(PARTIAL_BUDGET_BYTES, perBinding)) blockRows *= 2;

  if (chunkRows < batchSize) {
    // Chunks hold whole blocks; a small forced chunk makes the blocks smaller instead.
    blockRows = Math.min(blockRows, pow2AtMost(chunkRows));
    chunkRows = Math.floor(chunkRows / blockRows) * blockRows;
    if (partialBytes(blockRows) > perBinding) {
      throw new Error(`batch of ${batchSize} is too large for this device: gradient partials need ${partialBytes(blockRows)} bytes`);
    }
  }
  return {
    dims,
    batchSize,
    chunkRows,
    chunkCount: Math.ceil(batchSize / chunkRows),
    blockRows,
    totalBlocks: Math.ceil(batchSize / blockRows),
    layerParams,
    direct: Math.ceil(batchSize / blockRows) === 1,
  };
}

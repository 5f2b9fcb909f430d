/**
 * How the fused path cuts up a batch and which kernel it uses. Pure arithmetic on sizes.
 * - fused-small (registers, one thread per stream of examples) for networks like the lesson's;
 * - fused-tiled (workgroup memory, a tile of examples at a time) for wide ones such as 784-128-10.
 */
import { CHUNK_BUDGET_BYTES } from './chunk-plan.js';
import { fitsFusedSmall } from './fused-small-codegen.js';
import { layerOffsets } from './gradient-layout.js';

export type FusedKernel = 'small' | 'tiled';

/** Examples each thread of fused-small runs at least (amortises loading the weights). */
const SMALL_MIN_ROWS_PER_THREAD = 256;
const SMALL_MAX_THREADS = 16384;
/** Workgroups of fused-tiled per chunk: enough to keep every core busy, few enough partial rows. */
const TILED_MAX_GROUPS = 64;
const TILED_MAX_TILE = 16;
/** Input columns staged into workgroup memory at a time by fused-tiled. */
export const TILED_STAGED_COLUMNS = 64;

export interface FusedPlan {
  readonly kernel: FusedKernel;
  readonly dims: readonly number[];
  readonly batchSize: number;
  readonly chunkRows: number;
  readonly chunkCount: number;
  /** Partial rows each chunk writes (threads for small, workgroups for tiled). */
  readonly partialRowsPerChunk: number;
  /** Tiled only: examples per tile and per workgroup. */
  readonly tile: number;
  readonly rowsPerGroup: number;
  readonly partialWidth: number;
}

export function planFused(
  dims: readonly number[],
  batchSize: number,
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number; maxComputeWorkgroupStorageSize: number },
  opts: { kernel?: FusedKernel; chunkRows?: number } = {},
): FusedPlan {
  const kernel = opts.kernel ?? (fitsFusedSmall(dims) ? 'small' : 'tiled');
  const perBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, CHUNK_BUDGET_BYTES);
  const chunkRows = Math.min(batchSize, Math.max(1, Math.floor(perBinding / (dims[0] * 4))), opts.chunkRows ?? Infinity);
  const partialWidth = layerOffsets(dims).total + 1;
  let partialRowsPerChunk: number;
  let tile = 0;
  let rowsPerGroup = 0;
  if (kernel === 'small') {
    partialRowsPerChunk = Math.min(SMALL_MAX_THREADS, Math.max(1, Math.ceil(chunkRows / SMALL_MIN_ROWS_PER_THREAD)));
  } else {
    tile = tiledTile(dims, limits.maxComputeWorkgroupStorageSize);
    const groups = Math.min(TILED_MAX_GROUPS, Math.ceil(chunkRows / tile));
    rowsPerGroup = Math.ceil(chunkRows / groups / tile) * tile;
    partialRowsPerChunk = Math.ceil(chunkRows / rowsPerGroup);
  }
  return { kernel, dims, batchSize, chunkRows, chunkCount: Math.ceil(batchSize / chunkRows), partialRowsPerChunk, tile, rowsPerGroup, partialWidth };
}

/** Widths of the activations kept per example in workgroup memory, and the widest dL/dz. */
export function tiledSizes(dims: readonly number[]): { actTotal: number; maxWidth: number } {
  const widths = dims.slice(1);
  return { actTotal: widths.reduce((s, w) => s + w, 0), maxWidth: Math.max(...widths) };
}

/** The largest power-of-two tile whose workgroup memory fits the device. */
function tiledTile(dims: readonly number[], workgroupBytes: number): number {
  const { actTotal, maxWidth } = tiledSizes(dims);
  const bytesPerExample = 4 * (TILED_STAGED_COLUMNS + actTotal + 2 * maxWidth + 1);
  let tile = TILED_MAX_TILE;
  while (tile > 1 && tile * bytesPerExample > workgroupBytes) tile /= 2;
  if (tile * bytesPerExample > workgroupBytes) {
    throw new Error(`network too wide for the fused path (needs ${bytesPerExample} bytes of workgroup memory per example); use path 'per-op'`);
  }
  return tile;
}


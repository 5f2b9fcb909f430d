/**
 * How the fused path cuts up a batch and which kernel it uses. Pure arithmetic on sizes.
 * - fused-small (registers, one thread per stream of examples) for networks like the lesson's;
 * - fused-tiled (workgroup memory, a tile of examples at a time) for wide ones;
 * - gemm, for networks of two or more layers whose first layer is wide (784-128-10): that layer's
 *   two big products (forward z = [x | 1]·[W | b]ᵀ and the gradient Σ dzᵀ·[x | 1]) as
 *   register-tiled GEMM kernels; above it, for one hidden layer, fused-gemm-head (output layer
 *   in registers) and the same GEMM for the output layer's dW, else fused-tiled — three or four
 *   kernels per chunk plus the reduction. On SwiftShader (a CPU) the register tiles cut the loads per multiply-add about
 *   tenfold against fused-tiled's one-unit-per-thread loops. Layer 0's activations and dL/dz go
 *   through memory (2 × chunk × hidden floats), a small cost next to the products.
 */
import { CHUNK_BUDGET_BYTES } from '../per-op/chunk-plan.js';
import { gemmShape, GEMM_TILES, type GemmShape, type GemmTiles } from './fused-gemm-codegen.js';
import { fitsFusedSmall } from './fused-small-codegen.js';
import { layerOffsets } from '../reduction/gradient-layout.js';
import { WORKGROUP_SIZE } from '../wgsl/layouts.js';

/** The fused path's kernels (see the file comment); an engine option names one of them. */
export const FUSED_KERNELS = ['small', 'tiled', 'gemm'] as const;
export type FusedKernel = (typeof FUSED_KERNELS)[number];

/** Examples each thread of fused-small runs at least (amortises loading the weights), unless the caller
 *  asks for fewer (training: a small batch per step, where spreading it over more threads wins). */
const SMALL_MIN_ROWS_PER_THREAD = 256;
const SMALL_MAX_THREADS = 16384;
/**
 * With `singleGroup` (opt-in), batches up to this size run fused-small as one workgroup that writes
 * the final sums: one dispatch per run instead of two (kernel + sum-rows). Off by default: on
 * SwiftShader it was slower (2-3-2, old/new alternated at load ~3: GPU time 0.13 against 0.07 ms at
 * batch 1–16 and 0.26 against 0.13 ms at 4096, wall 0.25 against 0.19 ms at 16, first run 0.4 s
 * against 0.05 s): a CPU driver runs the workgroup's 64 invocations and their barrier on one core,
 * which costs more than the second dispatch saves. On a real GPU the trade may go the other way.
 */
export const SINGLE_GROUP_MAX_ROWS = 8192;
/** Workgroups of fused-tiled per chunk: enough to keep every core busy, few enough partial rows. */
const TILED_MAX_GROUPS = 64;
const TILED_MAX_TILE = 16;
/**
 * Gemm plans: fewer, longer example groups than fused-tiled alone — each group is one partial row
 * of inDim × hidden gradients that the weight-gradient kernel writes and sum-rows reads back.
 */
const GEMM_MAX_GROUPS = 16;
const GEMM_MIN_ROWS_PER_GROUP = 64;
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
  /** Gemm only: layer 0's padded shapes (the layers above run fused-tiled with `tile` above). */
  readonly gemm: GemmShape | null;
  /** Small only: one workgroup, one dispatch, final sums written by the kernel (no sum-rows). */
  readonly singleGroup: boolean;
  /**
   * The whole batch gives one partial row (one chunk, one thread or workgroup): the kernels write
   * it straight into `results` and no sum-rows runs — a dispatch fewer for small batches (sum-rows
   * over one row would only copy it, bit for bit).
   */
  readonly direct: boolean;
}

/** Whether a network gets the gemm plan by default: two or more layers, not small, first layer wide. */
export function prefersGemm(dims: readonly number[]): boolean {
  return dims.length >= 3 && dims[0] >= 32;
}

export function planFused(
  dims: readonly number[],
  batchSize: number,
  limits: { maxStorageBufferBindingSize: number; maxBufferSize: number; maxComputeWorkgroupStorageSize: number },
  opts: { kernel?: FusedKernel; chunkRows?: number; smallRowsPerThread?: number; singleGroup?: boolean; gemmTiles?: GemmTiles } = {},
): FusedPlan {
  const kernel = opts.kernel ?? (fitsFusedSmall(dims) ? 'small' : prefersGemm(dims) ? 'gemm' : 'tiled');
  if (kernel === 'gemm' && dims.length < 3) throw new Error('the gemm plan needs two or more layers');
  const perBinding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, CHUNK_BUDGET_BYTES);
  // Gemm plans keep [x | 1 | 0…] rows, whole forward tiles of them, in the inputs binding.
  // The gemm kernels' register tiles: per adapter (gemmTilesFor), the software adapter's by default.
  const tiles = opts.gemmTiles ?? GEMM_TILES;
  const rowFloats = kernel === 'gemm' ? gemmShape(dims, tiles).k4 : dims[0];
  const slack = kernel === 'gemm' ? gemmShape(dims, tiles).te : 0;
  const chunkRows = Math.min(batchSize, Math.max(1, Math.floor(perBinding / (rowFloats * 4)) - slack), opts.chunkRows ?? Infinity);
  const partialWidth = layerOffsets(dims).total + 1;
  let partialRowsPerChunk: number;
  let tile = 0;
  let rowsPerGroup = 0;
  let gemm: GemmShape | null = null;
  // Its threads' rows must fit workgroup memory (2-3-2: 18 floats × 64 threads = 4.6 KB); a caller
  // that sets the rows per thread gets the multi-thread kernel it asked for.
  const singleGroup =
    opts.singleGroup === true &&
    kernel === 'small' &&
    opts.smallRowsPerThread === undefined &&
    batchSize === chunkRows &&
    batchSize <= SINGLE_GROUP_MAX_ROWS &&
    partialWidth * WORKGROUP_SIZE * 4 <= limits.maxComputeWorkgroupStorageSize;
  if (singleGroup) {
    partialRowsPerChunk = 1;
  } else if (kernel === 'small') {
    const rowsPerThread = opts.smallRowsPerThread ?? SMALL_MIN_ROWS_PER_THREAD;
    partialRowsPerChunk = Math.min(SMALL_MAX_THREADS, Math.max(1, Math.ceil(chunkRows / rowsPerThread)));
  } else if (kernel === 'gemm') {
    gemm = gemmShape(dims, tiles);
    tile = tiledTile(dims.slice(1), limits.maxComputeWorkgroupStorageSize);
    const groups = Math.min(GEMM_MAX_GROUPS, Math.ceil(chunkRows / GEMM_MIN_ROWS_PER_GROUP));
    rowsPerGroup = Math.ceil(chunkRows / groups / tile) * tile;
    partialRowsPerChunk = Math.ceil(chunkRows / rowsPerGroup);
  } else {
    tile = tiledTile(dims, limits.maxComputeWorkgroupStorageSize);
    const groups = Math.min(TILED_MAX_GROUPS, Math.ceil(chunkRows / tile));
    rowsPerGroup = Math.ceil(chunkRows / groups / tile) * tile;
    partialRowsPerChunk = Math.ceil(chunkRows / rowsPerGroup);
  }
  const chunkCount = Math.ceil(batchSize / chunkRows);
  const direct = partialRowsPerChunk * chunkCount === 1;
  return { kernel, dims, batchSize, chunkRows, chunkCount, partialRowsPerChunk, tile, rowsPerGroup, partialWidth, gemm, singleGroup, direct };
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


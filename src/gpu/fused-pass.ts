/**
 * The fused path: the whole forward + backward in one kernel per chunk, gradients reduced without
 * writing any per-example value to memory. Grads and loss only (no intermediates).
 *
 * - fused-small (registers, one thread per stream of examples) for networks like the lesson's;
 * - fused-tiled (workgroup memory, a tile of examples at a time) for wide ones such as 784-128-10.
 * Then sum-rows reduces the partial rows in a fixed order, as in the per-op path.
 */
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import { CHUNK_BUDGET_BYTES, reductionLevels, SUM_GROUP_ROWS } from './chunk-plan.js';
import { storageBuffer } from './dispatch.js';
import { fitsFusedSmall, fusedSmallCode } from './fused-small-codegen.js';
import { GpuContext } from './gpu-context.js';
import { layerOffsets, packWeights, unpackGradients } from './gradient-layout.js';
import { FUSED_SMALL, FUSED_TILED, SUM_ROWS, WORKGROUP_SIZE } from './layouts.js';
import { kernelSource } from './kernels.js';
import type { PassOutcome } from './per-op-pass.js';

export type FusedKernel = 'small' | 'tiled';

/** Examples each thread of fused-small runs at least (amortises loading the weights). */
const SMALL_MIN_ROWS_PER_THREAD = 256;
const SMALL_MAX_THREADS = 16384;
/** Workgroups of fused-tiled per chunk: enough to keep every core busy, few enough partial rows. */
const TILED_MAX_GROUPS = 64;
const TILED_MAX_TILE = 32;

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
function tiledSizes(dims: readonly number[]): { actTotal: number; maxWidth: number } {
  const widths = dims.slice(1);
  return { actTotal: widths.reduce((s, w) => s + w, 0), maxWidth: Math.max(...widths) };
}

/** The largest power-of-two tile whose workgroup memory fits the device. */
function tiledTile(dims: readonly number[], workgroupBytes: number): number {
  const { actTotal, maxWidth } = tiledSizes(dims);
  const bytesPerExample = 4 * (actTotal + 2 * maxWidth + 1);
  let tile = TILED_MAX_TILE;
  while (tile > 1 && tile * bytesPerExample > workgroupBytes) tile /= 2;
  if (tile * bytesPerExample > workgroupBytes) {
    throw new Error(`network too wide for the fused path (needs ${bytesPerExample} bytes of workgroup memory per example); use path 'per-op'`);
  }
  return tile;
}

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
  return kernelSource(
    FUSED_TILED,
    { TILE: plan.tile, LAYERS: L, ACT_TOTAL: actTotal, MAX_WIDTH: maxWidth, PARTIAL_WIDTH: plan.partialWidth },
    { TABLES: tables },
  );
}

/** Buffers of one fused shape, reused across runs. */
export class FusedBuffers {
  readonly inputs: GPUBuffer;
  readonly labels: GPUBuffer;
  readonly weights: GPUBuffer;
  readonly partials: GPUBuffer;
  readonly scratch: readonly [GPUBuffer, GPUBuffer];
  readonly results: GPUBuffer;
  readonly staging: GPUBuffer;
  readonly stagingBytes: number;
  private readonly all: GPUBuffer[];

  constructor(
    ctx: GpuContext,
    readonly plan: FusedPlan,
  ) {
    const { device } = ctx;
    const partialRows = plan.partialRowsPerChunk * plan.chunkCount;
    const level1 = Math.ceil(partialRows / SUM_GROUP_ROWS) * plan.partialWidth;
    this.inputs = storageBuffer(device, 'fused inputs', plan.chunkRows * plan.dims[0]);
    this.labels = storageBuffer(device, 'fused labels', plan.chunkRows);
    this.weights = storageBuffer(device, 'fused weights', plan.partialWidth - 1);
    this.partials = storageBuffer(device, 'fused partials', partialRows * plan.partialWidth);
    this.scratch = [storageBuffer(device, 'fused scratch A', level1), storageBuffer(device, 'fused scratch B', level1)];
    this.results = storageBuffer(device, 'fused results', plan.partialWidth);
    this.stagingBytes = Math.ceil((plan.partialWidth * 4) / 8) * 8 + 16;
    this.staging = ctx.stagingBuffer('fused results', this.stagingBytes);
    this.all = [this.inputs, this.labels, this.weights, this.partials, ...this.scratch, this.results, this.staging];
  }

  fits(plan: FusedPlan): boolean {
    const p = this.plan;
    return (
      p.kernel === plan.kernel &&
      p.batchSize === plan.batchSize &&
      p.chunkRows === plan.chunkRows &&
      p.dims.length === plan.dims.length &&
      p.dims.every((d, i) => d === plan.dims[i])
    );
  }

  get bufferCount(): number {
    return this.all.length;
  }

  destroy(): void {
    for (const b of this.all) b.destroy();
  }
}

export async function runFused(ctx: GpuContext, bufs: FusedBuffers, network: Network, batch: Batch, opts: { timestamps: boolean }): Promise<PassOutcome> {
  const { device } = ctx;
  const plan = bufs.plan;
  const { dims, batchSize: N, chunkRows, partialWidth } = plan;
  const spec = plan.kernel === 'small' ? FUSED_SMALL : FUSED_TILED;
  const [fused, sumRows] = await Promise.all([ctx.pipelines.get(spec, fusedSource(plan)), ctx.pipelines.get(SUM_ROWS)]);
  const timed = opts.timestamps && ctx.timestamps !== null;
  const list = ctx.dispatches;

  device.queue.writeBuffer(bufs.weights, 0, packWeights(network));
  for (let c = 0; c < plan.chunkCount; c++) {
    const start = c * chunkRows;
    const rows = Math.min(chunkRows, N - start);
    device.queue.writeBuffer(bufs.inputs, 0, new Float32Array(batch.inputs.subarray(start * dims[0], (start + rows) * dims[0])));
    device.queue.writeBuffer(bufs.labels, 0, batch.labels.subarray(start, start + rows));
    list.reset();
    const buffers = { inputs: bufs.inputs, labels: bufs.labels, weights: bufs.weights, partials: bufs.partials };
    const partialRowOffset = c * plan.partialRowsPerChunk;
    if (plan.kernel === 'small') {
      // Fixed thread count per chunk (not per `rows`), so the last, shorter chunk writes a full set
      // of partial rows too — the rows its threads have no examples for hold −0.
      const threads = plan.partialRowsPerChunk;
      list.add(spec, fused, [Math.ceil(threads / WORKGROUP_SIZE), 1], { rows, threads, partialRowOffset, batchSize: N }, buffers);
    } else {
      // Every workgroup writes its row, even one with no examples in a short last chunk.
      list.add(spec, fused, [plan.partialRowsPerChunk, 1], { rows, rowsPerGroup: plan.rowsPerGroup, partialRowOffset, batchSize: N }, buffers);
    }
    const last = c === plan.chunkCount - 1;
    if (last) recordReduction(list, sumRows, bufs, plan);
    const encoder = device.createCommandEncoder({ label: `fused chunk ${c}` });
    list.encode(encoder, timed ? ctx.timestampWrites(c === 0, last) : undefined);
    if (last) {
      encoder.copyBufferToBuffer(bufs.results, 0, bufs.staging, 0, partialWidth * 4);
      if (timed) ctx.resolveTimestamps(encoder, bufs.staging, bufs.stagingBytes - 16);
    }
    device.queue.submit([encoder.finish()]);
  }
  const bytes = await ctx.read(bufs.staging, bufs.stagingBytes);
  const sums = new Float32Array(bytes, 0, partialWidth);
  const record: PassRecord = {
    backend: 'webgpu',
    dims: [...dims],
    batchSize: N,
    lossPerExample: null,
    loss: sums[partialWidth - 1] / N,
    layers: null,
    grads: unpackGradients(sums, dims),
  };
  const gpuTimeMs = timed ? GpuContext.elapsedMs(new BigInt64Array(bytes, bufs.stagingBytes - 16, 2)) : null;
  return { record, gpuTimeMs };
}

function recordReduction(list: GpuContext['dispatches'], sumRows: GPUComputePipeline, bufs: FusedBuffers, plan: FusedPlan): void {
  const cols = plan.partialWidth;
  let rows = plan.partialRowsPerChunk * plan.chunkCount;
  let from = bufs.partials;
  reductionLevels(rows).forEach((outRows, level, levels) => {
    const to = level === levels.length - 1 ? bufs.results : bufs.scratch[level % 2];
    list.addThreads(SUM_ROWS, sumRows, outRows * cols, { rows, cols, groupRows: SUM_GROUP_ROWS, dstOffset: 0 }, { src: from, dst: to });
    from = to;
    rows = outRows;
  });
}

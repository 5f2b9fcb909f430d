/**
 * The fused path: the whole forward + backward in one kernel per chunk, gradients reduced without
 * writing any per-example value to memory. Grads and loss only (no intermediates).
 * The kernel writes one partial row per thread (small) or workgroup (tiled); sum-rows then
 * reduces the rows in a fixed order, as in the per-op path.
 */
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import { reductionLevels, SUM_GROUP_ROWS } from './chunk-plan.js';
import { storageBuffer } from './dispatch.js';
import type { FusedPlan } from './fused-plan.js';
import { fusedSource } from './fused-source.js';
import { GpuContext } from './gpu-context.js';
import { packWeights, unpackGradients } from './gradient-layout.js';
import { FUSED_SMALL, FUSED_TILED, SUM_ROWS, WORKGROUP_SIZE } from './layouts.js';
import type { PassOutcome } from './per-op-pass.js';

export type { FusedKernel, FusedPlan } from './fused-plan.js';
export { planFused } from './fused-plan.js';

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
  /** The batch whose examples `inputs` and `labels` hold (single-chunk batches only). */
  residentBatch: Batch | null = null;
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

export async function runFused(
  ctx: GpuContext,
  bufs: FusedBuffers,
  network: Network,
  batch: Batch,
  opts: { timestamps: boolean; batchUnchanged?: boolean },
): Promise<PassOutcome> {
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
    // A batch that fits one chunk stays on the GPU; the caller may promise it is unchanged.
    const resident = opts.batchUnchanged === true && plan.chunkCount === 1 && bufs.residentBatch === batch;
    if (!resident) {
      device.queue.writeBuffer(bufs.inputs, 0, new Float32Array(batch.inputs.subarray(start * dims[0], (start + rows) * dims[0])));
      device.queue.writeBuffer(bufs.labels, 0, batch.labels.subarray(start, start + rows));
    }
    bufs.residentBatch = plan.chunkCount === 1 ? batch : null;
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

/**
 * The fused path: the whole forward + backward in one kernel per chunk, gradients reduced without
 * writing any per-example value to memory. Grads and loss only (no intermediates).
 * The kernel writes one partial row per thread (small) or workgroup (tiled); sum-rows then
 * reduces the rows in a fixed order, as in the per-op path — or, when only a few rows are left and
 * nothing else on the GPU needs the sums, the rows are read back and added on the host in the same
 * order (src/gpu/reduction/host-sum.ts: the same bits, a dispatch fewer). A gemm plan runs three or four kernels
 * per chunk (layer 0 forward, the layers above, layer 0's gradient) that fill the same partial rows.
 */
import { hiddenActivations, type Network } from '../../network/network.js';
import type { ActivationName } from '../../ops/activations.js';
import { inputRowsF32, type GpuBatch } from '../runtime/float32-batch.js';
import { WeightCache } from '../runtime/weight-cache.js';
import type { PassRecord } from '../../record/pass-record.js';
import { recordRowSum, scratchFloats, sumRowsSource } from '../reduction/reduce.js';
import { hostSumFits, sumRowsOnHost } from '../reduction/host-sum.js';
import { storageBuffer } from '../runtime/dispatch.js';
import type { FusedPlan } from './fused-plan.js';
import { fitsGemmHead, headGradShape, packGemmInputs, packGemmWeights } from './fused-gemm-codegen.js';
import { fusedSource, gemmSources } from './fused-source.js';
import { GpuContext } from '../runtime/gpu-context.js';
import { packWeights, unpackGradients } from '../reduction/gradient-layout.js';
import { FUSED_GEMM_FORWARD, FUSED_GEMM_HEAD, FUSED_GEMM_WEIGHT_GRAD, FUSED_SMALL, FUSED_TILED, SUM_ROWS, WORKGROUP_SIZE } from '../wgsl/layouts.js';
import { sumsOnlyOnHost, type PassHooks } from '../runtime/pass-hooks.js';
import type { PassOutcome } from '../runtime/pass-outcome.js';

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
  /** Partial rows the host may add up instead of sum-rows (hostSumFits), else 0. */
  readonly hostRows: number;
  /** Rows the last submit copied to staging: 1 (the final sums) or hostRows (partials for the host). */
  stagedRows = 1;
  /** Gemm plans: layer 0's padded [W | b] rows and its activations; other plans: null. */
  readonly w0: GPUBuffer | null = null;
  readonly hidden: GPUBuffer | null = null;
  /** Layer 0's dL/dz (gemm plans; a placeholder for fused-tiled's unused binding otherwise). */
  readonly delta: GPUBuffer;
  /** Gemm plans with one hidden layer: the output layer's dL/dz (fused-gemm-head's output). */
  readonly outDelta: GPUBuffer | null = null;
  /** Gemm plans: the [x | 1 | 0…] rows of a chunk, packed on the CPU before upload. */
  readonly packedInputs: Float32Array | null = null;
  /** The batch whose examples `inputs` and `labels` hold (single-chunk batches only). */
  residentBatch: GpuBatch | null = null;
  /** What `weights` (and `w0`) hold, to skip uploading unchanged weights. */
  readonly weightCache = new WeightCache();
  /** The plan's generated WGSL for the last activations asked for, kept: the plan is fixed for these
   *  buffers' life, and regenerating the text every run cost more CPU time than a small training step's dispatches. */
  private sources: { key: string; fused?: string; gemm?: ReturnType<typeof gemmSources> } = { key: '' };
  private readonly all: GPUBuffer[];

  constructor(
    ctx: GpuContext,
    readonly plan: FusedPlan,
  ) {
    const { device } = ctx;
    const partialRows = plan.partialRowsPerChunk * plan.chunkCount;
    const level1 = scratchFloats(partialRows, plan.partialWidth);
    const gemm = plan.gemm;
    if (gemm) {
      const paddedRows = Math.ceil(plan.chunkRows / gemm.te) * gemm.te;
      this.inputs = storageBuffer(device, 'fused inputs [x | 1]', paddedRows * gemm.k4);
      this.w0 = storageBuffer(device, 'fused layer-0 weights', gemm.h4 * gemm.k4);
      this.hidden = storageBuffer(device, 'fused layer-0 activations', paddedRows * gemm.h4);
      this.delta = storageBuffer(device, 'fused layer-0 dL/dz', plan.chunkRows * gemm.h4);
      this.packedInputs = new Float32Array(plan.chunkRows * gemm.k4);
      if (fitsGemmHead(plan.dims)) this.outDelta = storageBuffer(device, 'fused output dL/dz', plan.chunkRows * headGradShape(plan.dims, gemm).h4);
    } else {
      this.inputs = storageBuffer(device, 'fused inputs', plan.chunkRows * plan.dims[0]);
      this.delta = storageBuffer(device, 'fused placeholder', 4);
    }
    this.labels = storageBuffer(device, 'fused labels', plan.chunkRows);
    this.weights = storageBuffer(device, 'fused weights', plan.partialWidth - 1);
    this.partials = storageBuffer(device, 'fused partials', partialRows * plan.partialWidth);
    this.scratch = [storageBuffer(device, 'fused scratch A', level1), storageBuffer(device, 'fused scratch B', level1)];
    this.results = storageBuffer(device, 'fused results', plan.partialWidth);
    this.hostRows = hostSumFits(partialRows, plan.partialWidth) ? partialRows : 0;
    this.stagingBytes = Math.ceil((Math.max(1, this.hostRows) * plan.partialWidth * 4) / 8) * 8 + 16;
    this.staging = ctx.stagingBuffer('fused results', this.stagingBytes);
    this.all = [this.inputs, this.labels, this.weights, this.partials, ...this.scratch, this.results, this.staging, this.delta];
    if (this.w0) this.all.push(this.w0);
    if (this.hidden) this.all.push(this.hidden);
    if (this.outDelta) this.all.push(this.outDelta);
  }

  /** The small or tiled kernel's WGSL for these hidden activations (generated once per activations). */
  fusedCode(activations: readonly ActivationName[]): string {
    return (this.sourcesFor(activations).fused ??= fusedSource(this.plan, activations));
  }

  /** The gemm plan's kernels' WGSL for these hidden activations (generated once per activations). */
  gemmCode(activations: readonly ActivationName[]): ReturnType<typeof gemmSources> {
    return (this.sourcesFor(activations).gemm ??= gemmSources(this.plan, activations));
  }

  private sourcesFor(activations: readonly ActivationName[]): typeof this.sources {
    const key = activations.join(',');
    if (this.sources.key !== key) this.sources = { key };
    return this.sources;
  }

  /** Only for the very same plan: the run reads its batch size, chunking and tiles from `this.plan`. */
  fits(plan: FusedPlan): boolean {
    return JSON.stringify(this.plan) === JSON.stringify(plan);
  }

  get bufferCount(): number {
    return this.all.length;
  }

  destroy(): void {
    for (const b of this.all) b.destroy();
  }
}

export interface FusedRunOptions {
  readonly timestamps: boolean;
  readonly batchUnchanged?: boolean;
  readonly hooks?: PassHooks;
}

export async function runFused(ctx: GpuContext, bufs: FusedBuffers, network: Network, batch: GpuBatch, opts: FusedRunOptions): Promise<PassOutcome> {
  await submitFused(ctx, bufs, network, batch, opts);
  return readOutcome(ctx, bufs, opts.timestamps && ctx.timestamps !== null);
}

/**
 * Records and submits the fused pass for `batch`; the results stay on the GPU (and are copied to
 * staging unless hooks.readBack is false). `network` is uploaded unless hooks.weightsOnGpu.
 */
export async function submitFused(ctx: GpuContext, bufs: FusedBuffers, network: Network, batch: GpuBatch, opts: FusedRunOptions): Promise<void> {
  const { device } = ctx;
  const plan = bufs.plan;
  const { dims, batchSize: N, chunkRows } = plan;
  if (plan.kernel === 'gemm') return submitGemm(ctx, bufs, network, batch, opts);
  const hooks = opts.hooks ?? {};
  const spec = plan.kernel === 'small' ? FUSED_SMALL : FUSED_TILED;
  const [fused, sumRows] = await Promise.all([ctx.pipelines.get(spec, bufs.fusedCode(hiddenActivations(network))), ctx.pipelines.get(SUM_ROWS, sumRowsSource())]);
  const timed = opts.timestamps && ctx.timestamps !== null;
  const list = ctx.dispatches;

  // Weights the caller keeps on the GPU (training) are not the network's: forget what was uploaded.
  if (hooks.weightsOnGpu) bufs.weightCache.clear();
  else if (bufs.weightCache.changed(network)) device.queue.writeBuffer(bufs.weights, 0, packWeights(network));
  for (let c = 0; c < plan.chunkCount; c++) {
    const start = c * chunkRows;
    const rows = Math.min(chunkRows, N - start);
    // A batch that fits one chunk stays on the GPU; the caller may promise it is unchanged.
    const resident = opts.batchUnchanged === true && plan.chunkCount === 1 && bufs.residentBatch === batch;
    if (!resident) {
      device.queue.writeBuffer(bufs.inputs, 0, inputRowsF32(batch, start, rows));
      device.queue.writeBuffer(bufs.labels, 0, batch.labels.subarray(start, start + rows));
    }
    bufs.residentBatch = plan.chunkCount === 1 ? batch : null;
    list.reset();
    const buffers = { inputs: bufs.inputs, labels: bufs.labels, weights: bufs.weights, partials: partialsOf(bufs) };
    const partialRowOffset = c * plan.partialRowsPerChunk;
    if (plan.singleGroup) {
      // One workgroup writes the final sums straight into `results` (partialsOf).
      list.add(FUSED_SMALL, fused, [1, 1], { rows, threads: WORKGROUP_SIZE, partialRowOffset: 0, batchSize: N }, buffers);
    } else if (plan.kernel === 'small') {
      // Fixed thread count per chunk (not per `rows`), so the last, shorter chunk writes a full set
      // of partial rows too — the rows its threads have no examples for hold −0.
      const threads = plan.partialRowsPerChunk;
      list.add(FUSED_SMALL, fused, [Math.ceil(threads / WORKGROUP_SIZE), 1], { rows, threads, partialRowOffset, batchSize: N }, buffers);
    } else {
      // Every workgroup writes its row, even one with no examples in a short last chunk.
      list.add(FUSED_TILED, fused, [plan.partialRowsPerChunk, 1], { rows, rowsPerGroup: plan.rowsPerGroup, partialRowOffset, batchSize: N }, {
        ...buffers,
        inputDelta: bufs.delta,
      });
    }
    submitChunk(ctx, bufs, sumRows, c, timed, hooks);
  }
}

/**
 * A gemm plan: per chunk, layer 0 forward (fused-gemm-forward); the layers above, writing layer 0's
 * dL/dz out (fused-gemm-head then the output layer's dW by fused-gemm-weight-grad for one hidden
 * layer, else fused-tiled); layer 0's [dW | db] per example group (fused-gemm-weight-grad).
 */
async function submitGemm(ctx: GpuContext, bufs: FusedBuffers, network: Network, batch: GpuBatch, opts: FusedRunOptions): Promise<void> {
  const { device } = ctx;
  const plan = bufs.plan;
  const shape = plan.gemm!;
  const { dims, batchSize: N, chunkRows } = plan;
  const code = bufs.gemmCode(hiddenActivations(network));
  const [forward, weightGrad, sumRows, tail, head, headGrad] = await Promise.all([
    ctx.pipelines.get(FUSED_GEMM_FORWARD, code.forward),
    ctx.pipelines.get(FUSED_GEMM_WEIGHT_GRAD, code.weightGrad),
    ctx.pipelines.get(SUM_ROWS, sumRowsSource()),
    code.tail ? ctx.pipelines.get(FUSED_TILED, code.tail) : null,
    code.head ? ctx.pipelines.get(FUSED_GEMM_HEAD, code.head) : null,
    code.headGrad ? ctx.pipelines.get(FUSED_GEMM_WEIGHT_GRAD, code.headGrad) : null,
  ]);
  const timed = opts.timestamps && ctx.timestamps !== null;
  const list = ctx.dispatches;
  const hooks = opts.hooks ?? {};
  if (hooks.weightsOnGpu) bufs.weightCache.clear();
  else if (bufs.weightCache.changed(network)) {
    const packed = packWeights(network);
    device.queue.writeBuffer(bufs.weights, 0, packed);
    device.queue.writeBuffer(bufs.w0!, 0, packGemmWeights(packed, shape));
  }
  for (let c = 0; c < plan.chunkCount; c++) {
    const start = c * chunkRows;
    const rows = Math.min(chunkRows, N - start);
    const resident = opts.batchUnchanged === true && plan.chunkCount === 1 && bufs.residentBatch === batch;
    if (!resident) {
      const inputs = packGemmInputs(batch.inputs, start, rows, shape, bufs.packedInputs!);
      device.queue.writeBuffer(bufs.inputs, 0, inputs, 0, rows * shape.k4);
      device.queue.writeBuffer(bufs.labels, 0, batch.labels.subarray(start, start + rows));
    }
    bufs.residentBatch = plan.chunkCount === 1 ? batch : null;
    list.reset();
    const partialRowOffset = c * plan.partialRowsPerChunk;
    const forwardThreads = Math.ceil(rows / shape.te) * (shape.h4 / shape.tiles.tu);
    list.addThreads(FUSED_GEMM_FORWARD, forward, forwardThreads, {}, { inputs: bufs.inputs, w0: bufs.w0!, hidden: bufs.hidden! });
    const groupParams = { rows, rowsPerGroup: plan.rowsPerGroup, partialRowOffset, batchSize: N };
    if (head && headGrad) {
      list.add(FUSED_GEMM_HEAD, head, [plan.partialRowsPerChunk, 1], groupParams, {
        hidden: bufs.hidden!,
        labels: bufs.labels,
        weights: bufs.weights,
        partials: partialsOf(bufs),
        delta: bufs.delta,
        outDelta: bufs.outDelta!,
      });
      const headShape = headGradShape(dims, shape);
      const headThreads = plan.partialRowsPerChunk * (headShape.h4 / headShape.tiles.ti) * (headShape.k4 / headShape.tiles.tj);
      list.addThreads(FUSED_GEMM_WEIGHT_GRAD, headGrad, headThreads, { rows, rowsPerGroup: plan.rowsPerGroup, partialRowOffset }, {
        inputs: bufs.hidden!,
        delta: bufs.outDelta!,
        partials: partialsOf(bufs),
      });
    } else {
      list.add(FUSED_TILED, tail!, [plan.partialRowsPerChunk, 1], groupParams, {
        inputs: bufs.hidden!,
        labels: bufs.labels,
        weights: bufs.weights,
        partials: partialsOf(bufs),
        inputDelta: bufs.delta,
      });
    }
    const gradThreads = plan.partialRowsPerChunk * (shape.h4 / shape.tiles.ti) * (shape.k4 / shape.tiles.tj);
    list.addThreads(FUSED_GEMM_WEIGHT_GRAD, weightGrad, gradThreads, { rows, rowsPerGroup: plan.rowsPerGroup, partialRowOffset }, {
      inputs: bufs.inputs,
      delta: bufs.delta,
      partials: partialsOf(bufs),
    });
    submitChunk(ctx, bufs, sumRows, c, timed, hooks);
  }
}

/** Where the kernels write their partial rows: `results` itself when there is only one (plan.direct;
 *  a single-group plan is always direct: one chunk, one row). */
function partialsOf(bufs: FusedBuffers): GPUBuffer {
  return bufs.plan.direct ? bufs.results : bufs.partials;
}

/** Encodes the chunk's recorded dispatches (and, after the last, the reduction and readback copy). */
function submitChunk(ctx: GpuContext, bufs: FusedBuffers, sumRows: GPUComputePipeline, c: number, timed: boolean, hooks: PassHooks): void {
  const { device } = ctx;
  const plan = bufs.plan;
  const list = ctx.dispatches;
  const last = c === plan.chunkCount - 1;
  const onHost = last && bufs.hostRows > 0 && sumsOnlyOnHost(hooks);
  if (last) {
    if (!plan.direct && !onHost) recordReduction(list, sumRows, bufs, plan);
    hooks.dispatches?.(list);
  }
  const encoder = device.createCommandEncoder({ label: `fused chunk ${c}` });
  list.encode(encoder, timed ? ctx.timestampWrites(c === 0, last) : undefined, ctx.activeTimer ?? undefined);
  if (last) {
    hooks.copies?.(encoder);
    bufs.stagedRows = onHost ? bufs.hostRows : 1;
    if (onHost) encoder.copyBufferToBuffer(bufs.partials, 0, bufs.staging, 0, bufs.hostRows * plan.partialWidth * 4);
    else if (hooks.readBack !== false) encoder.copyBufferToBuffer(bufs.results, 0, bufs.staging, 0, plan.partialWidth * 4);
    if (timed) ctx.resolveTimestamps(encoder, bufs.staging, bufs.stagingBytes - 16);
  }
  device.queue.submit([encoder.finish()]);
}

/** Reads back what the last submitFused left in staging (its gradients and loss) as a record. */
export async function readOutcome(ctx: GpuContext, bufs: FusedBuffers, timed: boolean): Promise<PassOutcome> {
  const { dims, batchSize: N, partialWidth } = bufs.plan;
  const bytes = await ctx.read(bufs.staging, bufs.stagingBytes, N);
  const rows = bufs.stagedRows;
  const sums = rows > 1 ? sumRowsOnHost(new Float32Array(bytes, 0, rows * partialWidth), rows, partialWidth) : new Float32Array(bytes, 0, partialWidth);
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
  const rows = plan.partialRowsPerChunk * plan.chunkCount;
  recordRowSum(list, sumRows, { src: bufs.partials, rows, cols: plan.partialWidth }, bufs.scratch, { dst: bufs.results, dstOffset: 0 });
}

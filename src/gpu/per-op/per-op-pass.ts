/**
 * The per-op path — the teaching path: one kernel per step of the lesson, every intermediate in
 * its own buffer, so each can be read back and printed.
 *
 *   forward, per layer:   linear-forward (z = W·a + b), then activation (hidden: a = f(z) and f'(z)) or softmax-cross-entropy
 *   backward, top down:   parameter-gradients (pass 1 partials), backward-data (da, dz of the layer below)
 *   once per chunk:       sum-rows over the per-example losses (loss partials)
 *   once per run:         sum-rows, level after level, to one row per layer and the loss sum
 *                         (recorded with the last chunk: one submit for a one-chunk batch) —
 *                         or, for a one-chunk batch with few partial rows and no training hooks,
 *                         the partials and losses are read back and added on the host in the
 *                         same order (src/gpu/reduction/host-sum.ts: the same bits, fewer dispatches)
 */
import { activationOf, type Network } from '../../network/network.js';
import type { ActivationName } from '../../ops/activations.js';
import type { LayerRecord, PassRecord } from '../../record/pass-record.js';
import { recordRowSum } from '../reduction/reduce.js';
import { sumRowsOnHost } from '../reduction/host-sum.js';
import type { PassOutcome } from '../runtime/pass-outcome.js';
import type { PerOpPlan } from './chunk-plan.js';
import { unpackLayerGradients } from '../reduction/gradient-layout.js';
import { GpuContext } from '../runtime/gpu-context.js';
import {
  ACTIVATION,
  BACKWARD_DATA,
  LINEAR_FORWARD,
  PARAMETER_GRADIENTS,
  SOFTMAX_CROSS_ENTROPY,
  SMALL_WORKGROUP_SIZE,
  SUM_ROWS,
  WORKGROUP_SIZE,
  type KernelSpec,
} from '../wgsl/layouts.js';
import { sumsOnlyOnHost, type PassHooks } from '../runtime/pass-hooks.js';
import type { PerOpBuffers } from './per-op-buffers.js';
import { activationSource, FIXED_PER_OP_KERNELS, perOpSource } from './per-op-source.js';
import { backwardDataKernel, linearForwardKernel, parameterGradientsKernel, type PerOpKernel } from './per-op-codegen.js';
import { inputRowsF32, type GpuBatch } from '../runtime/float32-batch.js';


/** A product kernel specialised to one layer (per-op-codegen.ts) and its pipeline. */
interface LayerKernel {
  readonly pipeline: GPUComputePipeline;
  readonly kernel: PerOpKernel;
}

/** A layer's three products, specialised to its widths. */
interface LayerKernels {
  readonly forward: LayerKernel;
  readonly backwardData: LayerKernel;
  readonly paramGrads: LayerKernel;
}

interface Pipelines {
  readonly fixed: Map<KernelSpec, GPUComputePipeline>;
  /** The activation kernel, per activation the network's hidden layers use. */
  readonly activation: Map<ActivationName, GPUComputePipeline>;
  readonly layers: readonly LayerKernels[];
}

/** The fixed kernels that declare `override BUG` (a classic bug for "break it", 0 = none); the
 *  per-layer backward-data and parameter-gradients kernels declare it too, and the activation
 *  kernel takes relu'(0) = 1 (bug 5) only on relu's pipeline. */
const BUGGABLE: readonly KernelSpec[] = [SOFTMAX_CROSS_ENTROPY, BACKWARD_DATA, PARAMETER_GRADIENTS];

/**
 * SMALL_WORKGROUP_SIZE when no dispatch of the pass has more than WORKGROUP_SIZE threads (one
 * block, so no reduction levels either), else WORKGROUP_SIZE.
 */
export function perOpWorkgroupSize(plan: PerOpPlan): number {
  const { dims, chunkRows, blockRows } = plan;
  const blocks = Math.ceil(chunkRows / blockRows);
  const threads = dims.slice(1).flatMap((out, l) => [
    linearForwardKernel(dims[l], out).threads(chunkRows),
    chunkRows * out, // activation (one thread per element) or softmax-cross-entropy (per example)
    parameterGradientsKernel(dims[l], out).threads(blocks),
    l > 0 ? backwardDataKernel(dims[l], out).threads(chunkRows) : 0,
  ]);
  return plan.direct && Math.max(blocks, ...threads) <= WORKGROUP_SIZE ? SMALL_WORKGROUP_SIZE : WORKGROUP_SIZE;
}

async function perOpPipelines(ctx: GpuContext, network: Network, dims: readonly number[], bug: number, workgroupSize: number): Promise<Pipelines> {
  const specs = FIXED_PER_OP_KERNELS;
  const names = [...new Set(network.layers.slice(0, -1).map(activationOf))];
  // The default size is the WGSL's own default: no override, the same pipeline as before.
  const size: Record<string, number> = workgroupSize === WORKGROUP_SIZE ? {} : { WORKGROUP_SIZE: workgroupSize };
  const bugOverrides = (s: KernelSpec): Record<string, number> => ({ ...size, ...(bug !== 0 && BUGGABLE.includes(s) ? { BUG: bug } : {}) });
  const activationOverrides = (n: ActivationName): Record<string, number> => ({ ...size, ...(bug === 5 && n === 'relu' ? { BUG: 5 } : {}) });
  const compile = async (spec: KernelSpec, kernel: PerOpKernel): Promise<LayerKernel> => ({ pipeline: await ctx.pipelines.get(spec, kernel.code, bugOverrides(spec)), kernel });
  const [fixed, activation, layers] = await Promise.all([
    Promise.all(specs.map((s) => ctx.pipelines.get(s, perOpSource(s), bugOverrides(s)))),
    Promise.all(names.map((n) => ctx.pipelines.get(ACTIVATION, activationSource(n), activationOverrides(n)))),
    Promise.all(
      dims.slice(1).map(async (out, l) => {
        const [forward, backwardData, paramGrads] = await Promise.all([
          compile(LINEAR_FORWARD, linearForwardKernel(dims[l], out)),
          compile(BACKWARD_DATA, backwardDataKernel(dims[l], out)),
          compile(PARAMETER_GRADIENTS, parameterGradientsKernel(dims[l], out)),
        ]);
        return { forward, backwardData, paramGrads };
      }),
    ),
  ]);
  return { fixed: new Map(specs.map((s, i) => [s, fixed[i]])), activation: new Map(names.map((n, i) => [n, activation[i]])), layers };
}

/** Float64 copies of one chunk's intermediates land here, at the chunk's row offset. */
interface IntermediateArrays {
  readonly z: Float64Array[];
  readonly a: Float64Array[];
  /** The activation's local derivative per unit, as activation.wgsl wrote it; null for the output layer. */
  readonly local: (Float64Array | null)[];
  readonly da: (Float64Array | null)[];
  readonly dz: Float64Array[];
  readonly lossPerExample: Float64Array;
}

/** What one per-op run keeps and does: intermediates, timestamps, the trainer's hooks, a "break it" bug id (0 = none). */
export interface PerOpRunOptions {
  readonly intermediates: boolean;
  readonly timestamps: boolean;
  readonly hooks?: PassHooks;
  readonly bug?: number;
  /** Threads per workgroup; default perOpWorkgroupSize(plan) (tests compare the two sizes). */
  readonly workgroupSize?: number;
}

export async function runPerOp(
  ctx: GpuContext,
  bufs: PerOpBuffers,
  plan: PerOpPlan,
  network: Network,
  batch: GpuBatch,
  opts: PerOpRunOptions,
): Promise<PassOutcome> {
  const outcome = await submitPerOp(ctx, bufs, plan, network, batch, opts);
  return outcome ?? readPerOp(ctx, bufs, plan, opts.timestamps && ctx.timestamps !== null, null);
}

/**
 * Records and submits the per-op pass. With intermediates it reads them back chunk by chunk and
 * then the results, and returns the record; without, the results stay on the GPU (copied to
 * staging unless hooks.readBack is false) and it returns null — readPerOp reads them.
 */
export async function submitPerOp(
  ctx: GpuContext,
  bufs: PerOpBuffers,
  plan: PerOpPlan,
  network: Network,
  batch: GpuBatch,
  opts: PerOpRunOptions,
): Promise<PassOutcome | null> {
  const hooks = opts.hooks ?? {};
  const { device } = ctx;
  if (!bufs.fits(plan)) throw new Error('per-op buffers do not fit this plan');
  const { dims, batchSize: N, chunkRows, blockRows } = plan;
  const workgroupSize = opts.workgroupSize ?? perOpWorkgroupSize(plan);
  const pipes = await perOpPipelines(ctx, network, dims, opts.bug ?? 0, workgroupSize);
  const pipe = (s: KernelSpec) => pipes.fixed.get(s)!;
  const activationPipe = (l: number) => pipes.activation.get(activationOf(network.layers[l]))!;
  const timed = opts.timestamps && ctx.timestamps !== null;

  // Weights the caller keeps on the GPU (training) are not the network's: forget what was uploaded.
  if (hooks.weightsOnGpu) bufs.weightCache.clear();
  else if (bufs.weightCache.changed(network)) {
    network.layers.forEach((layer, l) => {
      device.queue.writeBuffer(bufs.layers[l].W, 0, new Float32Array(layer.W));
      device.queue.writeBuffer(bufs.layers[l].b, 0, new Float32Array(layer.b));
    });
  }

  const kept = opts.intermediates ? allocateIntermediates(dims, N) : null;
  const chunkStaging = kept ? bufs.intermediatesStaging(device, intermediateBytes(dims, chunkRows)) : null;
  const list = ctx.dispatches;

  // One submit per chunk; the last chunk's also holds the reduction and the readback copy, so a
  // batch that fits one chunk costs one submit and one map.
  const { resultStaging: staging, timestampOffset } = bufs;
  const timer = ctx.activeTimer ?? undefined;
  const host = bufs.hostLayout;
  const onHost = host !== null && plan.chunkCount === 1 && sumsOnlyOnHost(hooks);
  bufs.stagedForHost = onHost;
  for (let c = 0; c < plan.chunkCount; c++) {
    const start = c * chunkRows;
    const rows = Math.min(chunkRows, N - start);
    const last = c === plan.chunkCount - 1;
    device.queue.writeBuffer(bufs.inputs, 0, inputRowsF32(batch, start, rows));
    device.queue.writeBuffer(bufs.labels, 0, batch.labels.subarray(start, start + rows));

    list.reset();
    recordChunk(list, pipe, activationPipe, pipes.layers, bufs, plan, rows, start / blockRows, onHost && plan.direct, workgroupSize);
    if (last) {
      if (!plan.direct && !onHost) recordReductions(list, pipe, bufs, plan, workgroupSize);
      hooks.dispatches?.(list);
    }
    const encoder = device.createCommandEncoder({ label: `chunk ${c}` });
    list.encode(encoder, timed ? ctx.timestampWrites(c === 0, last) : undefined, timer);
    if (kept && chunkStaging) copyIntermediates(encoder, bufs, dims, rows, chunkStaging);
    if (last) {
      hooks.copies?.(encoder);
      const readBack = hooks.readBack !== false || kept !== null;
      if (readBack) encoder.copyBufferToBuffer(bufs.results, 0, staging, 0, bufs.resultFloats * 4);
      if (onHost) {
        if (plan.direct) encoder.copyBufferToBuffer(bufs.lossPerExample, 0, staging, host.losses * 4, N * 4);
        else {
          bufs.layers.forEach((lb, l) => encoder.copyBufferToBuffer(lb.partials, 0, staging, host.partials[l] * 4, plan.totalBlocks * plan.layerParams[l] * 4));
          encoder.copyBufferToBuffer(bufs.lossPartials, 0, staging, host.losses * 4, plan.totalBlocks * 4);
        }
      }
      if (timed) ctx.resolveTimestamps(encoder, staging, timestampOffset);
    }
    device.queue.submit([encoder.finish()]);
    if (kept && chunkStaging) {
      const bytes = await ctx.read(chunkStaging, intermediateBytes(dims, rows), rows);
      unpackIntermediates(new Float32Array(bytes), dims, rows, start, kept);
    }
  }
  return kept ? readPerOp(ctx, bufs, plan, timed, kept) : null;
}

/** Reads back the results the last submitPerOp left in staging, as a record (with `kept` intermediates). */
export async function readPerOp(ctx: GpuContext, bufs: PerOpBuffers, plan: PerOpPlan, timed: boolean, kept: IntermediateArrays | null): Promise<PassOutcome> {
  const { dims, batchSize: N } = plan;
  const { resultStaging: staging, timestampOffset } = bufs;
  const bytes = await ctx.read(staging, timestampOffset + 16, N);
  const sums = new Float32Array(bytes, 0, bufs.resultFloats);
  const host = bufs.hostLayout;
  if (bufs.stagedForHost && host) {
    const staged = new Float32Array(bytes, 0, timestampOffset / 4);
    const offsets = resultOffsets(plan);
    if (!plan.direct) plan.layerParams.forEach((p, l) => sums.set(sumRowsOnHost(staged, plan.totalBlocks, p, host.partials[l]), offsets[l]));
    // Direct: the per-example losses (one block); else the loss partials the chunk's sum-rows wrote.
    const loss = plan.direct ? sumRowsOnHost(staged, N, 1, host.losses, plan.blockRows) : sumRowsOnHost(staged, plan.totalBlocks, 1, host.losses);
    sums[offsets[plan.layerParams.length]] = loss[0];
  }
  const gpuTimeMs = timed ? GpuContext.elapsedMs(new BigInt64Array(bytes, timestampOffset, 2)) : null;
  return { record: toRecord(sums, dims, N, kept), gpuTimeMs };
}

/** Forward, backward and pass-1 partials for one chunk of `rows` examples. */
function recordChunk(
  list: GpuContext['dispatches'],
  pipe: (s: KernelSpec) => GPUComputePipeline,
  activationPipe: (layer: number) => GPUComputePipeline,
  kernels: readonly LayerKernels[],
  bufs: PerOpBuffers,
  plan: PerOpPlan,
  rows: number,
  firstBlock: number,
  /** The host adds the per-example losses (a direct plan's: no loss sum-rows here). */
  lossesOnHost: boolean,
  /** The pipelines' WORKGROUP_SIZE (perOpWorkgroupSize). */
  wg: number,
): void {
  const { dims, batchSize, blockRows } = plan;
  const L = dims.length - 1;
  const layers = bufs.layers;

  for (let l = 0; l < L; l++) {
    const outDim = dims[l + 1];
    const aPrev = l === 0 ? bufs.inputs : layers[l - 1].a;
    const lb = layers[l];
    const { pipeline, kernel } = kernels[l].forward;
    list.addThreads(LINEAR_FORWARD, pipeline, kernel.threads(rows), { rows }, { aPrev, W: lb.W, b: lb.b, z: lb.z }, wg);
    if (l < L - 1) {
      list.addThreads(ACTIVATION, activationPipe(l), rows * outDim, {}, { z: lb.z, a: lb.a, local: lb.local }, wg);
    } else {
      list.addThreads(
        SOFTMAX_CROSS_ENTROPY,
        pipe(SOFTMAX_CROSS_ENTROPY),
        rows,
        { classes: outDim, batchSize },
        { z: lb.z, labels: bufs.labels, p: lb.a, lossPerExample: bufs.lossPerExample, dz: lb.dz },
        wg,
      );
    }
  }

  const blocks = Math.ceil(rows / blockRows);
  // plan.direct: the one block's sums go straight to their places in `results` (see resultOffsets).
  const offsets = resultOffsets(plan);
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = l === 0 ? bufs.inputs : layers[l - 1].a;
    const lb = layers[l];
    const grads = kernels[l].paramGrads;
    list.addThreads(
      PARAMETER_GRADIENTS,
      grads.pipeline,
      grads.kernel.threads(blocks),
      { rows, blockRows, blockOffset: firstBlock, partialOffset: plan.direct ? offsets[l] : 0 },
      { dz: lb.dz, aPrev, partials: plan.direct ? bufs.results : lb.partials },
      wg,
    );
    if (l > 0) {
      const below = layers[l - 1];
      const back = kernels[l].backwardData;
      list.addThreads(
        BACKWARD_DATA,
        back.pipeline,
        back.kernel.threads(rows),
        { rows },
        { dz: lb.dz, W: lb.W, localPrev: below.local, daPrev: below.da, dzPrev: below.dz },
        wg,
      );
    }
  }

  if (lossesOnHost) return;
  list.addThreads(
    SUM_ROWS,
    pipe(SUM_ROWS),
    blocks,
    { rows, cols: 1, groupRows: blockRows, dstOffset: plan.direct ? offsets[L] : firstBlock },
    { src: bufs.lossPerExample, dst: plan.direct ? bufs.results : bufs.lossPartials },
    wg,
  );
}

/** Where each layer's [dW | db] and then the loss sit in `results` (floats). */
function resultOffsets(plan: PerOpPlan): number[] {
  const offsets = [0];
  for (const p of plan.layerParams) offsets.push(offsets[offsets.length - 1] + p);
  return offsets;
}

/** Pass 2: every layer's partials, and the loss partials, down to one row each in `results`. */
function recordReductions(list: GpuContext['dispatches'], pipe: (s: KernelSpec) => GPUComputePipeline, bufs: PerOpBuffers, plan: PerOpPlan, wg: number): void {
  const offsets = resultOffsets(plan);
  const sources = [
    ...bufs.layers.map((lb, l) => ({ src: lb.partials, cols: plan.layerParams[l] })),
    { src: bufs.lossPartials, cols: 1 },
  ];
  sources.forEach(({ src, cols }, k) => {
    recordRowSum(list, pipe(SUM_ROWS), { src, rows: plan.totalBlocks, cols }, bufs.scratch, { dst: bufs.results, dstOffset: offsets[k] }, wg);
  });
}

function allocateIntermediates(dims: readonly number[], N: number): IntermediateArrays {
  const widths = dims.slice(1);
  const L = widths.length;
  return {
    z: widths.map((w) => new Float64Array(N * w)),
    a: widths.map((w) => new Float64Array(N * w)),
    local: widths.map((w, l) => (l < L - 1 ? new Float64Array(N * w) : null)),
    da: widths.map((w, l) => (l < L - 1 ? new Float64Array(N * w) : null)),
    dz: widths.map((w) => new Float64Array(N * w)),
    lossPerExample: new Float64Array(N),
  };
}

/** Per chunk: z, a, local and da (hidden), dz of every layer, then the per-example losses — all f32. */
function intermediateBytes(dims: readonly number[], rows: number): number {
  const L = dims.length - 1;
  let floats = rows;
  dims.slice(1).forEach((w, l) => (floats += rows * w * (l < L - 1 ? 5 : 3)));
  return floats * 4;
}

function copyIntermediates(encoder: GPUCommandEncoder, bufs: PerOpBuffers, dims: readonly number[], rows: number, staging: GPUBuffer): void {
  const L = dims.length - 1;
  let offset = 0;
  const copy = (src: GPUBuffer, floats: number) => {
    encoder.copyBufferToBuffer(src, 0, staging, offset, floats * 4);
    offset += floats * 4;
  };
  bufs.layers.forEach((lb, l) => {
    const n = rows * dims[l + 1];
    copy(lb.z, n);
    copy(lb.a, n);
    if (l < L - 1) {
      copy(lb.local, n);
      copy(lb.da, n);
    }
    copy(lb.dz, n);
  });
  copy(bufs.lossPerExample, rows);
}

function unpackIntermediates(f32: Float32Array, dims: readonly number[], rows: number, start: number, into: IntermediateArrays): void {
  let offset = 0;
  const take = (dst: Float64Array, width: number) => {
    const n = rows * width;
    dst.set(f32.subarray(offset, offset + n), start * width);
    offset += n;
  };
  dims.slice(1).forEach((w, l) => {
    take(into.z[l], w);
    take(into.a[l], w);
    const local = into.local[l];
    if (local) take(local, w);
    const da = into.da[l];
    if (da) take(da, w);
    take(into.dz[l], w);
  });
  take(into.lossPerExample, 1);
}

function toRecord(sums: Float32Array, dims: readonly number[], N: number, kept: IntermediateArrays | null): PassRecord {
  const dW: Float64Array[] = [];
  const db: Float64Array[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    const g = unpackLayerGradients(sums, dims[l], dims[l + 1], offset);
    dW.push(g.dW);
    db.push(g.db);
    offset += dims[l + 1] * (dims[l] + 1);
  }
  const lossSum = sums[offset];
  const layers: LayerRecord[] | null = kept ? dims.slice(1).map((_, l) => ({ z: kept.z[l], a: kept.a[l], local: kept.local[l], da: kept.da[l], dz: kept.dz[l] })) : null;
  return {
    backend: 'webgpu',
    dims: [...dims],
    batchSize: N,
    lossPerExample: kept ? kept.lossPerExample : null,
    loss: lossSum / N,
    layers,
    grads: { dW, db },
  };
}


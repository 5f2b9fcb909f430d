/**
 * Training on WebGPU with the weights kept on the GPU. The trainer owns one pass's buffers (fused or
 * per-op, sized for one batch size); the network is uploaded once, then every step submits the pass
 * with `weightsOnGpu`, the SGD update (src/gpu/update/sgd-update.wgsl) recorded after the gradient reduction
 * in the same compute pass, and a 4-byte copy of the loss into a history buffer — nothing is read
 * back. The history is read every `syncEvery` steps (and when it is full), which also bounds how far
 * the CPU runs ahead of the GPU; errors are caught in error scopes spanning each such window.
 *
 * Both passes leave the batch's gradients as [dW | db] rows, layer after layer, followed by the loss
 * sum, in their `results` buffer (src/gpu/gradient-layout.ts); the update reads them from there.
 */
import { planPerOp, type PerOpPlan } from '../gpu/per-op/chunk-plan.js';
import { storageBuffer } from '../gpu/runtime/dispatch.js';
import { WebGpuEngine } from '../gpu/engine.js';
import { FusedBuffers, readOutcome, submitFused } from '../gpu/fused/fused-pass.js';
import { planFused } from '../gpu/fused/fused-plan.js';
import { gemmTilesFor } from '../gpu/fused/fused-gemm-codegen.js';
import { GpuContext } from '../gpu/runtime/gpu-context.js';
import { GpuPassError, withErrorScopes } from '../gpu/device/gpu-errors.js';
import type { GpuHandle } from '../gpu/device/gpu-handle.js';
import { layerOffsets, unpackLayerGradients } from '../gpu/reduction/gradient-layout.js';
import { SGD_UPDATE } from '../gpu/wgsl/layouts.js';
import type { PassHooks } from '../gpu/runtime/pass-hooks.js';
import { PerOpBuffers } from '../gpu/per-op/per-op-buffers.js';
import { sgdUpdateSource } from '../gpu/update/sgd-source.js';
import { readPerOp, submitPerOp } from '../gpu/per-op/per-op-pass.js';
import { checkShapes } from '../network/check-shapes.js';
import { cloneNetwork, dimsOf, type Batch, type Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import { float32SgdProblem, type SgdConfig } from './sgd.js';
import type { Trainer } from './trainer.js';

export interface GpuTrainerOptions extends SgdConfig {
  /** Examples per step: every batch given to step() must have exactly this many. */
  readonly batchSize: number;
  /** 'fused' (default): gradients in one kernel per chunk. 'per-op': the teaching path's kernels. */
  readonly path?: 'fused' | 'per-op';
  /** Read the loss history (a sync with the GPU) at least every this many steps. Default 64. */
  readonly syncEvery?: number;
}

/** One SGD dispatch: a block of parameters, where it sits, and where its gradients sit in `results`. */
interface UpdateTarget {
  readonly target: GPUBuffer;
  readonly count: number;
  readonly cols: number;
  readonly gradRowStride: number;
  readonly gradOffset: number;
  readonly targetRowStride: number;
  readonly velocity: GPUBuffer;
}

/** A buffer of parameters to read back, and how its floats become the network's W and b. */
interface WeightSource {
  readonly buffer: GPUBuffer;
  readonly floats: number;
  readonly unpack: (f32: Float32Array, into: Network) => void;
}

const HISTORY_SLOTS = 256;
/**
 * Training batches are small (hundreds of examples) and a step's latency is what counts, so the
 * register kernel (fused-small) is used up to a larger size than the engine's default, with few
 * examples per thread. Measured on SwiftShader (2 shared cores, load ~15), 2-16-16-2 on the 400
 * spirals: fused-small compiles in ~17 s and then takes ~2 ms a step; fused-tiled compiles in ~6 s
 * but takes ~100 ms a step. The compile is paid once per trainer.
 */
const TRAIN_SMALL_MAX_WIDTH = 16;
const TRAIN_SMALL_MAX_PARAMS = 640;
const TRAIN_ROWS_PER_THREAD = 8;

export class GpuTrainer implements Trainer {
  readonly backend = 'webgpu' as const;
  private readonly ctx: GpuContext;
  private readonly engine: WebGpuEngine;
  private readonly owned: GPUBuffer[] = [];
  private readonly history: GPUBuffer;
  private readonly historyStaging: GPUBuffer;
  private slots = 0;
  private pending: number[] = [];
  private sinceSync = 0;
  private scopeOpen = false;
  private disposed = false;
  private readonly syncEvery: number;
  private readonly lossIndex: number;
  private updates: UpdateTarget[] = [];
  private sources: WeightSource[] = [];
  private weightStaging: GPUBuffer | null = null;
  private fused: FusedBuffers | null = null;
  private perOp: PerOpBuffers | null = null;
  private perOpPlan: PerOpPlan | null = null;

  private constructor(
    private readonly handle: GpuHandle,
    private readonly initial: Network,
    private readonly options: GpuTrainerOptions,
  ) {
    const { device } = handle;
    this.ctx = new GpuContext(device);
    // Sleep before asking for a map where Dawn polls from the JS thread (as the engine does);
    // each sync's wait is keyed by the steps it covers.
    this.ctx.pollBackoff = handle.pollsFromJs === true;
    this.engine = WebGpuEngine.create(handle);
    this.syncEvery = Math.max(1, options.syncEvery ?? 64);
    this.lossIndex = layerOffsets(dimsOf(initial)).total;
    this.history = this.own(storageBuffer(device, 'loss history', HISTORY_SLOTS));
    this.historyStaging = this.own(this.ctx.stagingBuffer('loss history staging', HISTORY_SLOTS * 4));
  }

  /** Uploads `network` once and prepares the buffers for batches of `options.batchSize` examples. */
  static async create(handle: GpuHandle, network: Network, options: GpuTrainerOptions): Promise<GpuTrainer> {
    if (!(options.lr > 0) || !Number.isFinite(options.lr)) throw new GpuPassError(`learning rate must be finite and > 0 (got ${options.lr})`);
    const float32 = float32SgdProblem(options);
    if (float32 !== null) throw new GpuPassError(`the ${float32.flag === 'lr' ? 'learning rate' : 'momentum'} ${options[float32.flag]} ${float32.why}`);
    const trainer = new GpuTrainer(handle, network, options);
    try {
      await withErrorScopes(handle.device, 'preparing the training buffers', () => trainer.prepare());
    } catch (error) {
      trainer.dispose();
      throw error;
    }
    return trainer;
  }

  private own(buffer: GPUBuffer): GPUBuffer {
    this.owned.push(buffer);
    return buffer;
  }

  private velocityFor(count: number, label: string): GPUBuffer {
    // With μ = 0 the kernel never touches velocity: one shared placeholder is enough.
    return this.own(storageBuffer(this.handle.device, label, this.options.momentum === 0 ? 4 : count));
  }

  private prepare(): void {
    const { device } = this.handle;
    const network = this.initial;
    const dims = dimsOf(network);
    const { offsets, total } = layerOffsets(dims);
    if ((this.options.path ?? 'fused') === 'fused') {
      const small = Math.max(...dims) <= TRAIN_SMALL_MAX_WIDTH && total <= TRAIN_SMALL_MAX_PARAMS;
      const plan = planFused(dims, this.options.batchSize, device.limits, { kernel: small ? 'small' : undefined, smallRowsPerThread: TRAIN_ROWS_PER_THREAD, gemmTiles: gemmTilesFor(this.handle.adapter) });
      const bufs = new FusedBuffers(this.ctx, plan);
      this.fused = bufs;
      // The packed [W | b] rows of every layer: one dispatch updates them all (their gradients have the same layout).
      this.updates.push({ target: bufs.weights, count: total, cols: total, gradRowStride: 0, gradOffset: 0, targetRowStride: 0, velocity: this.velocityFor(total, 'velocity') });
      if (bufs.w0 && plan.gemm) {
        // The gemm plan's padded copy of layer 0's rows gets the same update (same rule, same f32 inputs, same result).
        const k = dims[0] + 1;
        this.updates.push({ target: bufs.w0, count: dims[1] * k, cols: k, gradRowStride: k, gradOffset: 0, targetRowStride: plan.gemm.k4, velocity: this.velocityFor(dims[1] * k, 'velocity w0') });
      }
      this.sources.push({
        buffer: bufs.weights,
        floats: total,
        unpack: (f32, into) =>
          into.layers.forEach((layer, l) => {
            const { dW, db } = unpackLayerGradients(f32, layer.inDim, layer.outDim, offsets[l]);
            (layer.W as Float64Array).set(dW);
            (layer.b as Float64Array).set(db);
          }),
      });
      // Upload once: a normal pass does it (and computes nothing we keep).
      return;
    }
    const plan = planPerOp(dims, this.options.batchSize, device.limits);
    const bufs = new PerOpBuffers(device, plan);
    this.perOp = bufs;
    this.perOpPlan = plan;
    network.layers.forEach((layer, l) => {
      const { inDim, outDim } = layer;
      const lb = bufs.layers[l];
      this.updates.push({ target: lb.W, count: outDim * inDim, cols: inDim, gradRowStride: inDim + 1, gradOffset: offsets[l], targetRowStride: inDim, velocity: this.velocityFor(outDim * inDim, `velocity W${l + 1}`) });
      this.updates.push({ target: lb.b, count: outDim, cols: 1, gradRowStride: inDim + 1, gradOffset: offsets[l] + inDim, targetRowStride: 1, velocity: this.velocityFor(outDim, `velocity b${l + 1}`) });
      this.sources.push({ buffer: lb.W, floats: outDim * inDim, unpack: (f32, into) => (into.layers[l].W as Float64Array).set(f32) });
      this.sources.push({ buffer: lb.b, floats: outDim, unpack: (f32, into) => (into.layers[l].b as Float64Array).set(f32) });
    });
  }

  private get results(): GPUBuffer {
    return this.fused ? this.fused.results : this.perOp!.results;
  }

  private uploaded = false;

  /** Submits one step: the pass (weights uploaded only the first time), the update, the loss copy. */
  private async submitStep(batch: Batch, recordLoss: boolean, readBack: boolean): Promise<void> {
    if (this.disposed) throw new GpuPassError('GpuTrainer used after dispose()');
    this.ctx.watch.assertAlive();
    if (!this.uploaded) checkShapes(this.initial, batch);
    if (batch.size !== this.options.batchSize) {
      throw new GpuPassError(`this trainer takes batches of ${this.options.batchSize} examples (got ${batch.size})`);
    }
    if (recordLoss && this.slots === HISTORY_SLOTS) await this.sync();
    if (!this.scopeOpen) {
      this.handle.device.pushErrorScope('out-of-memory');
      this.handle.device.pushErrorScope('validation');
      this.scopeOpen = true;
    }
    const pipeline = await this.ctx.pipelines.get(SGD_UPDATE, sgdUpdateSource());
    const slot = this.slots;
    const hooks: PassHooks = {
      weightsOnGpu: this.uploaded,
      readBack,
      dispatches: (list) => {
        for (const u of this.updates) {
          list.addThreads(
            SGD_UPDATE,
            pipeline,
            u.count,
            { cols: u.cols, gradRowStride: u.gradRowStride, gradOffset: u.gradOffset, targetRowStride: u.targetRowStride, lr: this.options.lr, momentum: this.options.momentum },
            { grads: this.results, weights: u.target, velocity: u.velocity },
          );
        }
      },
      copies: recordLoss ? (encoder) => encoder.copyBufferToBuffer(this.results, this.lossIndex * 4, this.history, slot * 4, 4) : undefined,
    };
    const network = this.initial;
    if (this.fused) await submitFused(this.ctx, this.fused, network, batch, { timestamps: false, batchUnchanged: true, hooks });
    else await submitPerOp(this.ctx, this.perOp!, this.perOpPlan!, network, batch, { intermediates: false, timestamps: false, hooks });
    this.uploaded = true;
    if (recordLoss) this.slots++;
    if (++this.sinceSync >= this.syncEvery) await this.sync();
  }

  async step(batch: Batch, recordLoss: boolean): Promise<void> {
    await this.submitStep(batch, recordLoss, false);
  }

  async inspectStep(batch: Batch): Promise<PassRecord> {
    await this.submitStep(batch, false, true);
    const outcome = this.fused ? await readOutcome(this.ctx, this.fused, false) : await readPerOp(this.ctx, this.perOp!, this.perOpPlan!, false, null);
    await this.sync();
    return outcome.record;
  }

  /** Reads the loss history, waits for the GPU, and closes the error scopes (throwing what they caught). */
  private async sync(): Promise<void> {
    const steps = this.sinceSync;
    this.sinceSync = 0;
    const { device } = this.handle;
    if (this.slots > 0) {
      const encoder = device.createCommandEncoder({ label: 'loss history' });
      encoder.copyBufferToBuffer(this.history, 0, this.historyStaging, 0, this.slots * 4);
      device.queue.submit([encoder.finish()]);
      const sums = new Float32Array(await this.ctx.read(this.historyStaging, this.slots * 4, steps));
      for (const sum of sums) this.pending.push(sum / this.options.batchSize);
      this.slots = 0;
    } else {
      await this.ctx.watch.race(device.queue.onSubmittedWorkDone());
    }
    if (this.scopeOpen) {
      this.scopeOpen = false;
      const validation = await device.popErrorScope();
      const oom = await device.popErrorScope();
      const error = validation ?? oom;
      if (error) throw new GpuPassError(`WebGPU ${validation ? 'validation' : 'out-of-memory'} error while training: ${error.message.split('\n')[0]}`);
    }
  }

  async takeLosses(): Promise<number[]> {
    await this.sync();
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  async weights(): Promise<Network> {
    if (!this.uploaded) return cloneNetwork(this.initial);
    await this.sync();
    const { device } = this.handle;
    const floats = this.sources.reduce((s, src) => s + src.floats, 0);
    if (!this.weightStaging) this.weightStaging = this.own(this.ctx.stagingBuffer('weights staging', floats * 4));
    const encoder = device.createCommandEncoder({ label: 'read weights' });
    let offset = 0;
    for (const src of this.sources) {
      encoder.copyBufferToBuffer(src.buffer, 0, this.weightStaging, offset * 4, src.floats * 4);
      offset += src.floats;
    }
    device.queue.submit([encoder.finish()]);
    const f32 = new Float32Array(await this.ctx.read(this.weightStaging, floats * 4));
    const network = cloneNetwork(this.initial);
    offset = 0;
    for (const src of this.sources) {
      src.unpack(f32.subarray(offset, offset + src.floats), network);
      offset += src.floats;
    }
    return network;
  }

  /** The per-op pass with intermediates at the current weights (read back, then uploaded as the same f32 values). */
  async evaluate(batch: Batch): Promise<PassRecord> {
    const network = await this.weights();
    // A diverged run's weights are NaN or infinite: the loss says so, and the CLI reports the divergence.
    return this.engine.run(network, batch, { path: 'per-op', intermediates: true, scanWeights: false });
  }

  get liveBufferCount(): number {
    return this.owned.length + (this.fused?.bufferCount ?? 0) + (this.perOp?.bufferCount ?? 0) + this.engine.liveBufferCount;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const buffer of this.owned) buffer.destroy();
    this.owned.length = 0;
    this.fused?.destroy();
    this.perOp?.destroy();
    this.engine.dispose();
    this.ctx.destroy();
  }
}

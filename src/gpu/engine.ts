/**
 * The WebGPU engine: runs the lesson's forward + backward pass for a network and batch on a GPU
 * device and returns the same PassRecord the float64 reference returns. Browser-safe: it only
 * uses the WebGPU API on the device it is given (no 'webgpu' import, no node:*).
 *
 * Caches, and what each is keyed by: pipelines by their full WGSL text (which spells out every
 * width and constant they depend on); per-op buffers by the sizes they were made for (widths, chunk
 * rows, gradient blocks), with every run planned afresh and the run's own plan passed on; fused
 * buffers by their whole plan (kernel, widths, batch size, chunking). dispose() destroys them all
 * (not the device — its GpuHandle owns that). test/gpu/engine-cache.test.ts checks reuse against
 * fresh engines bit for bit.
 */
import { checkShapes } from '../network/check-shapes.js';
import { dimsOf, type Network } from '../network/network.js';
import type { GpuBatch } from './runtime/float32-batch.js';
import type { PassRecord } from '../record/pass-record.js';
import { planPerOp } from './per-op/chunk-plan.js';
import { FusedBuffers, runFused } from './fused/fused-pass.js';
import { FUSED_KERNELS, planFused, type FusedKernel } from './fused/fused-plan.js';
import { quote } from '../text/quote.js';
import { gemmTilesFor, type GemmTiles } from './fused/fused-gemm-codegen.js';
import { GpuContext } from './runtime/gpu-context.js';
import { GpuPassError, withErrorScopes } from './device/gpu-errors.js';
import type { KernelTime } from './runtime/kernel-timer.js';
import type { GpuHandle } from './device/gpu-handle.js';
import { PerOpBuffers } from './per-op/per-op-buffers.js';
import { runPerOp } from './per-op/per-op-pass.js';
import type { PassOutcome } from './runtime/pass-outcome.js';
import { bugNamed, type BugName } from '../break/bugs.js';

export interface RunOptions {
  /** 'per-op' (default): one kernel per step, intermediates available. 'fused': grads and loss only, fast. */
  path?: 'per-op' | 'fused';
  /** Keep z, a, da, dz and per-example losses (per-op only). Default: true for batches ≤ 4096 on 'per-op'. */
  intermediates?: boolean;
  /** Largest number of examples per chunk, a whole number >= 1 (GpuPassError otherwise; for testing chunking; the device limits also cap it). */
  chunkSize?: number;
  /** Measure GPU time with timestamp queries (when the device has them); see lastGpuTimeMs. */
  timestamps?: boolean;
  /**
   * Profile: time every dispatch with its own timestamped pass (when the device has timestamp
   * queries); see lastKernelTimes. Slower than a plain run — never time a profiled run's wall clock.
   */
  kernelTimes?: boolean;
  /**
   * Fused path only: the caller promises `batch` is the same object as in the previous run, with
   * unchanged contents, so its examples (already on the GPU) are not converted and uploaded again.
   * For repeated runs on one batch (the benchmark). Ignored when the batch needs several chunks.
   */
  batchUnchanged?: boolean;
  /**
   * Refuse NaN or infinite weights and biases (default true, as float64Pass). False only where
   * they are the caller's own result and reported by it: a diverged training run's weights.
   */
  scanWeights?: boolean;
  /** Per-op path only: run the backward pass with a classic bug (src/break/bugs.ts), for "break it". */
  bug?: BugName;
  /**
   * Fused path only: run small batches of small networks as one workgroup that writes the final
   * sums (one dispatch). Off by default: slower on SwiftShader (see SINGLE_GROUP_MAX_ROWS).
   */
  fusedSingleGroup?: boolean;
  /** Fused path only: force the register ('small'), workgroup-memory ('tiled') or wide-first-layer ('gemm') plan. */
  fusedKernel?: FusedKernel;
  /** Fused gemm plans only: the register tiles (default: the adapter's row of GEMM_TILE_TABLE). */
  gemmTiles?: GemmTiles;
}

/** Per-op runs keep intermediates by default up to this many examples. */
export const DEFAULT_INTERMEDIATES_MAX_BATCH = 4096;

export class WebGpuEngine {
  private readonly ctx: GpuContext;
  private perOp: PerOpBuffers | null = null;
  private fused: FusedBuffers | null = null;
  private disposed = false;
  private running: Promise<unknown> = Promise.resolve();
  private gpuTimeMs: number | null = null;
  private kernelTimes: KernelTime[] | null = null;
  /** The last batch checkShapes passed, labels and inputs scanned. */
  private batchChecked: GpuBatch | null = null;

  private constructor(private readonly handle: GpuHandle) {
    this.ctx = new GpuContext(handle.device);
    this.ctx.pollBackoff = handle.pollsFromJs === true;
  }

  /** An engine on the handle's device. The engine never destroys the device: dispose() the engine, then destroy() the handle. */
  static create(handle: GpuHandle): WebGpuEngine {
    return new WebGpuEngine(handle);
  }

  /** GPU time of the last run in ms from timestamp queries, or null when unavailable/not requested. */
  get lastGpuTimeMs(): number | null {
    return this.gpuTimeMs;
  }

  /** GPU time per kernel of the last run (kernelTimes: true), or null when unavailable/not requested. */
  get lastKernelTimes(): KernelTime[] | null {
    return this.kernelTimes;
  }

  /** Live GPU buffers this engine holds (for leak checks). */
  get liveBufferCount(): number {
    return (this.perOp?.bufferCount ?? 0) + (this.fused?.bufferCount ?? 0);
  }

  get compiledPipelineCount(): number {
    return this.ctx.pipelines.size;
  }

  /**
   * Forward and backward on the GPU in float32 (WGSL kernels in shaders/), the same maths as
   * float64Pass. Runs are serialised: buffers are shared, so a second run waits for the first.
   * @returns a PassRecord (backend 'webgpu', values widened to float64): grads dW_l (outDim × inDim)
   *   and db_l (outDim), the mean loss, and with intermediates per layer z, a, da, dz (N × outDim).
   * @throws InputError when the batch does not fit the network or a weight, bias or input is not finite (checkShapes, src/network/check-shapes.ts:
   *   the float64 pass's check); GpuPassError on a validation or out-of-memory error, or intermediates
   *   asked of the fused path; DeviceLostError once the device is lost.
   */
  run(network: Network, batch: GpuBatch, opts: RunOptions = {}): Promise<PassRecord> {
    const next = this.running.then(
      () => this.runNow(network, batch, opts),
      () => this.runNow(network, batch, opts),
    );
    this.running = next.catch(() => {});
    return next;
  }

  private async runNow(network: Network, batch: GpuBatch, opts: RunOptions): Promise<PassRecord> {
    if (this.disposed) throw new GpuPassError('WebGpuEngine used after dispose()');
    this.ctx.watch.assertAlive();
    // A batch promised unchanged since the run that checked it keeps its labels and inputs: no O(N·inDim) rescan per run.
    checkShapes(network, batch, { scanBatch: !(opts.batchUnchanged && batch === this.batchChecked), scanWeights: opts.scanWeights ?? true });
    this.batchChecked = batch;
    const path = opts.path ?? 'per-op';
    checkRunOptions(path, opts);
    const timestamps = opts.timestamps ?? false;
    if (path === 'fused' && opts.bug) throw new GpuPassError("the fused path has no bug variants; use path 'per-op' to break it");
    if (path === 'fused' && opts.intermediates) {
      throw new GpuPassError("the fused path keeps no intermediates; use path 'per-op' for them");
    }
    const what = `running the ${path} pass (${dimsOf(network).join('-')}, batch ${batch.size})`;
    const timer = opts.kernelTimes ? this.ctx.kernelTimer() : null;
    timer?.reset();
    this.ctx.activeTimer = timer;
    this.kernelTimes = null;
    const outcome: PassOutcome = await withErrorScopes(this.handle.device, what, () => this.dispatchPath(path, network, batch, opts)).finally(() => {
      this.ctx.activeTimer = null;
    });
    this.gpuTimeMs = outcome.gpuTimeMs;
    if (timer) this.kernelTimes = await timer.read();
    return outcome.record;
  }

  private dispatchPath(path: 'per-op' | 'fused', network: Network, batch: GpuBatch, opts: RunOptions): Promise<PassOutcome> {
    const dims = dimsOf(network);
    const limits = this.handle.device.limits;
    const timestamps = opts.timestamps ?? false;
    {
      if (path === 'fused') {
        const gemmTiles = opts.gemmTiles ?? gemmTilesFor(this.handle.adapter);
        checkGemmTiles(gemmTiles);
        const plan = planFused(dims, batch.size, limits, { kernel: opts.fusedKernel, chunkRows: opts.chunkSize, singleGroup: opts.fusedSingleGroup, gemmTiles });
        if (!this.fused?.fits(plan)) {
          this.fused?.destroy();
          this.fused = new FusedBuffers(this.ctx, plan);
        }
        return runFused(this.ctx, this.fused, network, batch, { timestamps, batchUnchanged: opts.batchUnchanged });
      }
      const plan = planPerOp(dims, batch.size, limits, opts.chunkSize);
      if (!this.perOp?.fits(plan)) {
        this.perOp?.destroy();
        this.perOp = new PerOpBuffers(this.handle.device, plan);
      }
      const intermediates = opts.intermediates ?? batch.size <= DEFAULT_INTERMEDIATES_MAX_BATCH;
      return runPerOp(this.ctx, this.perOp, plan, network, batch, { intermediates, timestamps, bug: opts.bug ? bugNamed(opts.bug).id : 0 });
    }
  }

  /** Destroys every buffer and query set; the device itself belongs to the GpuHandle. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.perOp?.destroy();
    this.fused?.destroy();
    this.perOp = null;
    this.fused = null;
    this.ctx.destroy();
  }
}

/** Options a run would otherwise ignore or misread: an unknown path or fused kernel, a chunkSize that is not a whole number >= 1, or fused-only options on the per-op path. */
function checkRunOptions(path: string, opts: RunOptions): void {
  if (path !== 'per-op' && path !== 'fused') throw new GpuPassError(`unknown path ${quote(String(path))}: use 'per-op' or 'fused'`);
  // 0 or a fraction planned chunks of no rows (per-op: a chunk loop that never ended); NaN, a plan of NaN rows.
  const { chunkSize } = opts;
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize >= 1)) throw new GpuPassError(`chunkSize must be a whole number >= 1, got ${chunkSize}`);
  const kernel = opts.fusedKernel;
  if (kernel !== undefined && !(FUSED_KERNELS as readonly string[]).includes(kernel)) {
    throw new GpuPassError(`unknown fusedKernel ${quote(String(kernel))}: use ${FUSED_KERNELS.map((k) => `'${k}'`).join(', ')}`);
  }
  if (path === 'per-op') {
    // fusedSingleGroup: false asks for nothing, so only true is refused.
    const fusedOnly: string[] = (['fusedKernel', 'gemmTiles'] as const).filter((k) => opts[k] !== undefined);
    if (opts.fusedSingleGroup === true) fusedOnly.push('fusedSingleGroup');
    if (fusedOnly.length) throw new GpuPassError(`${fusedOnly.join(', ')} ${fusedOnly.length === 1 ? 'applies' : 'apply'} to the fused path only (path 'per-op' was asked for)`);
  }
}

/** The kernels need whole tiles of at least one, and units in vec4s for the forward GEMM's stores. @throws GpuPassError */
function checkGemmTiles(tiles: GemmTiles): void {
  const { te, tu, ti, tj } = tiles;
  const whole = [te, tu, ti, tj].every((t) => Number.isInteger(t) && t >= 1);
  if (!whole || tu % 4 !== 0) {
    throw new GpuPassError(`gemmTiles must be whole numbers >= 1 with tu a multiple of 4, got ${JSON.stringify(tiles)}`);
  }
}

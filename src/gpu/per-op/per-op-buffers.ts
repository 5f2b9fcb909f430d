/**
 * The per-op path's GPU buffers for one shape (network widths, chunk size, gradient blocks).
 * Created once and reused by every run of the same shape; destroyed together.
 */
import { BufferUsage } from '../runtime/buffer-usage.js';
import { storageBuffer } from '../runtime/dispatch.js';
import { scratchFloats } from '../reduction/reduce.js';
import { HOST_SUM_MAX_FLOATS } from '../reduction/host-sum.js';
import type { PerOpPlan } from './chunk-plan.js';
import { WeightCache } from '../runtime/weight-cache.js';

export interface LayerBuffers {
  readonly W: GPUBuffer;
  readonly b: GPUBuffer;
  /** chunkRows × outDim each. */
  readonly z: GPUBuffer;
  /** f(z) for hidden layers, softmax p for the output layer. */
  readonly a: GPUBuffer;
  /** The activation's local derivative f'(z) (hidden layers; the output layer's is an unused stand-in). */
  readonly local: GPUBuffer;
  /** dL/da (hidden layers only; unused for the output layer). */
  readonly da: GPUBuffer;
  readonly dz: GPUBuffer;
  /** Pass-1 gradient partials: totalBlocks rows of [dW | db]. */
  readonly partials: GPUBuffer;
}

export class PerOpBuffers {
  readonly inputs: GPUBuffer;
  readonly labels: GPUBuffer;
  readonly lossPerExample: GPUBuffer;
  readonly lossPartials: GPUBuffer;
  readonly layers: LayerBuffers[];
  /** Ping-pong space for the reduction levels between the partials and the results. */
  readonly scratch: readonly [GPUBuffer, GPUBuffer];
  /** Final sums: every layer's [dW | db] back to back, then the loss sum. */
  readonly results: GPUBuffer;
  readonly resultFloats: number;
  /**
   * Where a one-chunk batch's last reduction steps are read back from for the host to finish
   * (host-sum.ts), in floats of `resultStaging` after the results: each layer's partial rows and
   * the loss partials (one per block), or for a direct plan (one block: the gradients are already
   * final) the per-example losses. Null when they would not fit HOST_SUM_MAX_FLOATS: sum-rows runs
   * on the GPU.
   */
  readonly hostLayout: { readonly partials: readonly number[]; readonly losses: number } | null;
  /** Whether the last submit left the reduction to the host (readPerOp finishes it). */
  stagedForHost = false;
  /** Where the results (and two timestamps, after them) are read back from. */
  readonly resultStaging: GPUBuffer;
  readonly timestampOffset: number;
  /** What the W and b buffers hold, to skip uploading unchanged weights. */
  readonly weightCache = new WeightCache();
  private intermediateStaging: GPUBuffer | null = null;
  private readonly all: GPUBuffer[] = [];

  constructor(
    device: GPUDevice,
    /** The plan the buffers were sized for (see fits: a run passes its own plan). */
    private readonly plan: PerOpPlan,
  ) {
    const { dims, chunkRows, totalBlocks, layerParams } = plan;
    const make = (label: string, floats: number) => {
      const buffer = storageBuffer(device, label, floats);
      this.all.push(buffer);
      return buffer;
    };
    this.inputs = make('inputs', chunkRows * dims[0]);
    this.labels = make('labels', chunkRows);
    this.lossPerExample = make('loss per example', chunkRows);
    this.lossPartials = make('loss partials', totalBlocks);
    const last = dims.length - 2;
    this.layers = dims.slice(1).map((out, l) => {
      const hidden = l < last;
      const perExample = chunkRows * out;
      return {
        W: make(`W${l + 1}`, out * dims[l]),
        b: make(`b${l + 1}`, out),
        z: make(`z${l + 1}`, perExample),
        a: make(`a${l + 1}`, perExample),
        local: make(`local${l + 1}`, hidden ? perExample : 1),
        da: make(`da${l + 1}`, hidden ? perExample : 1),
        dz: make(`dz${l + 1}`, perExample),
        partials: make(`partials${l + 1}`, totalBlocks * layerParams[l]),
      };
    });
    const widestParams = Math.max(...layerParams);
    const level1 = scratchFloats(totalBlocks, widestParams);
    this.scratch = [make('scratch A', level1), make('scratch B', level1)];
    this.resultFloats = layerParams.reduce((s, p) => s + p, 0) + 1;
    this.results = make('results', this.resultFloats);
    const direct = totalBlocks === 1;
    const partialFloats = direct ? 0 : layerParams.reduce((s, p) => s + totalBlocks * p, 0);
    const lossFloats = direct ? chunkRows : totalBlocks;
    let stagedFloats = this.resultFloats;
    if (partialFloats + lossFloats <= HOST_SUM_MAX_FLOATS) {
      const partials = layerParams.map((p) => {
        const at = stagedFloats;
        if (!direct) stagedFloats += totalBlocks * p;
        return at;
      });
      this.hostLayout = { partials, losses: stagedFloats };
      stagedFloats += lossFloats;
    } else this.hostLayout = null;
    this.timestampOffset = Math.ceil((stagedFloats * 4) / 8) * 8;
    this.resultStaging = this.staging(device, 'results staging', this.timestampOffset + 16);
  }

  /** The staging buffer for one chunk's intermediates, made on first use and kept. */
  intermediatesStaging(device: GPUDevice, bytes: number): GPUBuffer {
    if (!this.intermediateStaging) this.intermediateStaging = this.staging(device, 'intermediates staging', bytes);
    return this.intermediateStaging;
  }

  private staging(device: GPUDevice, label: string, bytes: number): GPUBuffer {
    const buffer = device.createBuffer({ label, size: Math.ceil(bytes / 8) * 8, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    this.all.push(buffer);
    return buffer;
  }

  /**
   * Whether these buffers can serve `plan`: their sizes depend on the widths, the chunk rows and the
   * gradient blocks, and nothing else. The run itself must use `plan` (its batch size, block rows),
   * never the plan these buffers were made for — two batches can share buffers but not a plan.
   */
  fits(plan: PerOpPlan): boolean {
    const p = this.plan;
    return (
      p.chunkRows === plan.chunkRows &&
      p.totalBlocks === plan.totalBlocks &&
      p.dims.length === plan.dims.length &&
      p.dims.every((d, i) => d === plan.dims[i])
    );
  }

  get bufferCount(): number {
    return this.all.length;
  }

  destroy(): void {
    for (const buffer of this.all) buffer.destroy();
    this.all.length = 0;
  }
}

/**
 * What a training loop drives: a trainer owns one network's parameters (in float64 on the CPU, or
 * in float32 GPU buffers that stay on the GPU across steps) and takes SGD steps on batches.
 * src/train/cpu-trainer.ts and src/train/gpu-trainer.ts implement it; src/train/train-loop.ts uses it.
 */
import type { Batch, Network } from '../network/network.js';
import type { PassBackend, PassRecord } from '../record/pass-record.js';

export interface Trainer {
  readonly backend: PassBackend;
  /**
   * One step on `batch`: forward and backward at the current weights, then the SGD update.
   * With `recordLoss`, the batch-mean loss of that forward pass (before the update) is kept for takeLosses().
   */
  step(batch: Batch, recordLoss: boolean): Promise<void>;
  /** step(batch, false), returning that step's pass (its loss and gradients, before the update). */
  inspectStep(batch: Batch): Promise<PassRecord>;
  /** The losses recorded since the last call, oldest first. */
  takeLosses(): Promise<number[]>;
  /** A copy of the current weights (a GPU trainer's float32 values, exactly, as float64). */
  weights(): Promise<Network>;
  /** Forward and backward at the current weights, every intermediate kept; no update. */
  evaluate(batch: Batch): Promise<PassRecord>;
  dispose(): void;
}

/**
 * A batch whose inputs are already float32, as the GPU holds them: the engine uploads its rows as
 * they are instead of converting float64 → float32 on every run (5 ms of a 34 ms run at 2^20
 * examples of the lesson's network). Convert once with `toFloat32Batch` and run it many times.
 */
import type { Batch } from '../../network/network.js';

export interface Float32Batch extends Omit<Batch, 'inputs'> {
  /** N × inDim, row-major, float32. */
  readonly inputs: Float32Array;
}

/** What the engine accepts: a float64 batch (converted per run) or a float32 one (uploaded as is). */
export type GpuBatch = Batch | Float32Batch;

/** The batch with its inputs rounded to float32 once (labels shared, not copied). */
export function toFloat32Batch(batch: Batch): Float32Batch {
  return { ...batch, inputs: Float32Array.from(batch.inputs) };
}

/** Rows [start, start + rows) of the inputs as float32: a view of a float32 batch, a converted copy otherwise. */
export function inputRowsF32(batch: GpuBatch, start: number, rows: number): Float32Array {
  const slice = batch.inputs.subarray(start * batch.inDim, (start + rows) * batch.inDim);
  return slice instanceof Float32Array ? slice : new Float32Array(slice);
}

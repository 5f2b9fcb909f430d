/**
 * The float64 pass on the float32-rounded network and batch: what WebGPU computes from, since its
 * buffers are float32. A WebGPU gradient that disagrees with the float64 pass but agrees with this
 * one is not a kernel error: rounding the inputs/weights to float32 changed the gradient itself
 * (a weight of 1.00000003 becomes 1, a pre-activation becomes exactly 0, a ReLU gate flips).
 */
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';
import { float64Pass } from './float64-pass.js';

const fround = (xs: Float64Array) => xs.map(Math.fround);

/** Every weight, bias and input rounded to float32 (Math.fround), in float64 arrays of the same shapes. */
export function roundToFloat32(network: Network, batch: Batch): { network: Network; batch: Batch } {
  return {
    network: { layers: network.layers.map((l) => ({ ...l, W: fround(l.W), b: fround(l.b) })) },
    batch: { ...batch, inputs: fround(batch.inputs) },
  };
}

/** The float64 pass (float64-pass.ts) run on roundToFloat32's network and batch. */
export function float64PassOnFloat32Inputs(network: Network, batch: Batch): PassRecord {
  const rounded = roundToFloat32(network, batch);
  return float64Pass(rounded.network, rounded.batch);
}

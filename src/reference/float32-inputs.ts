/**
 * The float64 pass on the float32-rounded network and batch: what WebGPU computes from, since its
 * buffers are float32. A WebGPU gradient that disagrees with the float64 pass but agrees with this
 * one is not a kernel error: rounding the inputs/weights to float32 changed the gradient itself
 * (a weight of 1.00000003 becomes 1, a pre-activation becomes exactly 0, a ReLU gate flips).
 */
import type { Batch, Network } from '../network/network.js';
import { gradientAt, parameterRefs } from '../network/parameters.js';
import { gpuMatches, type Float32Context } from '../print/gradient-table.js';
import type { Gradients, PassRecord } from '../record/pass-record.js';
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
  // Values past float32's range round to ±Infinity: that is what this pass is for (float32-range.ts names them).
  return float64Pass(rounded.network, rounded.batch, null, { scanBatch: false, scanWeights: false });
}

/**
 * What gradientRows needs to tell float32 rounding and range apart from kernel errors (the CLI and
 * the page both use it): the float64 pass on float32-rounded inputs is run only when some WebGPU
 * value disagrees with float64. `float32Range`: float32-range.ts warned for this network and batch.
 */
export function float32Context(network: Network, batch: Batch, cpu: Gradients, gpu: Gradients | null, float32Range: boolean): Float32Context {
  if (!gpu) return {};
  const agree = parameterRefs(network).every((ref) => {
    const g = gradientAt(cpu, ref);
    const w = gradientAt(gpu, ref);
    return Number.isFinite(w) && gpuMatches(g, Math.abs(w - g));
  });
  return agree ? {} : { f32Input: float64PassOnFloat32Inputs(network, batch), float32Range };
}

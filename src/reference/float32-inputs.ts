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
import { conditioningPasses, conditioningSkipped, gradientConditioning, type RoundedInput } from './float32-conditioning.js';
import { float64Pass } from './float64-pass.js';

const fround = (xs: Float64Array) => xs.map(Math.fround);

/** Every weight, bias and input rounded to float32 (Math.fround), in float64 arrays of the same shapes. */
export function roundToFloat32(network: Network, batch: Batch): RoundedInput {
  return {
    network: { layers: network.layers.map((l) => ({ ...l, W: fround(l.W), b: fround(l.b) })) },
    batch: { ...batch, inputs: fround(batch.inputs) },
  };
}

/** The float64 pass (float64-pass.ts) run on roundToFloat32's network and batch (`rounded`, when the caller has it). */
export function float64PassOnFloat32Inputs(network: Network, batch: Batch, rounded: RoundedInput = roundToFloat32(network, batch)): PassRecord {
  // Values past float32's range round to ±Infinity: that is what this pass is for (float32-range.ts names them).
  return float64Pass(rounded.network, rounded.batch, null, { scanBatch: false, scanWeights: false });
}

/**
 * What gradientRows needs to tell float32 rounding, range and conditioning apart from kernel errors
 * (the CLI, the page and train --check-every use it): the float64 pass on float32-rounded inputs is
 * run only when some WebGPU value disagrees with float64, and the float32 conditioning test
 * (float32-conditioning.ts) only when a row is not explained by it either.
 * `float32Range`: float32-range.ts warned for this network and batch.
 */
export function float32Context(network: Network, batch: Batch, cpu: Gradients, gpu: Gradients | null, float32Range: boolean): Float32Context {
  if (!gpu) return {};
  const agree = parameterRefs(network).every((ref) => {
    const g = gradientAt(cpu, ref);
    const w = gradientAt(gpu, ref);
    return Number.isFinite(w) && gpuMatches(g, Math.abs(w - g));
  });
  if (agree) return {};
  const passes = float32Passes(network, batch);
  const f32Input = passes.f32Input();
  if (passes.samples === null) return { f32Input, float32Range, f32CondSkipped: passes.skipped! };
  return { f32Input, float32Range, f32Cond: gradientConditioning(passes.samples) };
}

/**
 * The float32 passes that tell a WebGPU value past the tolerance from a kernel error, each run at
 * its first call and kept: the gradient table's (float32Context), `--cmp`'s and the page's cmp
 * panel's (record-compare.ts's compareRecords), so a run in which everything agrees runs none.
 */
export interface Float32Passes {
  /** The float64 pass on the float32-rounded inputs and weights (f32-input's: float64PassOnFloat32Inputs). */
  readonly f32Input: () => PassRecord;
  /** The float32 conditioning test's records (float32-conditioning.ts): the f32-input pass, then
   *  the conditioning passes; null when the test is not run (past its budget: `skipped` says why). */
  readonly samples: (() => readonly PassRecord[]) | null;
  /** conditioningSkipped's line: null when the test runs. */
  readonly skipped: string | null;
}

/** f() at the first call, that value after. */
function once<T>(f: () => T): () => T {
  let kept: { readonly value: T } | null = null;
  return () => (kept ??= { value: f() }).value;
}

/** The float32 passes for this network and batch (none run yet). */
export function float32Passes(network: Network, batch: Batch): Float32Passes {
  const rounded = once(() => roundToFloat32(network, batch));
  const f32Input = once(() => float64PassOnFloat32Inputs(network, batch, rounded()));
  const skipped = conditioningSkipped(network, batch);
  return { f32Input, skipped, samples: skipped === null ? once(() => [f32Input(), ...conditioningPasses(rounded())]) : null };
}

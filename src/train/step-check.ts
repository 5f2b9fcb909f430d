/**
 * Checked training: one step's gradients, as the trainer computed them, against the float64 pass at
 * the same weights and against central finite differences (every parameter for a network of up to
 * FD_SAMPLE parameters, else a seeded sample of FD_SAMPLE). The tolerances are the gradient table's
 * (src/print/gradient-table.ts): float32 WebGPU vs float64 within 1e-5 + 1e-4·|f64|, finite
 * differences vs float64 within 1e-6·max(1, |f64|). Rows whose nudge crosses a ReLU kink are not
 * judged (see nearKink); harden's gradient check (src/reference/fd-check.ts, when it lands) judges them.
 */
import { activationOf, type Batch, type Network } from '../network/network.js';
import { gradientAt, parameterRefs, type ParamRef } from '../network/parameters.js';
import { F32_TOLERANCE, FD_TOLERANCE, fdMatches, gpuMatches } from '../print/gradient-table.js';
import type { PassRecord } from '../record/pass-record.js';
import { float64Pass } from '../reference/float64-pass.js';
import { DEFAULT_H, finiteDifferencesAt } from '../reference/finite-diff.js';
import { rng } from '../util/seeded-random.js';

/** Parameters checked by finite differences per checked step, at most. */
export const FD_SAMPLE = 256;

export interface StepCheckResult {
  /** Parameters compared with float64 (all) and with finite differences (all or the sample). */
  readonly checked: { readonly f64: number; readonly fd: number };
  /** Null when everything matched; else one line naming the step, the parameter and the numbers. */
  readonly failure: string | null;
}

/** A seeded sample of `count` parameters (all of them when there are no more than that). */
export function sampleRefs(network: Network, count: number, seed: number): ParamRef[] {
  const refs = parameterRefs(network);
  if (refs.length <= count) return refs;
  const rand = rng(seed);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rand() * (refs.length - i));
    [refs[i], refs[j]] = [refs[j], refs[i]];
  }
  return refs.slice(0, count);
}

const g = (x: number) => x.toExponential(6);

/**
 * Whether nudging `ref` by ±h moves its unit's pre-activation across ReLU's kink at 0 in some
 * example (|z| ≤ h·|∂z/∂θ|): there the central difference straddles the kink and need not equal the
 * one-sided derivative the analytical gradient is (relu'(0) = 0), so the row is not judged. This is
 * common in training — zero biases at init and 0/1 inputs put z exactly at 0. Kinks in the layers
 * above are not looked for (they need a pre-activation within ~h of 0 by chance).
 */
function nearKink(network: Network, batch: Batch, record: PassRecord, ref: ParamRef, h: number): boolean {
  const L = network.layers.length;
  if (ref.layer === L - 1 || activationOf(network.layers[ref.layer]) !== 'relu' || !record.layers) return false;
  const layer = network.layers[ref.layer];
  const unit = ref.kind === 'W' ? Math.floor(ref.index / layer.inDim) : ref.index;
  const input = ref.layer === 0 ? batch.inputs : record.layers[ref.layer - 1].a;
  const z = record.layers[ref.layer].z;
  for (let n = 0; n < batch.size; n++) {
    const reach = ref.kind === 'W' ? h * Math.abs(input[n * layer.inDim + (ref.index % layer.inDim)]) : h;
    if (Math.abs(z[n * layer.outDim + unit]) <= reach) return true;
  }
  return false;
}

/**
 * `weights` are the weights the step started from; `record` is the trainer's pass of that step on
 * `batch`. For a cpu record the float64 comparison is with itself, so only finite differences can fail.
 */
export function checkTrainingStep(step: number, weights: Network, batch: Batch, record: PassRecord, seed: number, h = DEFAULT_H): StepCheckResult {
  const reference = record.backend === 'cpu' && record.layers ? record : float64Pass(weights, batch);
  const all = parameterRefs(weights);
  if (record.backend === 'webgpu') {
    for (const ref of all) {
      const f64 = gradientAt(reference.grads, ref);
      const gpu = gradientAt(record.grads, ref);
      const delta = Math.abs(gpu - f64);
      if (!gpuMatches(f64, delta)) {
        const tol = F32_TOLERANCE.abs + F32_TOLERANCE.rel * Math.abs(f64);
        return { checked: { f64: all.length, fd: 0 }, failure: `step ${step}: webgpu gradient of ${ref.name} is ${g(gpu)} but float64 gives ${g(f64)} (|diff| ${delta.toExponential(2)} > tolerance ${tol.toExponential(2)})` };
      }
    }
  }
  const sample = sampleRefs(weights, FD_SAMPLE, (seed + step) >>> 0).filter((ref) => !nearKink(weights, batch, reference, ref, h));
  const fd = finiteDifferencesAt(weights, batch, sample, h, reference);
  for (let k = 0; k < sample.length; k++) {
    const f64 = gradientAt(reference.grads, sample[k]);
    const delta = Math.abs(fd[k] - f64);
    if (!fdMatches(f64, delta)) {
      const tol = FD_TOLERANCE * Math.max(1, Math.abs(f64));
      return { checked: { f64: all.length, fd: sample.length }, failure: `step ${step}: finite-difference gradient of ${sample[k].name} is ${g(fd[k])} but float64 gives ${g(f64)} (|diff| ${delta.toExponential(2)} > tolerance ${tol.toExponential(2)})` };
    }
  }
  return { checked: { f64: all.length, fd: sample.length }, failure: null };
}

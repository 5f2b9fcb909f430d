/**
 * Checked training: one step's gradients, as the trainer computed them, against the float64 pass at
 * the same weights (every parameter; float32 WebGPU within the gradient table's 1e-5 + 1e-4·|f64|)
 * and the float64 gradients against finite differences by the project's FD check
 * (src/reference/fd-check.ts: every parameter for a small network, else a seeded sample per tensor
 * plus one random direction; kinks and unresolvable rows judged as that check judges them, so a
 * correct gradient is never called wrong).
 */
import type { Batch, Network } from '../network/network.js';
import { gradientAt, parameterRefs } from '../network/parameters.js';
import { F32_TOLERANCE, gpuMatches } from '../print/gradient-table.js';
import type { PassRecord } from '../record/pass-record.js';
import { checkGradients } from '../reference/fd-check.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { float64Pass } from '../reference/float64-pass.js';

export interface StepCheckResult {
  /** Parameters compared with float64 (all) and with finite differences (all or the sample). */
  readonly checked: { readonly f64: number; readonly fd: number };
  /** Null when everything matched; else one line naming the step, the parameter and the numbers. */
  readonly failure: string | null;
}

const g = (x: number) => x.toExponential(6);

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
  const fd = checkGradients(weights, batch, reference, { h, seed: (seed + step) >>> 0 });
  const checked = { f64: all.length, fd: fd.checked };
  const bad = fd.rows.find((row) => row !== null && !row.ok);
  if (bad) {
    const estimate = bad.estimate === null ? 'none' : g(bad.estimate);
    return { checked, failure: `step ${step}: finite-difference gradient of ${bad.ref.name} is ${estimate} but float64 gives ${g(bad.analytical)} (|diff| ${bad.estimate === null ? '-' : Math.abs(bad.estimate - bad.analytical).toExponential(2)} > tolerance ${bad.tolerance.toExponential(2)})` };
  }
  if (fd.direction && !fd.direction.ok) {
    const d = fd.direction;
    return { checked, failure: `step ${step}: the gradient along a random direction (seed ${d.seed}) is ${g(d.analytical)} but finite differences give ${g(d.estimate)} (tolerance ${d.tolerance.toExponential(2)})` };
  }
  return { checked, failure: null };
}

/**
 * Checked training: one step's gradients, as the trainer computed them, against the float64 pass at
 * the same weights (every parameter; float32 WebGPU within the gradient table's 1e-5 + 1e-4·|f64|)
 * and the float64 gradients against finite differences by the project's FD check
 * (src/reference/fd-check.ts: every parameter for a small network, else a seeded sample per tensor
 * plus one random direction; kinks and unresolvable rows judged as that check judges them, so a
 * correct gradient is never called wrong).
 * Before comparing anything it looks for values that are not finite — weights (a diverged run), or a
 * pass's loss or gradients (float32 overflow on the GPU where float64 stays finite, or the reverse) —
 * and reports those as what they are: a difference between Infinity or NaN and a number is not drift.
 */
import type { Batch, Network } from '../network/network.js';
import { gradientAt, parameterArray, parameterRefs, type ParamRef } from '../network/parameters.js';
import { F32_TOLERANCE, gradientRows } from '../print/gradient-table.js';
import { float32RangeWarnings } from '../record/float32-range.js';
import type { PassRecord } from '../record/pass-record.js';
import { checkGradients, judged } from '../reference/fd-check.js';
import { DEFAULT_H } from '../reference/finite-diff.js';
import { float64Pass } from '../reference/float64-pass.js';
import { float32Context } from '../reference/float32-inputs.js';

export interface StepCheckResult {
  /** Gradients judged against float64 (for a webgpu record all but the f32-cond ones; 0 for a cpu
   *  record, which is the float64 pass), finite-difference rows run (all or the sample), and of those
   *  the rows judged (not n/a: see fd-check.ts's `judged`). A step with f64 = fdJudged = 0 vouches for
   *  nothing. `f32Cond`, only when there are some: webgpu gradients not judged, ill-conditioned in
   *  float32 (the gradient table's f32-cond). */
  readonly checked: { readonly f64: number; readonly fd: number; readonly fdJudged: number; readonly f32Cond?: number };
  /** Null when everything matched; else one line naming the step, the parameter and the numbers. */
  readonly failure: string | null;
  /** What failed: 'drift', a gradient past the tolerance (against float64 or finite differences);
   *  'non-finite', weights, a loss or a gradient that is NaN or infinite; null when nothing did. */
  readonly kind: 'drift' | 'non-finite' | null;
}

const g = (x: number) => x.toExponential(6);

/** A pass's first value that is not finite: its loss, else its gradients in the table's order. */
function firstNonFinite(record: PassRecord, refs: readonly ParamRef[]): { what: string; of: (r: PassRecord) => number } | null {
  if (!Number.isFinite(record.loss)) return { what: 'loss', of: (r) => r.loss };
  const ref = refs.find((p) => !Number.isFinite(gradientAt(record.grads, p)));
  return ref ? { what: `gradient of ${ref.name}`, of: (r) => gradientAt(r.grads, ref) } : null;
}

/** Why the step's weights or passes are not finite, as one line; null when they all are. */
function nonFiniteFailure(step: number, weights: Network, batch: Batch, record: PassRecord, reference: PassRecord, refs: readonly ParamRef[]): string | null {
  const weight = refs.find((p) => !Number.isFinite(parameterArray(weights, p)[p.index]));
  if (weight) {
    return `training diverged by step ${step}: the weights are no longer finite (${weight.name} is ${parameterArray(weights, weight)[weight.index]}); try a smaller --lr`;
  }
  const f64 = firstNonFinite(reference, refs);
  const gpu = record.backend === 'webgpu' ? firstNonFinite(record, refs) : null;
  if (gpu && !f64) {
    // float64 computed the same values: the first that float32 cannot hold is where the GPU's pass overflowed.
    const overflow = float32RangeWarnings(weights, batch, reference).find((w) => w.kind === 'overflow');
    const where = overflow ? `float64 reaches ${overflow.first} = ${overflow.value.toExponential(3)}, past float32's largest finite value 3.403e+38` : 'the float64 pass is finite at the same weights';
    return `step ${step}: float32 overflow on the GPU, not drift: the webgpu ${gpu.what} is ${gpu.of(record)} where float64 gives ${g(gpu.of(reference))}; ${where}`;
  }
  if (f64 && record.backend === 'webgpu' && !gpu) {
    return `step ${step}: the float64 ${f64.what} is ${f64.of(reference)} where webgpu gives ${g(f64.of(record))}: float64 overflows at these (finite) weights, not drift`;
  }
  if (f64) {
    const both = gpu ? ` (webgpu's ${gpu.what}: ${gpu.of(record)})` : '';
    return `step ${step}: the pass is not finite at finite weights: the float64 ${f64.what} is ${f64.of(reference)}${both}; try a smaller --lr`;
  }
  return null;
}

/**
 * `weights` are the weights the step started from; `record` is the trainer's pass of that step on
 * `batch`. For a cpu record the float64 comparison is with itself, so only finite differences can fail.
 */
export function checkTrainingStep(step: number, weights: Network, batch: Batch, record: PassRecord, seed: number, h = DEFAULT_H): StepCheckResult {
  // Weights that are no longer finite are the run's own result, named below as divergence: not refused here.
  const reference = record.backend === 'cpu' && record.layers ? record : float64Pass(weights, batch, null, { scanWeights: false });
  const all = parameterRefs(weights);
  const nonFinite = nonFiniteFailure(step, weights, batch, record, reference, all);
  if (nonFinite) return { checked: { f64: 0, fd: 0, fdJudged: 0 }, failure: nonFinite, kind: 'non-finite' };
  // The gradient table's WebGPU verdict (gradientRows with float32Context): past the tolerance is
  // drift unless float32 rounding of the inputs (f32-input) or float32 arithmetic (f32-cond, not
  // judged) accounts for it. Values that are not finite were named above: float32's range plays no part.
  let f64 = 0;
  let f32Cond = 0;
  if (record.backend === 'webgpu') {
    const gpuRows = gradientRows(weights, reference.grads, null, record.grads, float32Context(weights, batch, reference.grads, record.grads, false));
    f32Cond = gpuRows.filter((r) => r.gpu === 'f32-cond').length;
    f64 = all.length - f32Cond;
    const wrong = gpuRows.find((r) => r.gpu === 'mismatch');
    if (wrong) {
      const tol = F32_TOLERANCE.abs + F32_TOLERANCE.rel * Math.abs(wrong.analytical);
      return {
        checked: { f64, fd: 0, fdJudged: 0, ...(f32Cond > 0 ? { f32Cond } : {}) },
        kind: 'drift',
        failure: `step ${step}: webgpu gradient of ${wrong.name} is ${g(wrong.webgpu!)} but float64 gives ${g(wrong.analytical)} (|diff| ${wrong.gpuDelta!.toExponential(2)} > tolerance ${tol.toExponential(2)})${wrong.f32Untested ? `; ${wrong.f32Untested}` : ''}`,
      };
    }
  }
  const fd = checkGradients(weights, batch, reference, { h, seed: (seed + step) >>> 0 });
  const rows = fd.rows.filter((row) => row !== null);
  const checked = { f64, fd: rows.length, fdJudged: rows.filter(judged).length, ...(f32Cond > 0 ? { f32Cond } : {}) };
  const bad = rows.find((row) => !row.ok);
  if (bad) {
    const estimate = bad.estimate === null ? 'none' : g(bad.estimate);
    return { checked, kind: 'drift', failure: `step ${step}: finite-difference gradient of ${bad.ref.name} is ${estimate} but float64 gives ${g(bad.analytical)} (|diff| ${bad.estimate === null ? '-' : Math.abs(bad.estimate - bad.analytical).toExponential(2)} > tolerance ${bad.tolerance.toExponential(2)})` };
  }
  if (fd.direction && !fd.direction.ok) {
    const d = fd.direction;
    return { checked, kind: 'drift', failure: `step ${step}: the gradient along a random direction (seed ${d.seed}) is ${g(d.analytical)} but finite differences give ${g(d.estimate)} (tolerance ${d.tolerance.toExponential(2)})` };
  }
  return { checked, failure: null, kind: null };
}

/** What the checked steps of a run judged, summed over them (StepCheckResult's counts). */
export interface CheckTally {
  /** Steps checked. */
  readonly steps: number;
  /** Of them, the steps in which nothing could be judged (no WebGPU comparison, every FD row n/a). */
  readonly unjudgedSteps: readonly number[];
  readonly f64: number;
  readonly fd: number;
  readonly fdJudged: number;
  /** WebGPU gradients not judged, f32-cond (only when there were some). */
  readonly f32Cond?: number;
}

export const NO_CHECKS: CheckTally = { steps: 0, unjudgedSteps: [], f64: 0, fd: 0, fdJudged: 0 };

/** `tally` with one more passing step's counts. */
export function tallyStep(tally: CheckTally, step: number, { f64, fd, fdJudged, f32Cond = 0 }: StepCheckResult['checked']): CheckTally {
  const cond = (tally.f32Cond ?? 0) + f32Cond;
  return {
    steps: tally.steps + 1,
    unjudgedSteps: f64 === 0 && fdJudged === 0 ? [...tally.unjudgedSteps, step] : tally.unjudgedSteps,
    f64: tally.f64 + f64,
    fd: tally.fd + fd,
    fdJudged: tally.fdJudged + fdJudged,
    ...(cond > 0 ? { f32Cond: cond } : {}),
  };
}

/** Whether the checks vouch for nothing: steps were checked, and none of them judged anything (the
 *  main command's NOTHING CHECKED rule, src/print/gradient-table.ts allAgree: only judged rows count). */
export function nothingJudged(tally: CheckTally): boolean {
  return tally.steps > 0 && tally.unjudgedSteps.length === tally.steps;
}

/**
 * The checked steps' verdict in one line, saying what was judged and what was not; null when no step
 * was checked. Rows finite differences could not judge (n/a: see fd-check.ts) pass nothing.
 */
export function checkSummaryLine(tally: CheckTally): string | null {
  if (tally.steps === 0) return null;
  const steps = `${tally.steps} step${tally.steps === 1 ? '' : 's'}`;
  const na = tally.fd - tally.fdJudged;
  const fd = `${tally.fdJudged} of ${tally.fd} finite-difference rows judged${na > 0 ? `, ${na} n/a: could not be judged` : ''}`;
  if (nothingJudged(tally)) {
    const cond = tally.f32Cond ? `; webgpu: ${tally.f32Cond} f32-cond, ill-conditioned in float32` : '';
    return `NOTHING CHECKED: none of the gradients of the ${steps} checked could be judged (finite differences: ${tally.fd} rows, all n/a${cond}): no drift found, and no agreement shown either`;
  }
  const cond = tally.f32Cond ? `; ${tally.f32Cond} more f32-cond: ill-conditioned in float32, not judged` : '';
  const against = tally.f64 > 0 || cond ? `float64 (${tally.f64} webgpu gradients${cond}) and finite differences` : 'finite differences';
  const unjudged = tally.unjudgedSteps.length;
  const list = tally.unjudgedSteps.slice(0, 5).join(', ') + (unjudged > 5 ? `, … (${unjudged - 5} more)` : '');
  return `checked the gradients of ${steps} against ${against}: all within tolerance (${fd})${unjudged > 0 ? `; nothing could be judged at step${unjudged === 1 ? '' : 's'} ${list}` : ''}`;
}

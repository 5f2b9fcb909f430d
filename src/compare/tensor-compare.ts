/**
 * cmp, per tensor, for the record-to-record view (`--cmp`, the page's cmp panel): one WebGPU
 * tensor against the float64 reference. The metrics themselves are `compare`'s (metrics.ts: exact /
 * approx / max |diff| / max float32 ULP, after Karpathy's "Backprop Ninja" cmp), at the tolerance
 * the table holds WebGPU to (F32_TOLERANCE, as compare's DEFAULT_TOLERANCE).
 */
import { f32CondSpread } from '../reference/float32-conditioning.js';
import { DEFAULT_TOLERANCE } from './compare.js';
import { compareTensor as compareMetrics } from './metrics.js';
import type { TensorSpec } from './tensors.js';
import { ulpDistanceF32 } from './ulp.js';

export interface TensorComparison {
  /** Name, shape (rows × cols, row-major: an intermediate's row is an example) and kind. */
  readonly spec: TensorSpec;
  readonly name: string;
  /** Number of elements compared. */
  readonly size: number;
  /** Every element equals the float64 value or its float32 rounding (the best a float32 pass can do). */
  readonly exact: boolean;
  /** Every element within |theirs − ours| ≤ atol + rtol·|ours| (DEFAULT_TOLERANCE: F32_TOLERANCE's). */
  readonly approx: boolean;
  /** How many elements are exact, and how many approx. */
  readonly exactCount: number;
  readonly approxCount: number;
  readonly maxAbsDiff: number;
  /**
   * Largest float32 ULP distance over the elements with |f64| ≥ atol (and any NaN, which counts
   * as Infinity); −1 when every element is nearer zero. Near zero float32's steps shrink, so a
   * correct value 1e-12 off is millions of ULPs away: the absolute tolerance judges those instead.
   * Elements that are not judged (f32-cond, f32-range) are left out, as the table leaves such rows
   * out of its worst; −1 too when they are all there is.
   */
  readonly maxUlp: number;
  /** Flat index (row-major) of that element; −1 when there is none. */
  readonly maxUlpAt: number;
  /** Elements left out of maxUlp: |f64| < atol. */
  readonly nearZero: number;
  /**
   * Not approx, but every element past the tolerance is within it of the float64 pass on the
   * float32-rounded inputs and weights (float32-inputs.ts): float32 rounding of the inputs changed
   * these values (a ReLU gate flips), not a kernel error — the gradient table's f32-input. False
   * when approx, when f32Cond, or when no float32 passes were given.
   */
  readonly f32Input: boolean;
  /**
   * Not approx, no element mismatches, and some element past the tolerance is ill-conditioned in
   * float32 (float32-conditioning.ts): float32 arithmetic alone moves it further, so the tensor is
   * f32-cond, not judged (its other elements past the tolerance, if any, are f32-input). False when
   * approx, or when no float32 passes were given.
   */
  readonly f32Cond: boolean;
  /**
   * Not approx, no element mismatches, none is f32-cond, and some element is not finite on WebGPU
   * where float32 cannot hold the pass's values (float32-range.ts warned): the gradient table's
   * f32-range, not judged (its other elements past the tolerance, if any, are f32-input). False when
   * approx, or when no float32 passes were given.
   */
  readonly f32Range: boolean;
  /** Elements judged: within the tolerance, or f32-input (f32-cond and f32-range ones are not judged). */
  readonly judgedCount: number;
}

/**
 * What compareTensor asks about element k of a tensor that is not approx: its value in the
 * f32-input pass, and in each of the float32 conditioning test's records (null: the test is not run).
 */
export interface ElementFloat32 {
  readonly f32Input: (k: number) => number;
  readonly samples: ((k: number) => readonly number[]) | null;
  /** float32-range.ts warned that float32 cannot hold some of this pass's values. */
  readonly range: boolean;
}

const allowedAt = (x: number) => DEFAULT_TOLERANCE.atol + DEFAULT_TOLERANCE.rtol * Math.abs(x);

/**
 * How the elements of theirs past the tolerance are explained, each judged as the gradient table's
 * gpuVerdict judges a row (in its order): f32-input when within the tolerance of the f32-input pass
 * (both finite), else f32-range when not finite and float32-range.ts warned, else f32-cond when the
 * conditioning test says so, else a mismatch. The tensor is a mismatch (null) when one element is;
 * else f32-cond when one element is, f32-range when one element is (not all of it can be judged);
 * else f32-input. `inputs`: how many elements are f32-input; `unjudged`: the f32-cond and f32-range ones.
 */
function explained(
  ours: Float64Array,
  theirs: ArrayLike<number>,
  float32: ElementFloat32,
): { verdict: 'f32-input' | 'f32-cond' | 'f32-range'; inputs: number; unjudged: Set<number> } | null {
  let cond = false;
  let range = false;
  let inputs = 0;
  const unjudged = new Set<number>();
  for (let k = 0; k < ours.length; k++) {
    const allowed = allowedAt(ours[k]);
    // Finite, as metrics.ts's approx: against a float64 ±Infinity the allowed gap is Infinity too.
    if (Number.isFinite(theirs[k]) && Number.isFinite(ours[k]) && Math.abs(theirs[k] - ours[k]) <= allowed) continue;
    const rounded = float32.f32Input(k);
    if (Number.isFinite(theirs[k]) && Number.isFinite(rounded) && Math.abs(theirs[k] - rounded) <= allowedAt(rounded)) {
      inputs++;
      continue;
    }
    // Before the conditioning test, as the table.
    if (!Number.isFinite(theirs[k]) && float32.range) {
      range = true;
      unjudged.add(k);
      continue;
    }
    if (float32.samples === null || f32CondSpread(float32.samples(k), allowed, theirs[k]) === null) return null;
    cond = true;
    unjudged.add(k);
  }
  return { verdict: cond ? 'f32-cond' : range ? 'f32-range' : 'f32-input', inputs, unjudged };
}

/** metrics.ts's largest ULP distance over |f64| ≥ atol, leaving out the elements not judged. */
function judgedMaxUlp(ours: Float64Array, theirs: ArrayLike<number>, unjudged: ReadonlySet<number>): { maxUlp: number; maxUlpAt: number } {
  let maxUlp = -1;
  let maxUlpAt = -1;
  for (let k = 0; k < ours.length; k++) {
    if (unjudged.has(k) || (Math.abs(ours[k]) < DEFAULT_TOLERANCE.atol && !Number.isNaN(theirs[k]))) continue;
    const ulp = ulpDistanceF32(theirs[k], ours[k]);
    if (ulp > maxUlp) [maxUlp, maxUlpAt] = [ulp, k];
  }
  return { maxUlp, maxUlpAt };
}

/**
 * Compare `theirs` (a float32 pass's tensor) with `ours` (float64). Throws when the lengths differ.
 * `float32`, when given, is asked only if the tensor is not approx (so a run that agrees runs no
 * float32 pass): element k in the f32-input pass and the conditioning test's records
 * (float32-inputs.ts's float32Passes).
 */
export function compareTensor(spec: TensorSpec, ours: Float64Array, theirs: ArrayLike<number>, float32?: ElementFloat32): TensorComparison {
  const { name } = spec;
  if (ours.length !== theirs.length) throw new Error(`${name}: ${theirs.length} values to compare with ${ours.length}`);
  const m = compareMetrics(theirs, ours, null, DEFAULT_TOLERANCE);
  const why = m.approx || float32 === undefined ? null : explained(ours, theirs, float32);
  const verdict = why?.verdict ?? null;
  const ulp = why !== null && why.unjudged.size > 0 ? judgedMaxUlp(ours, theirs, why.unjudged) : { maxUlp: m.maxUlpAboveAtol, maxUlpAt: m.maxUlpAboveAtolAt };
  return {
    spec,
    name,
    size: ours.length,
    exact: m.exact,
    approx: m.approx,
    exactCount: m.exactCount,
    approxCount: m.approxCount,
    maxAbsDiff: m.maxAbsDiff,
    maxUlp: ulp.maxUlp,
    maxUlpAt: ulp.maxUlpAt,
    nearZero: m.belowAtol,
    f32Input: verdict === 'f32-input',
    f32Cond: verdict === 'f32-cond',
    f32Range: verdict === 'f32-range',
    judgedCount: m.approxCount + (why?.inputs ?? 0),
  };
}

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
   */
  readonly maxUlp: number;
  /** Flat index (row-major) of that element; −1 when there is none. */
  readonly maxUlpAt: number;
  /** Elements left out of maxUlp: |f64| < atol. */
  readonly nearZero: number;
  /**
   * Not approx, but every element past the tolerance is ill-conditioned in float32
   * (float32-conditioning.ts): float32 arithmetic alone moves it further, so the tensor is f32-cond,
   * not judged. False when approx, or when no float32 samples were given.
   */
  readonly f32Cond: boolean;
}

/** Whether every element of theirs past the tolerance is ill-conditioned in float32; `samples(k)`: element k in each sample record. */
function illConditioned(ours: Float64Array, theirs: ArrayLike<number>, samples: (k: number) => readonly number[]): boolean {
  for (let k = 0; k < ours.length; k++) {
    const allowed = DEFAULT_TOLERANCE.atol + DEFAULT_TOLERANCE.rtol * Math.abs(ours[k]);
    if (Math.abs(theirs[k] - ours[k]) <= allowed) continue;
    if (f32CondSpread(samples(k), allowed, theirs[k]) === null) return false;
  }
  return true;
}

/**
 * Compare `theirs` (a float32 pass's tensor) with `ours` (float64). Throws when the lengths differ.
 * `float32`, when given, is asked only if the tensor is not approx: element k's value in each of the
 * float32 conditioning test's records (float32-inputs.ts's float32Samples).
 */
export function compareTensor(spec: TensorSpec, ours: Float64Array, theirs: ArrayLike<number>, float32?: (k: number) => readonly number[]): TensorComparison {
  const { name } = spec;
  if (ours.length !== theirs.length) throw new Error(`${name}: ${theirs.length} values to compare with ${ours.length}`);
  const m = compareMetrics(theirs, ours, null, DEFAULT_TOLERANCE);
  return {
    spec,
    name,
    size: ours.length,
    exact: m.exact,
    approx: m.approx,
    exactCount: m.exactCount,
    approxCount: m.approxCount,
    maxAbsDiff: m.maxAbsDiff,
    maxUlp: m.maxUlpAboveAtol,
    maxUlpAt: m.maxUlpAboveAtolAt,
    nearZero: m.belowAtol,
    f32Cond: !m.approx && float32 !== undefined && illConditioned(ours, theirs, float32),
  };
}

/**
 * cmp, per tensor, for the record-to-record view (`--cmp`, the page's cmp panel): one WebGPU
 * tensor against the float64 reference with the plain signature (name, ours, theirs). The metrics
 * themselves are `compare`'s (metrics.ts: exact / approx / max |diff| / max float32 ULP, after
 * Karpathy's "Backprop Ninja" cmp), at the tolerance the table holds WebGPU to (F32_TOLERANCE, as compare's DEFAULT_TOLERANCE).
 */
import { DEFAULT_TOLERANCE } from './compare.js';
import { compareTensor as compareMetrics } from './metrics.js';

export interface TensorComparison {
  readonly name: string;
  /** Number of elements compared. */
  readonly size: number;
  /** Every element equals the float64 value or its float32 rounding (the best a float32 pass can do). */
  readonly exact: boolean;
  /** Every element within |theirs − ours| ≤ atol + rtol·|ours| (DEFAULT_TOLERANCE: F32_TOLERANCE's). */
  readonly approx: boolean;
  readonly maxAbsDiff: number;
  /** Largest float32 ULP distance; Infinity when an element is NaN. */
  readonly maxUlp: number;
  /** Index of the element with the largest ULP distance (−1 for an empty tensor). */
  readonly worstIndex: number;
}

/** Compare `theirs` (a float32 pass's tensor) with `ours` (float64). Throws when the lengths differ. */
export function compareTensor(name: string, ours: Float64Array, theirs: ArrayLike<number>): TensorComparison {
  if (ours.length !== theirs.length) throw new Error(`${name}: ${theirs.length} values to compare with ${ours.length}`);
  const m = compareMetrics(theirs, ours, null, DEFAULT_TOLERANCE);
  return { name, size: ours.length, exact: m.exact, approx: m.approx, maxAbsDiff: m.maxAbsDiff, maxUlp: m.maxUlp, worstIndex: ours.length > 0 ? m.maxUlpAt : -1 };
}

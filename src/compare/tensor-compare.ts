/**
 * cmp, per tensor (as in Karpathy's "Backprop Ninja" exercise): how close one tensor is to the
 * float64 reference — exact, approximately equal, the largest absolute difference and the largest
 * distance in float32 ULPs (units in the last place: how many representable float32 values lie
 * between the two). Used for every intermediate of a WebGPU pass against the float64 pass.
 */
import { F32_TOLERANCE } from '../print/gradient-table.js';

export interface TensorComparison {
  readonly name: string;
  /** Number of elements compared. */
  readonly size: number;
  /** Every element equals the float64 value rounded to float32 (the best a float32 pass can do). */
  readonly exact: boolean;
  /** Every element within |theirs − ours| ≤ F32_TOLERANCE.abs + F32_TOLERANCE.rel·|ours| (the table's WebGPU rule). */
  readonly approx: boolean;
  readonly maxAbsDiff: number;
  /** Largest float32 ULP distance between fround(ours) and fround(theirs); Infinity when one side is NaN. */
  readonly maxUlp: number;
  /** Index of the element with the largest ULP distance (−1 for an empty tensor). */
  readonly worstIndex: number;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** A float32's bits mapped to a line where adjacent floats differ by 1 (−0 and +0 both map to 0). */
function ordinal(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  return bits & 0x80000000 ? -(bits & 0x7fffffff) : bits;
}

/** ULPs between two numbers once both are rounded to float32. */
export function ulpDistance32(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ordinal(a) - ordinal(b));
}

/**
 * Compare `theirs` (a float32 pass's tensor) with `ours` (the float64 reference), element by element.
 * Throws when the lengths differ.
 */
export function compareTensor(name: string, ours: Float64Array, theirs: ArrayLike<number>): TensorComparison {
  if (ours.length !== theirs.length) throw new Error(`${name}: ${theirs.length} values to compare with ${ours.length}`);
  let exact = true;
  let approx = true;
  let maxAbsDiff = 0;
  let maxUlp = 0;
  let worstIndex = ours.length > 0 ? 0 : -1;
  for (let i = 0; i < ours.length; i++) {
    const o = ours[i];
    const t = theirs[i];
    const diff = Math.abs(t - o);
    if (!(Math.fround(o) === t || (Number.isNaN(o) && Number.isNaN(t)))) exact = false;
    if (!(diff <= F32_TOLERANCE.abs + F32_TOLERANCE.rel * Math.abs(o))) approx = false;
    if (diff > maxAbsDiff || Number.isNaN(diff)) maxAbsDiff = Number.isNaN(diff) ? NaN : Math.max(maxAbsDiff, diff);
    const ulp = ulpDistance32(o, t);
    if (ulp > maxUlp) {
      maxUlp = ulp;
      worstIndex = i;
    }
  }
  return { name, size: ours.length, exact, approx, maxAbsDiff, maxUlp, worstIndex };
}

/**
 * One tensor of theirs against our float64 value, element by element: Karpathy's cmp columns
 * (exact / approx / max abs diff, from "Building makemore Part 4: Becoming a Backprop Ninja", 2022)
 * plus the largest distance in float32 ULPs and the index of the worst element.
 *
 * - exact: every element is finite and equals our float64 value, or its float32 rounding (what a
 *   correct float32 computation of a single rounded operation would give), whatever the tolerance:
 *   a float64 value past float32's range whose float32 rounding is ±Infinity is not matched by an
 *   Infinity. A float64 tool whose sums round differently (1e-17 off) is not exact; approx is the
 *   verdict (under --atol 0 --rtol 0 a float32 rounding is exact but not approx).
 * - approx: every |theirs − f64| ≤ atol + rtol·|f64| — by default the tolerance the CLI holds its
 *   own float32 WebGPU pass to (F32_TOLERANCE). NaN and ±Infinity never pass.
 * - worst: the element furthest outside (or least inside) that tolerance, by |diff| / allowed.
 */
import { InputError } from '../errors.js';
import { ulpDistanceF32 } from './ulp.js';

export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

export interface TensorComparison {
  readonly exact: boolean;
  readonly approx: boolean;
  /** How many elements are exact, and how many approx (the booleans above: all of them). */
  readonly exactCount: number;
  readonly approxCount: number;
  /** max |theirs − f64|; NaN if any element of theirs is NaN. */
  readonly maxAbsDiff: number;
  /** max float32 ULP distance; Infinity if any element is NaN. */
  readonly maxUlp: number;
  /** Flat index of the element with the largest ULP distance. */
  readonly maxUlpAt: number;
  /**
   * max float32 ULP distance over the elements with |f64| >= atol only (-1 when there are none):
   * nearer zero float32's steps shrink, so a correct value a few 1e-12 off counts as millions of
   * ULPs there, and the absolute tolerance, not the ULP count, is what judges it. A NaN on either
   * side is never left out (its distance is Infinity).
   */
  readonly maxUlpAboveAtol: number;
  /** Flat index of that element (-1 when there is none). */
  readonly maxUlpAboveAtolAt: number;
  /** How many elements were left out of maxUlpAboveAtol: |f64| < atol, both sides numbers. */
  readonly belowAtol: number;
  /** Flat index of the worst element (row-major). */
  readonly worst: number;
  readonly theirsAtWorst: number;
  readonly oursAtWorst: number;
  /**
   * max |theirs − finite differences| over the elements that have an estimate (fdCovered of them);
   * null when the tensor has no finite-difference estimates at all (intermediates, the loss).
   */
  readonly maxAbsDiffFd: number | null;
  /** Elements with a finite-difference estimate (NaN in `fd` means not sampled or no estimate). */
  readonly fdCovered: number;
}

/**
 * One tensor, element by element (both flat, row-major, the same layout).
 * @throws InputError when theirs (or fd) does not have ours' length: the loop runs over ours, so a
 *   longer tensor's extra elements would go unchecked, and a shorter one compare undefined; or when
 *   atol or rtol is not a finite number ≥ 0 (a NaN or negative one fails every element, an infinite
 *   one passes every element: neither is a comparison).
 */
export function compareTensor(theirs: ArrayLike<number>, ours: ArrayLike<number>, fd: ArrayLike<number> | null, tol: Tolerance): TensorComparison {
  if (theirs.length !== ours.length) throw new InputError(`theirs has ${theirs.length} values but ours has ${ours.length}: compare tensors of the same size`);
  if (fd && fd.length !== ours.length) throw new InputError(`the finite-difference estimates have ${fd.length} values but ours has ${ours.length}`);
  for (const [name, value] of [['atol', tol.atol], ['rtol', tol.rtol]] as const) {
    if (!(Number.isFinite(value) && value >= 0)) throw new InputError(`tolerance ${name} is ${String(value)}: give a finite number >= 0`);
  }
  let exactCount = 0;
  let approxCount = 0;
  let belowAtol = 0;
  let maxAbsDiff = 0;
  let maxUlp = 0;
  let maxUlpAt = 0;
  let maxUlpAboveAtol = -1;
  let maxUlpAboveAtolAt = -1;
  let worst = 0;
  let worstRatio = -1;
  let maxAbsDiffFd: number | null = fd ? 0 : null;
  let fdCovered = 0;
  for (let k = 0; k < ours.length; k++) {
    const [t, r] = [theirs[k], ours[k]];
    const diff = Math.abs(t - r);
    const allowed = tol.atol + tol.rtol * Math.abs(r);
    // Both finite, or the element fails: against a float64 ±Infinity the allowed gap is Infinity too,
    // so any finite value of theirs (or the other infinity) would pass. NaN compares false everywhere.
    // An element that fails that way is the worst possible.
    const finite = Number.isFinite(t) && Number.isFinite(r);
    const ratio = finite ? diff / allowed : Infinity;
    // Finite: a float64 value past float32's range rounds to ±Infinity, and an Infinity there
    // (float32 overflow) is not exact. Not tied to the tolerance, which a user may set to 0.
    if (Number.isFinite(t) && (t === r || t === Math.fround(r))) exactCount++;
    if (finite && diff <= allowed) approxCount++;
    maxAbsDiff = Number.isNaN(diff) || Number.isNaN(maxAbsDiff) ? NaN : Math.max(maxAbsDiff, diff);
    const ulp = ulpDistanceF32(t, r);
    if (ulp > maxUlp) [maxUlp, maxUlpAt] = [ulp, k];
    if (Math.abs(r) < tol.atol && !Number.isNaN(t)) belowAtol++;
    else if (ulp > maxUlpAboveAtol) [maxUlpAboveAtol, maxUlpAboveAtolAt] = [ulp, k];
    if (ratio > worstRatio) [worst, worstRatio] = [k, ratio];
    // A NaN estimate is a parameter the check did not sample (or could not estimate): not compared.
    if (fd && maxAbsDiffFd !== null && !Number.isNaN(fd[k])) {
      fdCovered++;
      const dfd = Math.abs(t - fd[k]);
      maxAbsDiffFd = Number.isNaN(dfd) || Number.isNaN(maxAbsDiffFd) ? NaN : Math.max(maxAbsDiffFd, dfd);
    }
  }
  const exact = exactCount === ours.length;
  const approx = approxCount === ours.length;
  return { exact, approx, exactCount, approxCount, maxAbsDiff, maxUlp, maxUlpAt, maxUlpAboveAtol, maxUlpAboveAtolAt, belowAtol, worst, theirsAtWorst: theirs[worst], oursAtWorst: ours[worst], maxAbsDiffFd, fdCovered };
}

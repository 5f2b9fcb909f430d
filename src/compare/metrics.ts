/**
 * One tensor of theirs against our float64 value, element by element: Karpathy's cmp columns
 * (exact / approx / max abs diff, from "Building makemore Part 4: Becoming a Backprop Ninja", 2022)
 * plus the largest distance in float32 ULPs and the index of the worst element.
 *
 * - exact: every element equals our float64 value, or its float32 rounding (what a correct
 *   float32 computation of a single rounded operation would give).
 * - approx: every |theirs − f64| ≤ atol + rtol·|f64| — by default the tolerance the CLI holds its
 *   own float32 WebGPU pass to (F32_TOLERANCE). NaN and ±Infinity never pass.
 * - worst: the element furthest outside (or least inside) that tolerance, by |diff| / allowed.
 */
import { ulpDistanceF32 } from './ulp.js';

export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

export interface TensorComparison {
  readonly exact: boolean;
  readonly approx: boolean;
  /** max |theirs − f64|; NaN if any element of theirs is NaN. */
  readonly maxAbsDiff: number;
  /** max float32 ULP distance; Infinity if any element is NaN. */
  readonly maxUlp: number;
  /** Flat index of the element with the largest ULP distance. */
  readonly maxUlpAt: number;
  /** Flat index of the worst element (row-major). */
  readonly worst: number;
  readonly theirsAtWorst: number;
  readonly oursAtWorst: number;
  /** max |theirs − finite differences|, null when there is no finite-difference estimate (intermediates). */
  readonly maxAbsDiffFd: number | null;
}

export function compareTensor(theirs: ArrayLike<number>, ours: ArrayLike<number>, fd: ArrayLike<number> | null, tol: Tolerance): TensorComparison {
  let exact = true;
  let approx = true;
  let maxAbsDiff = 0;
  let maxUlp = 0;
  let maxUlpAt = 0;
  let worst = 0;
  let worstRatio = -1;
  let maxAbsDiffFd: number | null = fd ? 0 : null;
  for (let k = 0; k < ours.length; k++) {
    const [t, r] = [theirs[k], ours[k]];
    const diff = Math.abs(t - r);
    const allowed = tol.atol + tol.rtol * Math.abs(r);
    // NaN compares false everywhere: count it as the worst possible element.
    const ratio = Number.isNaN(diff) ? Infinity : diff / allowed;
    if (t !== r && t !== Math.fround(r)) exact = false;
    if (!(diff <= allowed)) approx = false;
    maxAbsDiff = Number.isNaN(diff) || Number.isNaN(maxAbsDiff) ? NaN : Math.max(maxAbsDiff, diff);
    const ulp = ulpDistanceF32(t, r);
    if (ulp > maxUlp) [maxUlp, maxUlpAt] = [ulp, k];
    if (ratio > worstRatio) [worst, worstRatio] = [k, ratio];
    if (fd && maxAbsDiffFd !== null) {
      const dfd = Math.abs(t - fd[k]);
      maxAbsDiffFd = Number.isNaN(dfd) || Number.isNaN(maxAbsDiffFd) ? NaN : Math.max(maxAbsDiffFd, dfd);
    }
  }
  return { exact, approx, maxAbsDiff, maxUlp, maxUlpAt, worst, theirsAtWorst: theirs[worst], oursAtWorst: ours[worst], maxAbsDiffFd };
}

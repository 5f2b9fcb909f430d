/**
 * How far a float32 GPU run and the float64 run of the same seed may end apart.
 *
 * Each step's float32 gradient may differ from float64's by up to the gradient table's tolerance
 * (|Δg| ≤ 1e-5 + 1e-4·|g|, src/print/gradient-table.ts), so each update moves a weight up to
 * lr·|Δg| ≈ lr·1e-5 away from where float64 puts it (for the |g| ≲ 0.1 of a run near a minimum).
 * Those differences add up step after step: while the two runs follow the same path the gap grows
 * at most linearly, steps·lr·1e-5 — that is the stated tolerance for every weight and for the final
 * loss. (Near a minimum the dynamics contract and the real gap is far smaller; measured on XOR,
 * 2000 steps at lr 0.5: ~2e-6 in the weights against a tolerance of 1e-2.) A run that passes a
 * saddle or a chaotic stretch — spirals, whose boundary is found by symmetry breaking — can amplify
 * the gap exponentially and end in a different minimum; such runs are compared by their accuracy,
 * not held to this bound.
 */
import { F32_TOLERANCE } from '../print/gradient-table.js';

export function driftTolerance(steps: number, lr: number): number {
  return steps * lr * F32_TOLERANCE.abs;
}

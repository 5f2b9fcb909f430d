/**
 * Gradients against float64 ones: the gate every implementation passes before it is timed, in the
 * CLI's workers and in the page's benchmark alike. Browser-safe (no Node imports).
 */
import type { Gradients } from '../src/record/pass-record.js';

export interface CheckResult {
  /** max |g − ref| over every parameter. */
  readonly maxAbsErr: number;
  /** maxAbsErr / max |ref|: the error relative to the gradient's scale. */
  readonly relErr: number;
  readonly tol: number;
  readonly pass: boolean;
}

/** float32 accumulation over up to 2^20 examples stays well inside 1e-3 of the gradient's scale. */
export const TOLERANCE = { f32: 1e-3, f64: 1e-9 } as const;

export function compareGradients(got: Gradients, ref: Gradients, tol: number): CheckResult {
  let maxAbsErr = 0;
  let scale = 0;
  let shapeOk = got.dW.length === ref.dW.length && got.db.length === ref.db.length;
  const pairs: [ArrayLike<number>, Float64Array][] = [];
  if (shapeOk) {
    ref.dW.forEach((r, l) => pairs.push([got.dW[l], r]));
    ref.db.forEach((r, l) => pairs.push([got.db[l], r]));
  }
  for (const [g, r] of pairs) {
    if (!g || g.length !== r.length) {
      shapeOk = false;
      break;
    }
    for (let i = 0; i < r.length; i++) {
      const d = Math.abs(g[i] - r[i]);
      if (!(d <= maxAbsErr)) maxAbsErr = Number.isNaN(d) ? Infinity : Math.max(maxAbsErr, d);
      scale = Math.max(scale, Math.abs(r[i]));
    }
  }
  if (!shapeOk) return { maxAbsErr: Infinity, relErr: Infinity, tol, pass: false };
  const relErr = maxAbsErr / Math.max(scale, 1e-30);
  return { maxAbsErr, relErr, tol, pass: relErr <= tol };
}

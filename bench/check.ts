/**
 * The correctness gate: every implementation's gradients are compared with float64 ones before the
 * cell is timed. Reference gradients are computed once per (network, batch) by the orchestrator and
 * stored as raw float64 files that the workers read.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Network } from '../src/network/network.js';
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

export function refPath(dir: string, dims: readonly number[], n: number): string {
  return join(dir, `ref-${dims.join('-')}-${n}.f64`);
}

export function writeReference(path: string, grads: Gradients): void {
  const total = [...grads.dW, ...grads.db].reduce((s, a) => s + a.length, 0);
  const flat = new Float64Array(total);
  let o = 0;
  for (const a of [...grads.dW, ...grads.db]) {
    flat.set(a, o);
    o += a.length;
  }
  writeFileSync(path, new Uint8Array(flat.buffer));
}

export function readReference(path: string, network: Network): Gradients | null {
  if (!existsSync(path)) return null;
  const buf = readFileSync(path);
  const flat = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  let o = 0;
  const take = (n: number) => {
    const a = flat.slice(o, o + n);
    o += n;
    return a;
  };
  const dW = network.layers.map((l) => take(l.outDim * l.inDim));
  const db = network.layers.map((l) => take(l.outDim));
  return { dW, db };
}

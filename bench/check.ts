/**
 * The correctness gate: every implementation's gradients are compared with float64 ones before the
 * cell is timed. Reference gradients are computed once per (network, batch) by the orchestrator and
 * stored as raw float64 files that the workers read.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Network } from '../src/network/network.js';
import type { Gradients } from '../src/record/pass-record.js';

export { compareGradients, TOLERANCE, type CheckResult } from './compare.js';

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

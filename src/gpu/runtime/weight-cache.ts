/**
 * Skips re-uploading weights that have not changed since the last run. The check compares every
 * W and b bit for bit against a copy taken at the last upload (−0 and +0 differ, as they do once
 * rounded to float32), so a caller who edits a weight in place is never served stale weights —
 * the page edits weights in place — and a training loop that updates weights on the GPU never
 * pays for an upload. Cost: one pass over the parameters in JS (≈ 0.1 ms for 784-128-10).
 */
import type { Network } from '../../network/network.js';

export class WeightCache {
  private copies: Float64Array[] | null = null;

  /** True when the weights differ from the last call's (or there was none); then remembers them. */
  changed(network: Network): boolean {
    const arrays = network.layers.flatMap((l) => [l.W, l.b]);
    const same = this.copies !== null && this.copies.length === arrays.length && arrays.every((a, k) => bitsEqual(a, this.copies![k]));
    if (same) return false;
    this.copies = arrays.map((a) => Float64Array.from(a));
    return true;
  }

  /** Forget the copies (the GPU buffers they describe were replaced). */
  clear(): void {
    this.copies = null;
  }
}

function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length * 2);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

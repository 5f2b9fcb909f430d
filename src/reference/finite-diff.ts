/**
 * Central finite differences, as the lesson's verify_gradient: nudge one parameter up by h,
 * recompute the loss, nudge it down by h, recompute, divide the difference by 2h.
 */
import { InputError } from '../errors.js';
import { cloneNetwork, type Batch, type Network } from '../network/network.js';
import { parameterArray, parameterRefs } from '../network/parameters.js';
import type { FiniteDiffRecord } from '../record/pass-record.js';
import { lossAt } from './float64-pass.js';

export const DEFAULT_H = 1e-5;

export function checkStep(h: number): void {
  if (!Number.isFinite(h) || h <= 0) throw new InputError(`--h must be a finite number > 0 (got ${h})`);
}

export function finiteDifferences(network: Network, batch: Batch, h: number = DEFAULT_H): FiniteDiffRecord {
  checkStep(h);
  const nudged = cloneNetwork(network); // never touch the caller's network
  const dW = nudged.layers.map((l) => new Float64Array(l.W.length));
  const db = nudged.layers.map((l) => new Float64Array(l.b.length));
  for (const ref of parameterRefs(nudged)) {
    const parameter = parameterArray(nudged, ref);
    const original = parameter[ref.index];
    parameter[ref.index] = original + h;
    const lossPlus = lossAt(nudged, batch);
    parameter[ref.index] = original - h;
    const lossMinus = lossAt(nudged, batch);
    parameter[ref.index] = original;
    (ref.kind === 'W' ? dW : db)[ref.layer][ref.index] = (lossPlus - lossMinus) / (2 * h);
  }
  return { h, grads: { dW, db } };
}

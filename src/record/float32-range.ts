/**
 * Which numbers of a pass float32 cannot hold, found before the WebGPU pass runs: the inputs, the
 * weights and biases, and what the float64 pass computed (pre-activations, dL/da, dL/dz, the
 * gradients) — the WebGPU pass computes the same values in float32. Used by the CLI (a line each,
 * and `warnings` in --json) and callable by the page.
 *
 * float32's limits (IEEE 754 binary32): largest finite 3.4028234663852886e38; smallest normal
 * 1.1754943508222875e-38. Past the largest a value becomes ±Infinity (and then NaN downstream);
 * below the smallest normal it is subnormal, which WGSL allows an implementation to flush to zero;
 * below half the smallest subnormal (1.401298464324817e-45 = 2^-149) a non-zero value rounds to 0
 * outright (it underflows), on every implementation.
 */
import type { Batch, Network } from '../network/network.js';
import type { PassRecord } from './pass-record.js';

export const F32_MAX = 3.4028234663852886e38;
export const F32_MIN_NORMAL = 1.1754943508222875e-38;
export const F32_MIN_SUBNORMAL = 1.401298464324817e-45;
/** float32's unit roundoff u = 2^-24: a correctly rounded float32 result lies within u·|x| of x, and one
 *  ULP of a normal x is at most 2u·|x| (IEEE 754 binary32; Higham, Accuracy and Stability, §2.1). */
export const F32_UNIT_ROUNDOFF = 2 ** -24;

export interface Float32Warning {
  readonly kind: 'overflow' | 'subnormal' | 'underflow';
  /** The first offending value, named as the trace names it (e.g. "W1[0][1]", "z2[example 3][0]"). */
  readonly first: string;
  readonly value: number;
  /** How many values of this kind there are. */
  readonly count: number;
  /** One line for the user. */
  readonly message: string;
}

interface Tensor {
  readonly name: string;
  readonly values: ArrayLike<number>;
  /** Row width for two-index names (0: one index). */
  readonly width: number;
  /** Whether rows are examples (named "[example n][i]"). */
  readonly perExample: boolean;
}

function tensors(network: Network, batch: Batch, record: PassRecord | null): Tensor[] {
  const list: Tensor[] = [{ name: 'inputs', values: batch.inputs, width: batch.inDim, perExample: true }];
  network.layers.forEach((l, k) => {
    list.push({ name: `W${k + 1}`, values: l.W, width: l.inDim, perExample: false }, { name: `b${k + 1}`, values: l.b, width: 0, perExample: false });
  });
  record?.layers?.forEach((l, k) => {
    const width = network.layers[k].outDim;
    list.push({ name: `z${k + 1}`, values: l.z, width, perExample: true });
    if (l.da) list.push({ name: `dL/da${k + 1}`, values: l.da, width, perExample: true });
    list.push({ name: `dL/dz${k + 1}`, values: l.dz, width, perExample: true });
  });
  record?.grads.dW.forEach((g, k) => list.push({ name: `dL/dW${k + 1}`, values: g, width: network.layers[k].inDim, perExample: false }));
  record?.grads.db.forEach((g, k) => list.push({ name: `dL/db${k + 1}`, values: g, width: 0, perExample: false }));
  return list;
}

function nameAt(t: Tensor, i: number): string {
  if (t.width === 0) return `${t.name}[${i}]`;
  const row = Math.floor(i / t.width);
  return t.perExample ? `${t.name}[example ${row}][${i % t.width}]` : `${t.name}[${row}][${i % t.width}]`;
}

/** The float32 range problems of a network, batch and (optionally) its float64 record; [] when none. */
export function float32RangeWarnings(network: Network, batch: Batch, record: PassRecord | null): Float32Warning[] {
  const found = { overflow: { count: 0, first: '', value: 0 }, subnormal: { count: 0, first: '', value: 0 }, underflow: { count: 0, first: '', value: 0 } };
  for (const t of tensors(network, batch, record)) {
    const v = t.values;
    for (let i = 0; i < v.length; i++) {
      const a = Math.abs(v[i]);
      // Math.fround is float32's own rounding: a non-zero value it takes to 0 underflows. NaN fails
      // every comparison, so it is let through by name: float32 holds NaN, it is no range problem.
      const kind = a > F32_MAX ? 'overflow' : a === 0 || a >= F32_MIN_NORMAL || Number.isNaN(a) ? null : Math.fround(a) === 0 ? 'underflow' : 'subnormal';
      if (!kind) continue;
      const f = found[kind];
      if (f.count++ === 0) {
        f.first = nameAt(t, i);
        f.value = v[i];
      }
    }
  }
  const out: Float32Warning[] = [];
  const { overflow, subnormal, underflow } = found;
  const others = (n: number) => (n > 1 ? ` (${n} values in all)` : '');
  if (overflow.count > 0) {
    out.push({
      kind: 'overflow',
      ...overflow,
      message: `${overflow.first} = ${overflow.value.toExponential(3)} overflows float32 (largest 3.403e+38)${others(overflow.count)}: on WebGPU it becomes infinite, so WebGPU's numbers from there on are Infinity or NaN, not errors of the kernels`,
    });
  }
  if (subnormal.count > 0) {
    out.push({
      kind: 'subnormal',
      ...subnormal,
      message: `${subnormal.first} = ${subnormal.value.toExponential(3)} is subnormal in float32 (below 1.175e-38)${others(subnormal.count)}: WebGPU may flush it to zero, so WebGPU's numbers there can differ from float64 by more than the tolerance`,
    });
  }
  if (underflow.count > 0) {
    out.push({
      kind: 'underflow',
      ...underflow,
      message: `${underflow.first} = ${underflow.value.toExponential(3)} underflows to 0 in float32 (smallest subnormal 1.401e-45)${others(underflow.count)}: on WebGPU it is 0, so WebGPU's numbers there can differ from float64 by more than the tolerance`,
    });
  }
  return out;
}

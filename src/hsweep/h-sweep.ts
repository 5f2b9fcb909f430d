/**
 * The h sweep: the lesson ends on why h = 1e-5. A central difference's error has two parts — the
 * truncation error, which falls as h² (the Taylor remainder f'''·h²/6), and the round-off error,
 * which grows as ε·|L|/h (the loss is known to ε·|L|, and the difference of two such values is
 * divided by 2h). This measures |fd − analytical| for one parameter at h = 1e-1 … 1e-12 in float64
 * and in float32, and draws both asymptotes so the best h shows where they cross.
 */
import { cloneNetwork, type Batch, type Network } from '../network/network.js';
import { parameterArray, parameterRefs, type ParamRef } from '../network/parameters.js';
import { InputError } from '../errors.js';
import { lossAt } from '../reference/float64-pass.js';
import { lossAt32 } from './loss32.js';

/** h = 10^-1, 10^-1.5, … 10^-12: half-decades, 23 points. */
export const SWEEP_HS: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** (-1 - k / 2));
/** Machine epsilon (the gap above 1) of float64 and float32. */
export const EPS64 = 2 ** -52;
export const EPS32 = 2 ** -23;

export interface SweepCurve {
  readonly precision: 'float64' | 'float32';
  /** Where the float32 losses came from: the WebGPU kernel, or float32 arithmetic on the CPU. */
  readonly source: string;
  /** Finite-difference estimate at each h of SWEEP_HS. */
  readonly fd: readonly number[];
  /** |fd − analytical| at each h. */
  readonly error: readonly number[];
  /** The h with the smallest error. */
  readonly bestH: number;
  /** Round-off asymptote ε·|L|/h at each h. */
  readonly roundoff: readonly number[];
}

export interface HSweep {
  readonly param: string;
  readonly analytical: number;
  readonly loss: number;
  readonly hs: readonly number[];
  /** Truncation asymptote C·h² at each h, C fitted at the largest h (float64). */
  readonly truncation: readonly number[];
  readonly curves: readonly SweepCurve[];
}

/** The parameter named `name` ("W1[0][1]", "b2[0]"), or an InputError naming the choices. */
export function findParam(network: Network, name: string): ParamRef {
  const refs = parameterRefs(network);
  const ref = refs.find((r) => r.name === name.replace(/\s+/g, ''));
  if (!ref) throw new InputError(`--h-sweep: no parameter "${name}" in this network (parameters are ${refs[0].name} … ${refs[refs.length - 1].name})`);
  return ref;
}

/** Central differences of `loss` in the parameter at every h: (L(θ+h) − L(θ−h)) / 2h. */
function central(network: Network, batch: Batch, ref: ParamRef, loss: (n: Network, b: Batch) => number): number[] {
  const copy = cloneNetwork(network);
  const values = parameterArray(copy, ref);
  const theta = values[ref.index];
  return SWEEP_HS.map((h) => {
    values[ref.index] = theta + h;
    const plus = loss(copy, batch);
    values[ref.index] = theta - h;
    const minus = loss(copy, batch);
    values[ref.index] = theta;
    return (plus - minus) / (2 * h);
  });
}

export function curveOf(precision: SweepCurve['precision'], source: string, fd: readonly number[], analytical: number, loss: number): SweepCurve {
  const error = fd.map((v) => Math.abs(v - analytical));
  let best = 0;
  error.forEach((e, k) => {
    if (e < error[best] || Number.isNaN(error[best])) best = k;
  });
  const eps = precision === 'float64' ? EPS64 : EPS32;
  return { precision, source, fd, error, bestH: SWEEP_HS[best], roundoff: SWEEP_HS.map((h) => (eps * Math.abs(loss)) / h) };
}

/**
 * The sweep for one parameter. `float32` gives the float32 finite differences when a GPU computed
 * them (one batched dispatch, see src/gpu/sweep/nudged-losses.ts); without it they come from float32
 * arithmetic on the CPU.
 */
export function hSweep(network: Network, batch: Batch, ref: ParamRef, analytical: number, float32?: { fd: readonly number[]; source: string }): HSweep {
  const loss = lossAt(network, batch);
  const fd64 = central(network, batch, ref, lossAt);
  const f64 = curveOf('float64', 'float64 on the CPU', fd64, analytical, loss);
  const f32 = float32 ? curveOf('float32', float32.source, float32.fd, analytical, loss) : curveOf('float32', 'float32 arithmetic on the CPU', central(network, batch, ref, lossAt32), analytical, loss);
  // Truncation: error ≈ C·h² where round-off is negligible, so fit C at the largest h.
  const C = f64.error[0] / SWEEP_HS[0] ** 2;
  return { param: ref.name, analytical, loss, hs: SWEEP_HS, truncation: SWEEP_HS.map((h) => C * h * h), curves: [f64, f32] };
}

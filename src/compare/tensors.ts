/**
 * The tensors `compare` knows, named as it prints them, in the order the pass computes them:
 * forward (z1, a1, …, zL, aL, loss), then backward from the loss down (dzL, dWL, dbL, daL−1,
 * dadzL−1, dzL−1, dWL−1, …). "The first tensor that fails" in that order is where a bug starts:
 * a missing ReLU mask shows first in dz_l, and only then in dW_l and db_l.
 *
 * Layouts (row-major): dW_l is out × in (W_l's own layout), db_l has out entries, and every
 * intermediate is N × width (row n is example n). Our values come from a PassRecord and a
 * FiniteDiffRecord; nothing here recomputes a pass.
 */
import type { Network } from '../network/network.js';
import type { FiniteDiffRecord, PassRecord } from '../record/pass-record.js';

export type IntermediateKind = 'z' | 'a' | 'dadz' | 'da' | 'dz';

export interface TensorSpec {
  /** As printed and as an .npz key: z1, a1, dadz1, da1, dz1, dW1, db1, loss. */
  readonly name: string;
  /** rows × cols ([1, 1] for the loss; [1, out] for a bias). */
  readonly shape: readonly [number, number];
  /** Whether the shape is printed as a vector (biases), a matrix, or a scalar (loss). */
  readonly rank: 0 | 1 | 2;
  readonly kind: IntermediateKind | 'dW' | 'db' | 'loss';
  /** 0-based layer. */
  readonly layer: number;
}

/** Every tensor of the network's pass, in computation order (see the module note). */
export function tensorOrder(network: Network, batchSize: number): TensorSpec[] {
  const L = network.layers.length;
  const specs: TensorSpec[] = [];
  const act = (kind: IntermediateKind, l: number): TensorSpec => ({ name: `${kind}${l + 1}`, shape: [batchSize, network.layers[l].outDim], rank: 2, kind, layer: l });
  for (let l = 0; l < L; l++) specs.push(act('z', l), act('a', l));
  specs.push({ name: 'loss', shape: [1, 1], rank: 0, kind: 'loss', layer: L - 1 });
  for (let l = L - 1; l >= 0; l--) {
    const { outDim, inDim } = network.layers[l];
    if (l < L - 1) specs.push(act('da', l), act('dadz', l));
    specs.push(act('dz', l));
    specs.push({ name: `dW${l + 1}`, shape: [outDim, inDim], rank: 2, kind: 'dW', layer: l });
    specs.push({ name: `db${l + 1}`, shape: [1, outDim], rank: 1, kind: 'db', layer: l });
  }
  return specs;
}

/** Our float64 value of a tensor (flat, row-major). */
export function ourTensor(spec: TensorSpec, record: PassRecord): Float64Array {
  if (spec.kind === 'loss') return Float64Array.of(record.loss);
  if (spec.kind === 'dW') return record.grads.dW[spec.layer];
  if (spec.kind === 'db') return record.grads.db[spec.layer];
  const layer = record.layers?.[spec.layer];
  if (!layer) throw new Error(`the ${record.backend} pass kept no intermediates`);
  const values = spec.kind === 'dadz' ? layer.local : layer[spec.kind];
  if (!values) throw new Error(`${spec.name} is not defined for the output layer`);
  return values;
}

/** The finite-difference estimate of a parameter gradient, null for anything else. */
export function finiteDiffTensor(spec: TensorSpec, fd: FiniteDiffRecord): Float64Array | null {
  if (spec.kind === 'dW') return fd.grads.dW[spec.layer];
  if (spec.kind === 'db') return fd.grads.db[spec.layer];
  return null;
}

/** An element's coordinates: [row, col] for a matrix (an intermediate's row is an example), [i] for a vector, [] for a scalar. */
export function coordinates(spec: Pick<TensorSpec, 'shape' | 'rank'>, flat: number): number[] {
  if (spec.rank === 0) return [];
  if (spec.rank === 1) return [flat];
  return [Math.floor(flat / spec.shape[1]), flat % spec.shape[1]];
}

/** An element's index as written in the tensor's name: [i][j] for a matrix, [i] for a vector. */
export function indexText(spec: Pick<TensorSpec, 'shape' | 'rank'>, flat: number): string {
  return coordinates(spec, flat)
    .map((c) => `[${c}]`)
    .join('');
}

/** Whether a tensor's rows are the batch's examples (every intermediate: z, a, dadz, da, dz). */
export function isPerExample(spec: Pick<TensorSpec, 'kind'>): boolean {
  return spec.kind === 'z' || spec.kind === 'a' || spec.kind === 'dadz' || spec.kind === 'da' || spec.kind === 'dz';
}

/**
 * An element named in full, as the trace's float32 warnings name it: `dW1[2][0]` (row = unit,
 * column = input, the gradient table's `W1[2][0]`), `db1[1]`, `z1[example 3][1]` (a row of an
 * intermediate is an example, its column a unit), and the bare name for a scalar (`loss`).
 */
export function elementName(spec: Pick<TensorSpec, 'name' | 'shape' | 'rank' | 'kind'>, flat: number): string {
  return `${spec.name}${elementIndex(spec, flat)}`;
}

/** elementName without the tensor's name: `[2][0]`, `[example 3][1]`, '' for a scalar. */
export function elementIndex(spec: Pick<TensorSpec, 'shape' | 'rank' | 'kind'>, flat: number): string {
  if (spec.rank === 2 && isPerExample(spec)) {
    const [n, i] = coordinates(spec, flat);
    return `[example ${n}][${i}]`;
  }
  return indexText(spec, flat);
}

/** The shape as a list: [rows, cols] for a matrix, [n] for a vector, [] for a scalar. */
export function shapeList(spec: Pick<TensorSpec, 'shape' | 'rank'>): number[] {
  return spec.rank === 0 ? [] : spec.rank === 1 ? [spec.shape[1]] : [...spec.shape];
}

export function shapeText(spec: Pick<TensorSpec, 'shape' | 'rank'>): string {
  return spec.rank === 0 ? 'scalar' : spec.rank === 1 ? `${spec.shape[1]}` : `${spec.shape[0]}x${spec.shape[1]}`;
}

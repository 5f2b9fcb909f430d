/**
 * Reading someone else's gradients (schemas/gradients.schema.json, or the same tensors in a .npz)
 * into flat row-major arrays keyed by the names `compare` prints, checked against the shapes our
 * network and batch give. Malformed input throws InputError naming the key and index; a NaN or
 * ±Infinity value is data (it is compared, and fails), not malformed input.
 */
import { InputError } from '../errors.js';
import { quote } from '../text/quote.js';
import { describe } from '../network/network-file.js';
import type { NpyArray } from '../npz/npz.js';
import { shapeText, type TensorSpec } from './tensors.js';

/** One tensor as they gave it: flat values (row-major) and the shape they said it has. */
export interface RawTensor {
  readonly name: string;
  /** Where it came from, for messages: `grads.W1`, `intermediates[0].z`, `dW1 (npz)`. */
  readonly where: string;
  readonly shape: readonly number[];
  readonly values: Float64Array;
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const INTERMEDIATE_FIELDS = ['z', 'a', 'dadz', 'da', 'dz'] as const;

function fail(message: string): never {
  throw new InputError(message);
}

function value(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v in NON_FINITE) return NON_FINITE[v];
  fail(`${where} is not a number (got ${describe(v)}; non-finite values are written "NaN", "Infinity", "-Infinity")`);
}

/** A JSON vector or matrix (nested rows) as a RawTensor. */
function jsonTensor(name: string, doc: unknown, where: string): RawTensor {
  if (!Array.isArray(doc) || doc.length === 0) fail(`${where} must be a non-empty array (got ${describe(doc)})`);
  if (!Array.isArray(doc[0])) return { name, where, shape: [doc.length], values: Float64Array.from(doc, (v, i) => value(v, `${where}[${i}]`)) };
  const cols = (doc[0] as unknown[]).length;
  if (cols === 0) fail(`${where}[0] is empty`);
  const values = new Float64Array(doc.length * cols);
  doc.forEach((row, i) => {
    if (!Array.isArray(row)) fail(`${where}[${i}] must be a row of numbers (got ${describe(row)})`);
    if (row.length !== cols) fail(`${where} row ${i} has ${row.length} entries but row 0 has ${cols} (ragged rows)`);
    row.forEach((v, j) => (values[i * cols + j] = value(v, `${where}[${i}][${j}]`)));
  });
  return { name, where, shape: [doc.length, cols], values };
}

/**
 * The gradients document (parsed JSON) as RawTensors named dW1, db1, z1, …, loss.
 * @param layers the network's layer count, when known: an `intermediates` entry past it is refused
 *   even when it holds nothing (an empty `{}` would otherwise pass unseen).
 */
export function tensorsFromJson(doc: unknown, layers?: number): RawTensor[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail(`the file must hold a JSON object with "grads" (got ${describe(doc)})`);
  const record = doc as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['grads', 'intermediates', 'loss', 'source', '$schema'].includes(key)) fail(`unknown key ${quote(key)} (expected grads, and optionally intermediates, loss, source)`);
  }
  if (!('grads' in record)) fail('missing key "grads" (an object with W1, b1, … holding dL/dW1, dL/db1, …)');
  const grads = record.grads;
  if (grads === null || typeof grads !== 'object' || Array.isArray(grads)) fail(`grads must be an object with keys W1, b1, … (got ${describe(grads)})`);
  const out: RawTensor[] = [];
  for (const [key, tensor] of Object.entries(grads as Record<string, unknown>)) {
    if (!/^[Wb][1-9]\d*$/.test(key)) fail(`unknown key ${quote(`grads.${key}`)} (expected W1, b1, …, WL, bL)`);
    out.push(jsonTensor(`d${key}`, tensor, `grads.${key}`));
  }
  if ('loss' in record) out.push({ name: 'loss', where: 'loss', shape: [], values: Float64Array.of(value(record.loss, 'loss')) });
  if ('intermediates' in record) {
    const entries = record.intermediates;
    if (!Array.isArray(entries)) fail(`intermediates must be an array with one object per layer (got ${describe(entries)})`);
    if (layers !== undefined && entries.length > layers) {
      fail(`intermediates[${layers}]: the network has no layer ${layers + 1} (it has ${layers} layers, so intermediates has at most ${layers} entries)`);
    }
    entries.forEach((layer, l) => {
      const where = `intermediates[${l}]`;
      if (layer === null || typeof layer !== 'object' || Array.isArray(layer)) fail(`${where} must be an object with z, a, dadz, da, dz (got ${describe(layer)})`);
      for (const [field, tensor] of Object.entries(layer as Record<string, unknown>)) {
        if (!(INTERMEDIATE_FIELDS as readonly string[]).includes(field)) fail(`unknown key ${quote(`${where}.${field}`)} (expected z, a, dadz, da, dz)`);
        if (tensor === null) continue; // the output layer's dadz and da, as --json writes them
        out.push(jsonTensor(`${field}${l + 1}`, tensor, `${where}.${field}`));
      }
    });
  }
  return out;
}

/** Arrays from a .npz (keys dW1, db1, z1, a1, dadz1, da1, dz1, loss) as RawTensors. */
export function tensorsFromNpz(arrays: ReadonlyMap<string, NpyArray>): RawTensor[] {
  return [...arrays].map(([name, array]) => {
    if (!/^(d[Wb]|z|a|dadz|da|dz)[1-9]\d*$/.test(name) && name !== 'loss') {
      fail(`unknown array ${JSON.stringify(name)} in the .npz (expected dW1, db1, …, and optionally z1, a1, dadz1, da1, dz1, …, loss)`);
    }
    return { name, where: `${name} (npz)`, shape: array.shape, values: array.values };
  });
}

/** Whether `shape` (as given) fits `spec`: a matrix as rows × cols, a bias as a vector, the loss as a scalar. */
function fits(shape: readonly number[], spec: TensorSpec): boolean {
  const [rows, cols] = spec.shape;
  if (spec.rank === 0) return shape.length === 0 || (shape.length === 1 && shape[0] === 1);
  if (spec.rank === 1) return shape.length === 1 && shape[0] === cols;
  // One example's intermediates may come as a plain vector.
  return (shape.length === 2 && shape[0] === rows && shape[1] === cols) || (rows === 1 && shape.length === 1 && shape[0] === cols);
}

/**
 * Their tensors matched to ours by name, shapes checked, in our computation order.
 * @throws InputError for a name we do not have, a duplicate, a wrong shape, or a missing dW/db.
 */
export function matchTensors(theirs: readonly RawTensor[], specs: readonly TensorSpec[]): { spec: TensorSpec; values: Float64Array }[] {
  const byName = new Map<string, RawTensor>();
  for (const tensor of theirs) {
    const spec = specs.find((s) => s.name === tensor.name);
    if (!spec) {
      const layers = specs.filter((s) => s.kind === 'dW').length;
      fail(`${tensor.where}: the network has no ${tensor.name} (it has ${layers} layers${/^(dadz|da)\d+$/.test(tensor.name) ? `; the output layer has no ${tensor.name.replace(/\d+$/, '')}` : ''})`);
    }
    if (byName.has(tensor.name)) fail(`${tensor.where}: ${tensor.name} is given twice`);
    if (!fits(tensor.shape, spec)) {
      const got = tensor.shape.length === 0 ? 'a scalar' : tensor.shape.join('x');
      const transposed = spec.kind === 'dW' && tensor.shape.length === 2 && tensor.shape[0] === spec.shape[1] && tensor.shape[1] === spec.shape[0];
      const hint = transposed
        ? ` — transposed? dW is out x in, the layout of W (PyTorch's Linear.weight.grad is already out x in; JAX/Flax's and TensorFlow's Dense kernel is in x out: transpose it)`
        : '';
      fail(`${tensor.where}: ${tensor.name} is ${got} but ours is ${shapeText(spec)}${spec.kind === 'dW' ? ' (out x in)' : spec.rank === 2 ? ' (examples x units)' : ''}${hint}`);
    }
    byName.set(tensor.name, tensor);
  }
  // Named in parameter order (dW1, db1, dW2, …), not the backward order the specs come in.
  const order = (name: string) => 2 * Number(/\d+$/.exec(name)![0]) + (name.startsWith('db') ? 1 : 0);
  const missing = specs
    .filter((spec) => (spec.kind === 'dW' || spec.kind === 'db') && !byName.has(spec.name))
    .map((spec) => spec.name)
    .sort((a, b) => order(a) - order(b));
  if (missing.length > 0) {
    const names = missing.slice(0, 6).join(', ') + (missing.length > 6 ? `, … (${missing.length - 6} more)` : '');
    fail(`missing ${names} (every parameter gradient dW1, db1, … of the network must be given)`);
  }
  return specs.filter((s) => byName.has(s.name)).map((spec) => ({ spec, values: byName.get(spec.name)!.values }));
}

/**
 * The shape rules every pass needs before it reads a network and a batch: the float64 reference
 * (float64Pass), the WebGPU engine and the GPU trainer all call this one function, so a
 * wrong-shaped batch is refused the same way everywhere instead of being read out of bounds
 * (NaN or silently wrong numbers), and a NaN or infinite weight, bias or input is refused instead
 * of being hidden (relu turns a NaN input into 0 and a finite loss). The network file parser enforces
 * the same rules on files (src/network/network-file.ts); this guards callers that build a Network and
 * Batch themselves.
 */
import { InputError } from '../errors.js';
import { ACTIVATION_NAMES, isActivationName } from '../ops/activations.js';
import { quote } from '../text/quote.js';
import type { Batch, Network } from './network.js';

/** A batch whose inputs may be float64 or float32 (the engine's GpuBatch): only the shapes matter here. */
export type ShapedBatch = Omit<Batch, 'inputs'> & { readonly inputs: ArrayLike<number> };

export interface ShapeCheckOptions {
  /** Scan the batch's labels and inputs (default true); false for a batch already checked and
   *  promised unchanged (the engine's batchUnchanged runs), or one whose non-finite inputs are the
   *  point (a float32 rounding that overflowed). */
  readonly scanBatch?: boolean;
  /** Refuse non-finite weights and biases (default true); false only where they are a result the
   *  caller reports itself: a diverged training run's weights, a float32 rounding that overflowed. */
  readonly scanWeights?: boolean;
}

/** A non-finite value in W (outDim × inDim, row-major) or b as "W1[0][1]", "b2[0]"; null when all are finite. */
function nonFiniteParameter(values: ArrayLike<number>, name: string, inDim: number | null): string | null {
  for (let k = 0; k < values.length; k++) {
    // v - v is 0 for every finite v and NaN for NaN and ±Infinity: one subtraction, no call.
    if (values[k] - values[k] !== 0) return `${name}${inDim === null ? `[${k}]` : `[${Math.floor(k / inDim)}][${k % inDim}]`} is ${values[k]}`;
  }
  return null;
}

/** A layer's dimension, which counts units: a whole number >= 1. @throws InputError naming the dimension. */
function checkDim(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new InputError(`${what} must be a whole number >= 1 (got ${value})`);
}

/**
 * Checks that `batch` fits `network`: inputs N × inDim with inDim the network's input width (W1's
 * columns), N labels each a class index below the output layer's width, and every layer's W
 * (outDim × inDim, whole numbers >= 1) and b (outDim) the size its dims say, each layer taking what
 * the one below gives; that every hidden layer's activation, when given, is one of the op table's
 * (relu, sigmoid, tanh); and that every weight, bias and input is finite.
 * Cost: O(N·inDim + parameters), far below the pass it guards: the value scans are one multiply-add
 * per element (a batch of 2^20 examples × 2 float32 inputs, labels and inputs together:
 * ~1.3 ms on this project's 2-core CPU machine under Node 20; see the scans below).
 * `scanBatch: false` skips the O(N·inDim) label and input scans for a batch already checked and
 * promised unchanged (the engine's batchUnchanged runs); `scanWeights: false` skips the weight scan.
 * @throws InputError, one line naming what was expected and what was given, or the first non-finite
 *   element (`W1[0][1] is Infinity`, `batch input [example 0][0] is NaN`).
 */
export function checkShapes(network: Network, batch: ShapedBatch, { scanBatch = true, scanWeights = true }: ShapeCheckOptions = {}): void {
  const { layers } = network;
  if (layers.length === 0) throw new InputError('network has no layers');
  layers.forEach((l, i) => {
    const name = i + 1;
    checkDim(l.outDim, `layer ${name}'s width (outDim)`);
    checkDim(l.inDim, `layer ${name}'s input width (inDim)`);
    if (i > 0 && l.inDim !== layers[i - 1].outDim) throw new InputError(`layer ${name} takes ${l.inDim} inputs but layer ${i} gives ${layers[i - 1].outDim}`);
    if (l.W.length !== l.outDim * l.inDim) throw new InputError(`W${name} has ${l.W.length} values but is ${l.outDim} × ${l.inDim} (${l.outDim * l.inDim})`);
    if (l.b.length !== l.outDim) throw new InputError(`b${name} has ${l.b.length} values but layer ${name} has ${l.outDim} units`);
    // A caller in plain JavaScript can pass any string; the passes would fail on a missing op-table entry.
    if (i < layers.length - 1 && l.activation !== undefined && !isActivationName(l.activation)) {
      throw new InputError(`layer ${name}'s activation ${quote(String(l.activation))} is not one of ${ACTIVATION_NAMES.join(', ')}`);
    }
    const bad = scanWeights ? (nonFiniteParameter(l.W, `W${name}`, l.inDim) ?? nonFiniteParameter(l.b, `b${name}`, null)) : null;
    if (bad) throw new InputError(bad);
  });
  if (!Number.isInteger(batch.size) || batch.size < 1) throw new InputError(`batch size must be a whole number >= 1 (got ${batch.size})`);
  const inDim = layers[0].inDim;
  if (batch.inDim !== inDim) throw new InputError(`batch is ${batch.inDim} wide but the network takes ${inDim} inputs (W1 has ${inDim} columns)`);
  if (batch.inputs.length !== batch.size * inDim) {
    throw new InputError(`batch inputs has ${batch.inputs.length} values but ${batch.size} examples × ${inDim} inputs need ${batch.size * inDim}`);
  }
  const classes = layers[layers.length - 1].outDim;
  if (batch.classes !== classes) throw new InputError(`batch has ${batch.classes} classes but the network has ${classes} outputs`);
  if (batch.labels.length !== batch.size) throw new InputError(`batch has ${batch.labels.length} labels but ${batch.size} examples`);
  if (!scanBatch) return;
  const badLabel = firstBadLabel(batch.labels, batch.size, classes);
  if (badLabel >= 0) {
    const label = batch.labels[badLabel];
    throw new InputError(`batch label ${badLabel} is ${label}, not a class index of the network's ${classes} outputs (0..${classes - 1})`);
  }
  const { inputs } = batch;
  const k = firstNonFinite(inputs);
  if (k >= 0) throw new InputError(`batch input [example ${Math.floor(k / inDim)}][${k % inDim}] is ${inputs[k]}`);
}

// The scans run on every engine run (2^20 examples: ~3 M values), so they are written for speed:
// each array type gets its own loop (one loop over Float32Array, Float64Array and plain arrays is
// polymorphic in V8 and several times slower), and the common case — nothing wrong — is decided by
// four independent running sums of x·0 (NaN for a NaN or ±Infinity, 0 otherwise) and four running
// maxima, which V8 pipelines; only a batch that fails is scanned again for the first bad index.
// Measured at 2^20 × 2 float32 inputs: 0.64 ms against 1.5 ms for one compare per element.

/** Index of the first label that is not a class index below `classes`, or −1. */
function firstBadLabel(labels: ArrayLike<number>, size: number, classes: number): number {
  if (labels instanceof Uint32Array && maxOf(labels) < classes) return -1;
  for (let n = 0; n < size; n++) {
    const label = labels[n];
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) return n;
  }
  return -1;
}

function maxOf(labels: Uint32Array): number {
  let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
  const n4 = labels.length & ~3;
  for (let n = 0; n < n4; n += 4) {
    const a = labels[n], b = labels[n + 1], c = labels[n + 2], d = labels[n + 3];
    m0 = a > m0 ? a : m0;
    m1 = b > m1 ? b : m1;
    m2 = c > m2 ? c : m2;
    m3 = d > m3 ? d : m3;
  }
  for (let n = n4; n < labels.length; n++) m0 = labels[n] > m0 ? labels[n] : m0;
  return Math.max(m0, m1, m2, m3);
}

/** Index of the first NaN or ±Infinity in `values`, or −1. */
function firstNonFinite(values: ArrayLike<number>): number {
  if (values instanceof Float32Array ? allFinite32(values) : values instanceof Float64Array ? allFinite64(values) : false) return -1;
  for (let k = 0; k < values.length; k++) if (values[k] - values[k] !== 0) return k;
  return -1;
}

function allFinite32(v: Float32Array): boolean {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  const n4 = v.length & ~3;
  for (let k = 0; k < n4; k += 4) {
    a0 += v[k] * 0;
    a1 += v[k + 1] * 0;
    a2 += v[k + 2] * 0;
    a3 += v[k + 3] * 0;
  }
  for (let k = n4; k < v.length; k++) a0 += v[k] * 0;
  return a0 + a1 + a2 + a3 === 0;
}

function allFinite64(v: Float64Array): boolean {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  const n4 = v.length & ~3;
  for (let k = 0; k < n4; k += 4) {
    a0 += v[k] * 0;
    a1 += v[k + 1] * 0;
    a2 += v[k + 2] * 0;
    a3 += v[k + 3] * 0;
  }
  for (let k = n4; k < v.length; k++) a0 += v[k] * 0;
  return a0 + a1 + a2 + a3 === 0;
}

/**
 * The network model: the lesson's dictionary (W1, b1, W2, b2) generalised to any depth.
 *
 * Layer l computes z_l = W_l · a_(l−1) + b_l. Hidden layers apply their activation (ReLU unless
 * the layer says otherwise; the rules are in src/ops/activations.ts); the last layer feeds softmax
 * and cross-entropy against a one-hot target.
 */
import { ACTIVATIONS, DEFAULT_ACTIVATION, type ActivationName, type ActivationRule } from '../ops/activations.js';
import { InputError } from '../errors.js';

/** One dense layer. W is row-major, `outDim` rows × `inDim` columns, so W[i][j] = W[i * inDim + j]:
 *  row i is output neuron i, column j is the input it looks at (the lesson's layout). */
export interface Layer {
  readonly inDim: number;
  readonly outDim: number;
  readonly W: Float64Array;
  readonly b: Float64Array;
  /** The hidden layer's activation; absent means relu (the lesson's). Ignored on the output layer,
   *  which always feeds softmax + cross-entropy. */
  readonly activation?: ActivationName;
}

/** A layer's activation name, relu when it states none. */
export function activationOf(layer: Layer): ActivationName {
  return layer.activation ?? DEFAULT_ACTIVATION;
}

/** A hidden layer's activation rule (forward, local derivative, WGSL, wording) from the op table. */
export function activationRule(layer: Layer): ActivationRule {
  return ACTIVATIONS[activationOf(layer)];
}

/** The hidden layers' activations, one per hidden layer (all but the last layer). */
export function hiddenActivations(network: Network): ActivationName[] {
  return network.layers.slice(0, -1).map(activationOf);
}

export interface Network {
  readonly layers: readonly Layer[];
}

/**
 * A batch of N examples, row-major: inputs[n * inDim + k] is x_n[k].
 * Targets are stored as class indices (the one-hot vector's hot position): every target the
 * file format accepts is one-hot, so this is lossless and keeps 784-wide batches small.
 */
export interface Batch {
  readonly size: number;
  readonly inDim: number;
  readonly classes: number;
  readonly inputs: Float64Array;
  readonly labels: Uint32Array;
}

/** Layer widths, input first: the lesson's network is [2, 3, 2]. */
export function dimsOf(network: Network): number[] {
  return [network.layers[0].inDim, ...network.layers.map((l) => l.outDim)];
}

export function parameterCount(network: Network): number {
  return network.layers.reduce((n, l) => n + l.outDim * l.inDim + l.outDim, 0);
}

/**
 * A layer from nested rows (the JSON / lesson form): W is outDim rows of inDim weights, b outDim biases.
 * @throws InputError when W has no rows, a row's width differs from the first's, or b's length is not outDim.
 */
export function layerFromRows(W: readonly (readonly number[])[], b: readonly number[], activation?: ActivationName): Layer {
  // Ragged rows would be padded with zeros or spill into the next row: refused, as batchOf's are.
  if (W.length === 0) throw new InputError('layerFromRows: W has no rows');
  const outDim = W.length;
  const inDim = W[0].length;
  W.forEach((row, i) => {
    if (row.length !== inDim) throw new InputError(`layerFromRows: W row ${i} has ${row.length} values, row 0 has ${inDim}`);
  });
  if (b.length !== outDim) throw new InputError(`layerFromRows: b has ${b.length} values for ${outDim} rows of W`);
  const flat = new Float64Array(outDim * inDim);
  W.forEach((row, i) => flat.set(row, i * inDim));
  return { inDim, outDim, W: flat, b: Float64Array.from(b), ...(activation ? { activation } : {}) };
}

/** The nested-rows form of a layer's weights, as the JSON file and the lesson write them. */
export function rowsOf(flat: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => flat[i * cols + j]));
}

export function cloneNetwork(network: Network): Network {
  return {
    layers: network.layers.map((l) => ({ ...l, W: l.W.slice(), b: l.b.slice() })),
  };
}

/**
 * A batch from N input rows (each inDim wide; row-major N × inDim once flattened) and N class
 * indices in [0, classes).
 * @throws InputError when there are no rows, a row's width differs from the first's (it would be
 *   padded with zeros or spill into the next row), the label count is not N, or a label is not a
 *   whole number in [0, classes) (Uint32Array.from would turn −1 into 4294967295 and 1.5 into 1).
 *   Values themselves (NaN, ±Infinity) are checkShapes' to refuse, as for any batch.
 */
export function batchOf(inputs: readonly (readonly number[])[], labels: readonly number[], classes: number): Batch {
  if (inputs.length === 0) throw new InputError('batchOf: no input rows');
  const inDim = inputs[0].length;
  inputs.forEach((x, n) => {
    if (x.length !== inDim) throw new InputError(`batchOf: input row ${n} has ${x.length} values, row 0 has ${inDim}`);
  });
  if (labels.length !== inputs.length) throw new InputError(`batchOf: ${labels.length} labels for ${inputs.length} input rows`);
  labels.forEach((label, n) => {
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new InputError(`batchOf: label ${n} is ${label}, not a class index in [0, ${classes})`);
  });
  const flat = new Float64Array(inputs.length * inDim);
  inputs.forEach((x, n) => flat.set(x, n * inDim));
  return { size: inputs.length, inDim, classes, inputs: flat, labels: Uint32Array.from(labels) };
}

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
 * the one below gives; and that every weight, bias and input is finite.
 * Cost: O(N·inDim + parameters), far below the pass it guards: the value scans are one subtraction
 * and compare per element (a batch of 2^20 examples × 2 float32 inputs, labels and inputs together:
 * ~3.7 ms, measured on this project's 2-core CPU machine under Node 20, mean of 20 calls).
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
  for (let n = 0; n < batch.size; n++) {
    const label = batch.labels[n];
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new InputError(`batch label ${n} is ${label}, not a class index of the network's ${classes} outputs (0..${classes - 1})`);
    }
  }
  const { inputs } = batch;
  for (let k = 0; k < inputs.length; k++) {
    if (inputs[k] - inputs[k] !== 0) throw new InputError(`batch input [example ${Math.floor(k / inDim)}][${k % inDim}] is ${inputs[k]}`);
  }
}

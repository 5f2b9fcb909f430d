/**
 * The shape rules every pass needs before it reads a network and a batch: the float64 reference
 * (float64Pass), the WebGPU engine and the GPU trainer all call this one function, so a
 * wrong-shaped batch is refused the same way everywhere instead of being read out of bounds
 * (NaN or silently wrong numbers). The network file parser enforces the same rules on files
 * (src/network/network-file.ts); this guards callers that build a Network and Batch themselves.
 */
import { InputError } from '../errors.js';
import type { Batch, Network } from './network.js';

/** A batch whose inputs may be float64 or float32 (the engine's GpuBatch): only the shapes matter here. */
export type ShapedBatch = Omit<Batch, 'inputs'> & { readonly inputs: ArrayLike<number> };

/**
 * Checks that `batch` fits `network`: inputs N × inDim with inDim the network's input width (W1's
 * columns), N labels each a class index below the output layer's width, and every layer's W
 * (outDim × inDim) and b (outDim) the size its dims say, each layer taking what the one below gives.
 * Cost: O(N + parameters), far below the pass it guards; `scanLabels: false` skips the O(N) label
 * scan for a batch already checked and promised unchanged (the engine's batchUnchanged runs).
 * @throws InputError, one line naming what was expected and what was given.
 */
export function checkShapes(network: Network, batch: ShapedBatch, { scanLabels = true } = {}): void {
  const { layers } = network;
  if (layers.length === 0) throw new InputError('network has no layers');
  layers.forEach((l, i) => {
    const name = i + 1;
    if (i > 0 && l.inDim !== layers[i - 1].outDim) throw new InputError(`layer ${name} takes ${l.inDim} inputs but layer ${i} gives ${layers[i - 1].outDim}`);
    if (l.W.length !== l.outDim * l.inDim) throw new InputError(`W${name} has ${l.W.length} values but is ${l.outDim} × ${l.inDim} (${l.outDim * l.inDim})`);
    if (l.b.length !== l.outDim) throw new InputError(`b${name} has ${l.b.length} values but layer ${name} has ${l.outDim} units`);
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
  for (let n = 0; scanLabels && n < batch.size; n++) {
    const label = batch.labels[n];
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new InputError(`batch label ${n} is ${label}, not a class index of the network's ${classes} outputs (0..${classes - 1})`);
    }
  }
}

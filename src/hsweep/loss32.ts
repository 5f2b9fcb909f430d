/**
 * The batch-mean loss computed as a float32 machine computes it: every product, sum, activation,
 * exp and log rounded to float32 (Math.fround). The h sweep's float32 curve where no GPU ran it,
 * and the reference its WebGPU kernel is tested against.
 */
import { activationRule, type Batch, type Network } from '../network/network.js';
import { linearUnitF32 } from '../ops/linear.js';
import { crossEntropyF32 } from '../ops/softmax-cross-entropy.js';

const r = Math.fround;

/** Loss of `network` on `batch` in float32 arithmetic, with parameter values as float32. */
export function lossAt32(network: Network, batch: Batch): number {
  const { layers } = network;
  const widest = Math.max(batch.inDim, ...layers.map((l) => l.outDim));
  let a = new Float64Array(widest);
  let next = new Float64Array(widest);
  let total = 0;
  for (let n = 0; n < batch.size; n++) {
    for (let k = 0; k < batch.inDim; k++) a[k] = r(batch.inputs[n * batch.inDim + k]);
    layers.forEach((layer, l) => {
      const rule = activationRule(layer);
      for (let i = 0; i < layer.outDim; i++) {
        const z = linearUnitF32(layer.W, layer.b, layer.inDim, i, a, 0);
        next[i] = l < layers.length - 1 ? r(rule.forward(z)) : z;
      }
      [a, next] = [next, a];
    });
    total = r(total + crossEntropyF32(a.subarray(0, batch.classes), batch.labels[n]));
  }
  return r(total / batch.size);
}

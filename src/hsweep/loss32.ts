/**
 * The batch-mean loss computed as a float32 machine computes it: every product, sum, activation,
 * exp and log rounded to float32 (Math.fround). The h sweep's float32 curve where no GPU ran it,
 * and the reference its WebGPU kernel is tested against.
 */
import { activationRule, type Batch, type Network } from '../network/network.js';

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
        let z = r(layer.b[i]);
        for (let j = 0; j < layer.inDim; j++) z = r(z + r(r(layer.W[i * layer.inDim + j]) * a[j]));
        next[i] = l < layers.length - 1 ? r(rule.forward(z)) : z;
      }
      [a, next] = [next, a];
    });
    // Cross-entropy from the logits, stably: log Σ exp(z − max) − (z_label − max), in float32.
    let max = -Infinity;
    for (let i = 0; i < batch.classes; i++) max = Math.max(max, a[i]);
    let sum = 0;
    for (let i = 0; i < batch.classes; i++) sum = r(sum + r(Math.exp(r(a[i] - max))));
    total = r(total + r(r(Math.log(sum)) - r(a[batch.labels[n]] - max)));
  }
  return r(total / batch.size);
}

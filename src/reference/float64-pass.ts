/**
 * The float64 reference: the lesson's forward and backward pass, written out plainly for a batch.
 * Every intermediate goes into a PassRecord; nothing here prints.
 */
import type { Batch, Network } from '../network/network.js';
import type { LayerRecord, PassRecord } from '../record/pass-record.js';
import { crossEntropy, softmaxInto } from './softmax-cross-entropy.js';

/** Forward only, the whole network: the lesson's loss_at — the batch-mean cross-entropy in nats.
 *  Finite differences recompute from the nudged layer up instead; a test checks that shortcut against this. */
export function lossAt(network: Network, batch: Batch): number {
  const { layers } = network;
  const widest = Math.max(...layers.map((l) => l.outDim), batch.inDim);
  let a = new Float64Array(widest);
  let next = new Float64Array(widest);
  let total = 0;
  for (let n = 0; n < batch.size; n++) {
    a.set(batch.inputs.subarray(n * batch.inDim, (n + 1) * batch.inDim));
    layers.forEach((layer, l) => {
      const last = l === layers.length - 1;
      for (let i = 0; i < layer.outDim; i++) {
        let z = layer.b[i];
        for (let j = 0; j < layer.inDim; j++) z += layer.W[i * layer.inDim + j] * a[j];
        next[i] = last ? z : z > 0 ? z : 0;
      }
      [a, next] = [next, a];
    });
    total += crossEntropy(a.subarray(0, batch.classes), batch.labels[n]);
  }
  return total / batch.size;
}

/**
 * Forward and backward for the whole batch in float64, keeping every intermediate: the lesson's
 * forward pass (z = W·a + b, relu, softmax, cross-entropy) and its backward steps 1–7, per example.
 * Source of the rules: "Backprop By Hand" (the lesson), written for a batch-mean loss.
 *
 * @param network layers with W_l row-major outDim × inDim.
 * @param batch N examples, inputs N × inDim, one class label each.
 * @returns a PassRecord (backend 'cpu'): per layer z, a, da, dz (N × outDim); the loss (nats, the
 *   batch mean) and per-example losses (N); dW_l (outDim × inDim) and db_l (outDim) of the mean loss.
 *   Throws nothing for a valid network and batch; shapes are the caller's (parseNetworkFile checks them).
 */
export function float64Pass(network: Network, batch: Batch): PassRecord {
  const { layers } = network;
  const N = batch.size;
  const L = layers.length;

  // Forward: z_l = W_l · a_(l−1) + b_l; a_l = relu(z_l) for hidden layers, softmax for the last.
  const z: Float64Array[] = [];
  const a: Float64Array[] = [];
  const lossPerExample = new Float64Array(N);
  let input = batch.inputs;
  layers.forEach((layer, l) => {
    const zl = new Float64Array(N * layer.outDim);
    const al = new Float64Array(N * layer.outDim);
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < layer.outDim; i++) {
        let sum = layer.b[i];
        for (let j = 0; j < layer.inDim; j++) sum += layer.W[i * layer.inDim + j] * input[n * layer.inDim + j];
        zl[n * layer.outDim + i] = sum;
        if (l < L - 1) al[n * layer.outDim + i] = sum > 0 ? sum : 0;
      }
      if (l === L - 1) {
        const logits = zl.subarray(n * layer.outDim, (n + 1) * layer.outDim);
        softmaxInto(logits, al.subarray(n * layer.outDim, (n + 1) * layer.outDim));
        lossPerExample[n] = crossEntropy(logits, batch.labels[n]);
      }
    }
    z.push(zl);
    a.push(al);
    input = al;
  });
  let loss = 0;
  for (let n = 0; n < N; n++) loss += lossPerExample[n];
  loss /= N;

  // Backward, from the loss to the input.
  const dz: Float64Array[] = new Array(L);
  const da: (Float64Array | null)[] = new Array(L).fill(null);
  const dW: Float64Array[] = new Array(L);
  const db: Float64Array[] = new Array(L);

  // Step 1: softmax + cross-entropy collapse to dL/dz = (p − t) / N for the batch-mean loss.
  const out = layers[L - 1];
  dz[L - 1] = new Float64Array(N * out.outDim);
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < out.outDim; i++) {
      const t = batch.labels[n] === i ? 1 : 0;
      dz[L - 1][n * out.outDim + i] = (a[L - 1][n * out.outDim + i] - t) / N;
    }
  }

  for (let l = L - 1; l >= 0; l--) {
    const layer = layers[l];
    const prev = l === 0 ? batch.inputs : a[l - 1];
    // dL/db = Σ_n dL/dz (the bias adds 1 per unit); dL/dW[i][j] = Σ_n dL/dz[i] · a_prev[j].
    // Sums start at −0, the identity of IEEE addition, so a sum of −0 terms stays −0 and a
    // dead neuron prints as the lesson prints it ("-0.000000").
    db[l] = new Float64Array(layer.outDim).fill(-0);
    dW[l] = new Float64Array(layer.outDim * layer.inDim).fill(-0);
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < layer.outDim; i++) {
        const g = dz[l][n * layer.outDim + i];
        db[l][i] += g;
        for (let j = 0; j < layer.inDim; j++) dW[l][i * layer.inDim + j] += g * prev[n * layer.inDim + j];
      }
    }
    if (l === 0) break;
    // dL/da_prev[j] = Σ_i dL/dz[i] · W[i][j] (the same W, transposed); then through ReLU's gate.
    const below = layers[l - 1];
    const daPrev = new Float64Array(N * below.outDim);
    const dzPrev = new Float64Array(N * below.outDim);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < layer.inDim; j++) {
        let sum = 0;
        for (let i = 0; i < layer.outDim; i++) sum += dz[l][n * layer.outDim + i] * layer.W[i * layer.inDim + j];
        daPrev[n * below.outDim + j] = sum;
        // relu'(z) is 1 where z > 0, else 0 (relu'(0) = 0).
        dzPrev[n * below.outDim + j] = z[l - 1][n * below.outDim + j] > 0 ? sum : sum * 0;
      }
    }
    da[l - 1] = daPrev;
    dz[l - 1] = dzPrev;
  }

  const records: LayerRecord[] = layers.map((_, l) => ({ z: z[l], a: a[l], da: da[l], dz: dz[l] }));
  return {
    backend: 'cpu',
    dims: [batch.inDim, ...layers.map((l) => l.outDim)],
    batchSize: N,
    lossPerExample,
    loss,
    layers: records,
    grads: { dW, db },
  };
}

/**
 * The float64 reference: the lesson's forward and backward pass, written out plainly for a batch.
 * Every intermediate goes into a PassRecord; nothing here prints. Each op's rule comes from the op
 * table (src/ops/).
 */
import type { BugName } from '../break/bugs.js';
import { checkShapes, type ShapeCheckOptions } from '../network/check-shapes.js';
import { activationOf, activationRule, type Batch, type Network } from '../network/network.js';
import type { ActivationRule } from '../ops/activations.js';
import { linearInputGradient, linearUnit, linearUnitF32 } from '../ops/linear.js';
import { crossEntropy, outputGradient, softmaxInto } from '../ops/softmax-cross-entropy.js';
import type { LayerRecord, PassRecord } from '../record/pass-record.js';

/**
 * Another arithmetic to run the pass in: the float32 conditioning test's model of float32
 * (src/reference/float32-conditioning.ts). Each method gets what the float64 rule computed and
 * returns the value to keep instead; the pass's own rules and order are unchanged.
 */
export interface PassArithmetic {
  /** One + or × of a sum — z = W·a + b (by linearUnitF32), dL/da = Wᵀ·dL/dz, dW, db, the batch
   *  loss — and the product dL/dz = dL/da · f'(z). */
  round(value: number): number;
  /** A hidden activation a = f(z). */
  activation(rule: ActivationRule, z: number, a: number): number;
  /** A local derivative f'(z), computed from a. */
  derivative(rule: ActivationRule, a: number, derivative: number): number;
  /** One example's softmax p of its logits, changed in place. */
  softmax(logits: Float64Array, p: Float64Array): void;
  /** One example's cross-entropy (`p`: its softmax). */
  loss(logits: Float64Array, p: Float64Array, label: number, loss: number): number;
  /** An output-layer dL/dz = (p − t) / N. */
  outputGradient(dz: number): number;
}

/** Forward only, the whole network: the lesson's loss_at — the batch-mean cross-entropy in nats.
 *  Finite differences recompute from the nudged layer up instead; a test checks that shortcut against this.
 *  @throws InputError when the batch does not fit the network or a value is not finite, as float64Pass. */
export function lossAt(network: Network, batch: Batch, check: ShapeCheckOptions = {}): number {
  checkShapes(network, batch, check);
  const { layers } = network;
  const widest = Math.max(...layers.map((l) => l.outDim), batch.inDim);
  let a = new Float64Array(widest);
  let next = new Float64Array(widest);
  let total = 0;
  for (let n = 0; n < batch.size; n++) {
    a.set(batch.inputs.subarray(n * batch.inDim, (n + 1) * batch.inDim));
    layers.forEach((layer, l) => {
      const last = l === layers.length - 1;
      const f = activationRule(layer).forward;
      for (let i = 0; i < layer.outDim; i++) {
        const z = linearUnit(layer.W, layer.b, layer.inDim, i, a, 0);
        next[i] = last ? z : f(z);
      }
      [a, next] = [next, a];
    });
    total += crossEntropy(a.subarray(0, batch.classes), batch.labels[n]);
  }
  return total / batch.size;
}

/** The 'w-not-transposed' bug: Σ_i dz[i] · W_flat[j · outDim + i], W's buffer read with its strides swapped. */
function wNotTransposed(W: Float64Array, outDim: number, j: number, dz: ArrayLike<number>, offset: number): number {
  let sum = 0;
  for (let i = 0; i < outDim; i++) sum += dz[offset + i] * W[j * outDim + i];
  return sum;
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
 * @param bug run the backward pass with one of the classic bugs of src/break/bugs.ts ("break it");
 *   the forward pass is never touched.
 * @throws InputError (one line, expected vs given) when the batch does not fit the network: its
 *   width is not W1's column count, inputs is not N × inDim values, there are not N labels, a label
 *   is not a class index below the output width, or a W_l / b_l is not the size its layer says
 *   (checkShapes, src/network/check-shapes.ts, the same check the WebGPU engine makes); or when a
 *   weight, bias or input is NaN or infinite (relu would turn a NaN input into 0 and hide it).
 * @param check turns those value scans off where non-finite values are the caller's own result and
 *   reported by it: a diverged training run's weights, a float32 rounding that overflowed.
 * @param arithmetic null (the reference): float64. Otherwise every intermediate goes through it —
 *   the float32 conditioning test's model of float32 arithmetic (float32-conditioning.ts).
 */
export function float64Pass(network: Network, batch: Batch, bug: BugName | null = null, check: ShapeCheckOptions = {}, arithmetic: PassArithmetic | null = null): PassRecord {
  checkShapes(network, batch, check);
  const x = arithmetic;
  const { layers } = network;
  const N = batch.size;
  const L = layers.length;

  // Forward: z_l = W_l · a_(l−1) + b_l; a_l = f(z_l) for hidden layers (with f'(z_l) kept), softmax for the last.
  const z: Float64Array[] = [];
  const a: Float64Array[] = [];
  const local: (Float64Array | null)[] = [];
  const lossPerExample = new Float64Array(N);
  let input = batch.inputs;
  layers.forEach((layer, l) => {
    const hidden = l < L - 1;
    const rule = activationRule(layer);
    const zl = new Float64Array(N * layer.outDim);
    const al = new Float64Array(N * layer.outDim);
    const dl = hidden ? new Float64Array(N * layer.outDim) : null;
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < layer.outDim; i++) {
        const k = n * layer.outDim + i;
        zl[k] = x ? linearUnitF32(layer.W, layer.b, layer.inDim, i, input, n * layer.inDim, x.round) : linearUnit(layer.W, layer.b, layer.inDim, i, input, n * layer.inDim);
        if (dl) {
          al[k] = rule.forward(zl[k]);
          if (x) al[k] = x.activation(rule, zl[k], al[k]);
          dl[k] = rule.derivative(al[k]);
          if (x) dl[k] = x.derivative(rule, al[k], dl[k]);
        }
      }
      if (!hidden) {
        const logits = zl.subarray(n * layer.outDim, (n + 1) * layer.outDim);
        const p = al.subarray(n * layer.outDim, (n + 1) * layer.outDim);
        softmaxInto(logits, p);
        lossPerExample[n] = crossEntropy(logits, batch.labels[n]);
        if (x) {
          lossPerExample[n] = x.loss(logits, p, batch.labels[n], lossPerExample[n]);
          x.softmax(logits, p);
        }
      }
    }
    z.push(zl);
    a.push(al);
    local.push(dl);
    input = al;
  });
  let loss = 0;
  for (let n = 0; n < N; n++) loss = x ? x.round(loss + lossPerExample[n]) : loss + lossPerExample[n];
  loss = x ? x.round(loss / N) : loss / N;

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
      const k = n * out.outDim + i;
      dz[L - 1][k] =
        bug === 'mean-dropped' ? outputGradient(a[L - 1][k], i, batch.labels[n], 1) : bug === 'p-not-p-minus-t' ? a[L - 1][k] / N : outputGradient(a[L - 1][k], i, batch.labels[n], N);
      if (x) dz[L - 1][k] = x.outputGradient(dz[L - 1][k]);
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
        if (bug !== 'bias-not-summed' || n === 0) db[l][i] = x ? x.round(db[l][i] + g) : db[l][i] + g;
        for (let j = 0; j < layer.inDim; j++) {
          const term = g * prev[n * layer.inDim + j];
          const k = i * layer.inDim + j;
          dW[l][k] = x ? x.round(dW[l][k] + x.round(term)) : dW[l][k] + term;
        }
      }
    }
    if (l === 0) break;
    // dL/da_prev = Wᵀ · dL/dz; then dL/dz_prev = dL/da_prev · f'(z_prev), the local derivative kept
    // above. Multiplying (relu's 0, not a select) keeps the sign of zero the lesson prints.
    const below = layers[l - 1];
    const localPrev = local[l - 1]!;
    const daPrev = new Float64Array(N * below.outDim);
    const dzPrev = new Float64Array(N * below.outDim);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < layer.inDim; j++) {
        const k = n * below.outDim + j;
        daPrev[k] = bug === 'w-not-transposed' ? wNotTransposed(layer.W, layer.outDim, j, dz[l], n * layer.outDim) : linearInputGradient(layer.W, layer.inDim, layer.outDim, j, dz[l], n * layer.outDim, x?.round);
        const f = bug === 'relu-mask-forgotten' ? 1 : bug === 'relu-prime-one-at-zero' && activationOf(below) === 'relu' && z[l - 1][k] === 0 ? 1 : localPrev[k];
        dzPrev[k] = x ? x.round(daPrev[k] * f) : daPrev[k] * f;
      }
    }
    da[l - 1] = daPrev;
    dz[l - 1] = dzPrev;
  }

  const records: LayerRecord[] = layers.map((_, l) => ({ z: z[l], a: a[l], local: local[l], da: da[l], dz: dz[l] }));
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

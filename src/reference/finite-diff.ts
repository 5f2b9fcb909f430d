/**
 * Central finite differences, as the lesson's verify_gradient: nudge one parameter up by a step,
 * recompute the loss, nudge it down, recompute, divide the difference by the distance moved.
 *
 * "Recompute the loss" starts from the nudged layer, not from the input: nudging W_l[i][j] or
 * b_l[i] changes only unit i of z_l, and everything below layer l is as the unnudged forward pass
 * left it. The result is the same central difference (to rounding, ~1e-16 of the loss), but a
 * 784 → 128 → 10 network is checked in about a second instead of most of a minute.
 *
 * Each recompute also counts the examples in which some hidden unit crossed its activation's kink
 * (ReLU's z = 0; the op table's `kinkAt`) against the unnudged pass: there the difference
 * straddles a kink (fd-check.ts decides what that means). Smooth activations have none.
 *
 * The step is scaled to the parameter, h · max(1, |θ|) (see fd-check.ts for why and for the
 * tolerance); `finiteDifferences` gives the plain central estimates, `checkGradients` the verdicts.
 */
import { InputError } from '../errors.js';
import { checkShapes } from '../network/check-shapes.js';
import { activationRule, type Batch, type Layer, type Network } from '../network/network.js';
import { parameterRefs, type ParamRef } from '../network/parameters.js';
import { linearUnit } from '../ops/linear.js';
import { crossEntropy } from '../ops/softmax-cross-entropy.js';
import type { FiniteDiffRecord, PassRecord } from '../record/pass-record.js';
import { float64Pass } from './float64-pass.js';

export const DEFAULT_H = 1e-5;

/** z_l and the input to layer l for every example, from one unnudged forward pass. */
export interface ForwardCache {
  readonly z: readonly Float64Array[];
  readonly input: readonly Float64Array[];
}

export function forwardCache(batch: Batch, record: PassRecord): ForwardCache {
  const layers = record.layers;
  if (!layers) throw new Error('finite differences need a float64 record that kept its intermediates');
  return { z: layers.map((l) => l.z), input: [batch.inputs, ...layers.slice(0, -1).map((l) => l.a)] };
}

/** A recomputed batch-mean loss, and in how many examples a hidden ReLU switched sides. */
export interface NudgedLoss {
  readonly loss: number;
  readonly flipped: number;
}

/**
 * The batch-mean loss recomputed from layer `start` up, with `layers` as the weights above it.
 * `fillZ(n, z)` writes example n's pre-activations of layer `start`. Hidden units whose ReLU gate
 * (z > 0) differs from `cache` mark their example as flipped (in `marks` too, when given).
 */
function lossFrom(layers: readonly Layer[], batch: Batch, cache: ForwardCache, start: number, fillZ: (n: number, z: Float64Array) => void, marks?: Uint8Array): NudgedLoss {
  const L = layers.length;
  const widest = Math.max(...layers.map((l) => l.outDim));
  let a = new Float64Array(widest);
  let next = new Float64Array(widest);
  // Neumaier-compensated sum over the batch: the mean's rounding error stays ~ε·|L| for any N
  // (a plain sum's grows with N and, over a 100 000-example batch, would swamp small differences).
  let total = 0;
  let carry = 0;
  let flipped = 0;
  for (let n = 0; n < batch.size; n++) {
    let flip = false;
    const width = layers[start].outDim;
    const z = a.subarray(0, width);
    fillZ(n, z);
    if (start < L - 1) {
      const z0 = cache.z[start];
      const { forward, kinkAt } = activationRule(layers[start]);
      for (let i = 0; i < width; i++) {
        if (kinkAt !== null && z[i] > kinkAt !== z0[n * width + i] > kinkAt) flip = true;
        z[i] = forward(z[i]);
      }
    }
    for (let l = start + 1; l < L; l++) {
      const layer = layers[l];
      const hidden = l < L - 1;
      const z0 = cache.z[l];
      const { forward, kinkAt } = activationRule(layer);
      for (let i = 0; i < layer.outDim; i++) {
        const sum = linearUnit(layer.W, layer.b, layer.inDim, i, a, 0);
        if (hidden && kinkAt !== null && sum > kinkAt !== z0[n * layer.outDim + i] > kinkAt) flip = true;
        next[i] = hidden ? forward(sum) : sum;
      }
      [a, next] = [next, a];
    }
    const term = crossEntropy(a.subarray(0, batch.classes), batch.labels[n]);
    const sum = total + term;
    carry += Math.abs(total) >= Math.abs(term) ? total - sum + term : term - sum + total;
    total = sum;
    if (flip) {
      flipped++;
      if (marks) marks[n] = 1;
    }
  }
  return { loss: (total + carry) / batch.size, flipped };
}

/** The batch-mean loss with one parameter moved by `delta`, recomputed from its layer upward. */
export function nudgedLoss(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, delta: number, marks?: Uint8Array): NudgedLoss {
  const first = network.layers[ref.layer];
  const width = first.outDim;
  const unit = ref.kind === 'W' ? Math.floor(ref.index / first.inDim) : ref.index;
  const column = ref.kind === 'W' ? ref.index % first.inDim : -1;
  const z0 = cache.z[ref.layer];
  const input = cache.input[ref.layer];
  return lossFrom(
    network.layers,
    batch,
    cache,
    ref.layer,
    (n, z) => {
      // z as before except unit i, which moves by delta · input[j] (or delta, for a bias).
      z.set(z0.subarray(n * width, (n + 1) * width));
      z[unit] += ref.kind === 'W' ? delta * input[n * first.inDim + column] : delta;
    },
    marks,
  );
}

/** The batch-mean loss of the whole network with every parameter moved: θ + delta · v (v laid out like the network). */
export function directionLoss(network: Network, batch: Batch, cache: ForwardCache, v: Network, delta: number, marks?: Uint8Array): NudgedLoss {
  const moved = network.layers.map((l, k) => ({
    ...l,
    inDim: l.inDim,
    outDim: l.outDim,
    W: l.W.map((w, i) => w + delta * v.layers[k].W[i]),
    b: l.b.map((b, i) => b + delta * v.layers[k].b[i]),
  }));
  const first = moved[0];
  return lossFrom(
    moved,
    batch,
    cache,
    0,
    (n, z) => {
      for (let i = 0; i < first.outDim; i++) z[i] = linearUnit(first.W, first.b, first.inDim, i, batch.inputs, n * first.inDim);
    },
    marks,
  );
}

/** The step for a parameter of value θ: h · max(1, |θ|), so it stays above θ's rounding. */
export function stepFor(h: number, theta: number): number {
  return h * Math.max(1, Math.abs(theta));
}

/** The central estimate of every parameter's gradient at the scaled step (no verdicts: see checkGradients).
 *  `reference` is the unnudged float64 pass of the same network and batch; callers that already
 *  ran it pass it in rather than run it twice (the batch is still checked: checkShapes).
 *  @throws InputError for a batch that does not fit the network or holds a NaN or ±Infinity, or an
 *  h that is not finite and > 0 with 2h finite (0, NaN and Infinity gave every estimate NaN). */
export function finiteDifferences(network: Network, batch: Batch, h: number = DEFAULT_H, reference?: PassRecord): FiniteDiffRecord {
  if (!(h > 0) || !Number.isFinite(2 * h)) throw new InputError(`h must be a finite number > 0 whose double is finite, got ${h}`);
  if (reference) checkShapes(network, batch, { scanWeights: false });
  else reference = float64Pass(network, batch);
  const cache = forwardCache(batch, reference);
  const dW = network.layers.map((l) => new Float64Array(l.W.length));
  const db = network.layers.map((l) => new Float64Array(l.b.length));
  for (const ref of parameterRefs(network)) {
    const layer = network.layers[ref.layer];
    const theta = ref.kind === 'W' ? layer.W[ref.index] : layer.b[ref.index];
    const s = stepFor(h, theta);
    const up = theta + s - theta;
    const down = theta - (theta - s);
    const plus = nudgedLoss(network, batch, cache, ref, up).loss;
    const minus = nudgedLoss(network, batch, cache, ref, -down).loss;
    (ref.kind === 'W' ? dW : db)[ref.layer][ref.index] = (plus - minus) / (up + down);
  }
  return { h, grads: { dW, db } };
}

/**
 * The output op: softmax + cross-entropy against a one-hot target, in float64, in the numerically
 * stable form (subtract the max). Their local derivatives collapse into one: dL/dz = p − t, and
 * (p − t) / N for the batch-mean loss (the lesson's step 1).
 */
import { F32_UNIT_ROUNDOFF as u } from '../record/float32-range.js';

/** Softmax of one example's logits into `out` (same length): p_i = exp(z_i − m) / Σ exp(z − m), m = max z. */
export function softmaxInto(logits: ArrayLike<number>, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < logits.length; i++) out[i] /= sum;
  return out;
}

/** −log p[label] = log Σ exp(z) − z[label], via log-sum-exp so logits in the hundreds stay finite. */
export function crossEntropy(logits: ArrayLike<number>, label: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return max + Math.log(sum) - logits[label];
}

/**
 * crossEntropy as a float32 machine computes it: log Σ exp(z − m) − (z[label] − m), every
 * difference, exp, sum and log rounded to float32 (Math.fround). For the h sweep's float32 loss.
 */
export function crossEntropyF32(logits: ArrayLike<number>, label: number): number {
  const r = Math.fround;
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum = r(sum + r(Math.exp(r(logits[i] - max))));
  return r(r(Math.log(sum)) - r(logits[label] - max));
}

/** Step 1: dL/dz_i = (p_i − t_i) / N of the batch-mean loss, t one-hot at `label`. */
export function outputGradient(p: number, i: number, label: number, N: number): number {
  return (p - (i === label ? 1 : 0)) / N;
}

/*
 * How far the WGSL functions' float32 results may lie from the exact values of their float32
 * arguments (softmax-cross-entropy.wgsl, and the fused kernels, which compute the same: m = max z,
 * x = z − m, e = exp(x), s = Σ e, p = e / s, loss = log s − (z_label − m), dz = (p − t)·(1/N)):
 * bounds first order in u = 2^-24, from WGSL's accuracy rules (WGSL spec, "Floating Point
 * Accuracy": +, −, × correctly rounded, within u relative; x / y within 2.5 ULP; exp(x) within
 * 3 + 2|x| ULP; log(x) within 3 ULP, or 2^-21 absolute for x in [0.5, 2]; one ULP ≤ 2u relative).
 * The float32 conditioning test (src/reference/float32-conditioning.ts) moves p, the loss and
 * dz by up to these.
 */

/** e_j = exp(z_j − m) of float32 logits: x_j within u|x_j|, exp within (3 + 2|x_j|) ULP — relative. */
const expError = (x: number) => (6 + 5 * Math.abs(x)) * u;

/** s = Σ_j e_j: each e_j's error, weighted by its share p_j, plus the C − 1 additions (γ_(C−1)). */
function sumError(logits: ArrayLike<number>, p: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const adds = logits.length - 1;
  let rel = (adds * u) / (1 - adds * u);
  for (let j = 0; j < logits.length; j++) rel += p[j] * expError(logits[j] - max);
  return rel;
}

/** Per element, into `out`: how far float32's p_i = e_i / s may lie from softmax(logits)_i = `p`_i (absolute). */
export function softmaxFloat32Error(logits: ArrayLike<number>, p: ArrayLike<number>, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const s = sumError(logits, p);
  for (let i = 0; i < logits.length; i++) out[i] = Math.abs(p[i]) * (expError(logits[i] - max) + s + 5 * u);
  return out;
}

/**
 * How far float32's loss log s − (z_label − m) may lie from `loss`, the exact cross-entropy of these
 * logits (absolute): s's relative error is log s's absolute one; log's own (s ≥ 1: the largest
 * term is exp(0)); z_label − m and the difference, u each.
 */
export function crossEntropyFloat32Error(logits: ArrayLike<number>, p: ArrayLike<number>, label: number, loss: number): number {
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const log = sum <= 2 ? 2 ** -21 : 6 * u * Math.log(sum);
  return sumError(logits, p) + log + u * Math.abs(logits[label] - max) + u * Math.abs(loss);
}

/** dz = (p − t)·(1/N), relative: p − t and the product u each, 1/N 2.5 ULP (5u). */
export const OUTPUT_GRADIENT_FLOAT32_ERROR = 7 * u;

/** The output op's row of the op table (src/ops/op-table.ts). */
export const SOFTMAX_CROSS_ENTROPY_OP = {
  op: 'softmax + cross-entropy',
  forward: 'p = softmax(z), L = −log p[label] (mean over the batch)',
  localDerivative: 'dL/dz = (p − t) / N',
  float64: 'softmaxInto, crossEntropy, outputGradient (src/ops/softmax-cross-entropy.ts)',
  wgsl: 'softmax_ce_loss, softmax_ce_grad (src/gpu/wgsl/functions.ts)',
  test: 'test/cpu/float64-vs-finite-diff.test.ts, test/gpu/kernels.test.ts',
} as const;

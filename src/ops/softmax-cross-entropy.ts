/**
 * The output op: softmax + cross-entropy against a one-hot target, in float64, in the numerically
 * stable form (subtract the max). Their local derivatives collapse into one: dL/dz = p − t, and
 * (p − t) / N for the batch-mean loss (the lesson's step 1).
 */

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

/** The output op's row of the op table (src/ops/op-table.ts). */
export const SOFTMAX_CROSS_ENTROPY_OP = {
  op: 'softmax + cross-entropy',
  forward: 'p = softmax(z), L = −log p[label] (mean over the batch)',
  localDerivative: 'dL/dz = (p − t) / N',
  float64: 'softmaxInto, crossEntropy, outputGradient (src/ops/softmax-cross-entropy.ts)',
  wgsl: 'softmax_ce_loss, softmax_ce_grad (src/gpu/wgsl/functions.ts)',
  test: 'test/cpu/float64-vs-finite-diff.test.ts, test/gpu/kernels.test.ts',
} as const;

/**
 * The float32 conditioning test: how far float32 arithmetic alone can move a value of the pass. A
 * WebGPU value that disagrees with float64 past the tolerance, and that the float32 rounding of the
 * inputs and weights does not explain (float32-inputs.ts), may still be right: when the value is
 * ill-conditioned in float32 — logits of 1.7e8 that differ by 0.15, which float32 (spacing 16 there)
 * makes equal, so its softmax gives 0.5/0.5 — correct float32 kernels land far from float64, and
 * the comparison cannot judge them. This test tells that apart from a kernel error. It runs only for
 * a value that would otherwise be a mismatch: a passing run never pays for it.
 *
 * The model — float32 arithmetic as the set of results it may give, drawn at random. The float64
 * pass (float64-pass.ts, its `arithmetic` hook: the same rules, in the same order) is run
 * CONDITIONING_PASSES times on the float32-rounded network and batch (what WebGPU's buffers hold), with:
 * - every + and × of its sums and products (z = W·a + b, dL/da = Wᵀ·dL/dz, dW, db, dL/dz = dL/da·f'(z),
 *   the batch loss) rounded to one of the two float32 values either side of its result, picked at
 *   random (faithful rounding; a result float32 holds exactly stays as it is). Round to nearest,
 *   what float32 does, is one of the two choices at every operation, so a float32 pass that sums in
 *   the reference's order is one of the passes this model can draw;
 * - every value a WGSL function computes — the hidden activations and their local derivatives, the
 *   softmax p, the loss of each example, the output's dL/dz = (p − t)/N — moved by a random amount
 *   up to the error WGSL's accuracy rules allow that function (exp within 3 + 2|x| ULP, ÷ within
 *   2.5 ULP, …: ActivationRule.float32Error, softmaxFloat32Error and its neighbours in the op
 *   table), then rounded as above: any result a conforming implementation may return is within reach;
 * - each operation's inputs are the values drawn before it, so the errors travel through the rest
 *   of the pass as float32's do: a pre-activation pushed across ReLU's kink closes the gate, equal
 *   logits give p = 0.5.
 * The passes are seeded (CONDITIONING_SEED + k, mulberry32): the same network gives the same verdict.
 * Rounding every operation at random costs ~4 float64 passes each; past CONDITIONING_BUDGET
 * (batch size × parameters) the test is not run, and a mismatch says it was not (conditioningSkipped).
 *
 * The rule (f32CondSpread): a value's spread is max − min over the passes and the float64 pass on
 * the rounded inputs (f32-input's); the value is ill-conditioned in float32 (f32-cond: not judged,
 * never a match) when the spread exceeds the tolerance at the float64 value — float32 arithmetic
 * alone moves it further than the check allows — and the WebGPU value lies within reach: at most
 * one spread outside [min, max]. A value further out is further than float32's arithmetic takes it:
 * a kernel error, still a mismatch. A pass that is not finite (float32 arithmetic can overflow
 * there) leaves a WebGPU value that is not finite either unjudged; a finite WebGPU value is judged
 * by the passes that stayed finite — so an overflowing sample never absorbs a finite wrong value.
 *
 * Where this does not bound float32: the passes draw from the model, they do not search it, so a
 * rare alignment of errors, or a branch few draws take (a pre-activation within a rounding of 0
 * that one pass in a hundred flips), can lie outside the drawn range: the value is then judged as
 * before (a mismatch), never let through. The WGSL bounds are first order in u = 2^-24 and assume
 * the adapter meets WGSL's accuracy rules; subnormals, which an adapter may flush to 0, are not
 * modelled (float32-range.ts warns of them). The kernels sum in other orders than the reference
 * (tiles, blocks of examples, a tree across blocks, perhaps fused multiply-adds): the model does not
 * draw those exact orders, but their rounding errors are bounded by the same γ_n·Σ|terms| (Higham,
 * Accuracy and Stability of Numerical Algorithms, §3.1) and are no larger in practice than the
 * recursive order's, whose partial sums are the largest.
 */
import { parameterCount, type Batch, type Network } from '../network/network.js';
import { gradientAt, type ParamRef } from '../network/parameters.js';
import { crossEntropyFloat32Error, OUTPUT_GRADIENT_FLOAT32_ERROR, softmaxFloat32Error } from '../ops/softmax-cross-entropy.js';
import { F32_TOLERANCE } from '../print/gradient-table.js';
import { F32_MIN_SUBNORMAL } from '../record/float32-range.js';
import type { PassRecord } from '../record/pass-record.js';
import { rng } from '../util/seeded-random.js';
import { float64Pass, type PassArithmetic } from './float64-pass.js';

/** How many passes are drawn. */
export const CONDITIONING_PASSES = 8;
/** Pass k draws from mulberry32(CONDITIONING_SEED + k). */
export const CONDITIONING_SEED = 0x32c0;

const word = new Uint32Array(1);
const float = new Float32Array(word.buffer);

/**
 * The most multiply-adds (batch size × parameters) a network and batch may cost one pass and still
 * get the test: the CONDITIONING_PASSES passes then take ~1–3 s on one core (measured here: a
 * 784-64-10 network, batch 32, 1.6e6, 1.5 s). The page runs it on its main thread.
 */
export const CONDITIONING_BUDGET = 2e6;

/** Null when the test fits CONDITIONING_BUDGET; else why it is not run, and what that means, in one line's words. */
export function conditioningSkipped(network: Network, batch: Batch): string | null {
  const cost = batch.size * parameterCount(network);
  if (cost <= CONDITIONING_BUDGET) return null;
  return `the float32 conditioning test was not run (batch × parameters = ${cost.toExponential(1)} multiply-adds a pass, past its budget of ${CONDITIONING_BUDGET.toExponential(0)}): float32 arithmetic alone may account for these; a smaller batch gets the test`;
}

/** The float32 next to `f` (float32's rounding of x, so of x's sign) on x's side. */
function neighbour(f: number, x: number): number {
  if (f === 0) return x > 0 ? F32_MIN_SUBNORMAL : -F32_MIN_SUBNORMAL;
  float[0] = f;
  // The magnitude's bits count up away from zero, for either sign.
  word[0] += Math.abs(x) > Math.abs(f) ? 1 : -1;
  return float[0];
}

/** Rounds x to one of the two float32 values either side of it, picked by `next`; a value float32
 *  holds (NaN and ±Infinity included) stays as it is. */
export function randomRounding(next: () => number): (x: number) => number {
  return (x) => {
    const f = Math.fround(x);
    if (f === x || !Number.isFinite(f)) return f;
    return next() < 0.5 ? f : neighbour(f, x);
  };
}

/** One conditioning pass's arithmetic (the model above), drawing from `next`. */
export function float32Arithmetic(next: () => number): PassArithmetic {
  const round = randomRounding(next);
  /** A float32 value within `bound` of `value`, at random. */
  const near = (value: number, bound: number) => round(value + (2 * next() - 1) * bound);
  return {
    round,
    activation: (rule, z, a) => near(a, rule.float32Error.forward(z, a)),
    derivative: (rule, a, d) => near(d, rule.float32Error.derivative(a)),
    softmax(logits, p) {
      const bound = softmaxFloat32Error(logits, p, new Float64Array(p.length));
      for (let i = 0; i < p.length; i++) p[i] = near(p[i], bound[i]);
    },
    loss: (logits, p, label, loss) => near(loss, crossEntropyFloat32Error(logits, p, label, loss)),
    outputGradient: (dz) => near(dz, OUTPUT_GRADIENT_FLOAT32_ERROR * Math.abs(dz)),
  };
}

/** The float32-rounded network and batch (float32-inputs.ts's roundToFloat32). */
export interface RoundedInput {
  readonly network: Network;
  readonly batch: Batch;
}

/** The CONDITIONING_PASSES passes on the float32-rounded network and batch, each in its own float32Arithmetic. */
export function conditioningPasses(rounded: RoundedInput): PassRecord[] {
  // Values past float32's range are float32-range.ts's to name: no value scan here, as for f32-input's pass.
  return Array.from({ length: CONDITIONING_PASSES }, (_, k) =>
    float64Pass(rounded.network, rounded.batch, null, { scanBatch: false, scanWeights: false }, float32Arithmetic(rng(CONDITIONING_SEED + k))),
  );
}

/**
 * The rule: `samples` are one value in the f32-input pass and in each conditioning pass, `allowed`
 * the tolerance at its float64 value, `value` WebGPU's. Returns the spread (max − min of the finite
 * samples) when it exceeds `allowed` and `value` lies within one spread of [min, max] — the value
 * is ill-conditioned in float32 and cannot be judged — else null. When a sample is not finite:
 * Infinity for a `value` that is not finite either (float32 arithmetic overflows there too), and the
 * finite samples alone judge a finite `value` (null when none is finite: it is judged as usual).
 */
export function f32CondSpread(samples: readonly number[], allowed: number, value: number): number | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of samples) {
    if (!Number.isFinite(v)) {
      if (!Number.isFinite(value)) return Infinity;
      continue;
    }
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo > hi) return null;
  const spread = hi - lo;
  if (!(spread > allowed)) return null;
  return value >= lo - spread && value <= hi + spread ? spread : null;
}

/**
 * The test as the gradient table asks it (Float32Context.f32Cond). `samples` gives the f32-input
 * pass, then the conditioning passes (float32-inputs.ts's float32Passes: run at the first question).
 */
export function gradientConditioning(samples: () => readonly PassRecord[]): (ref: ParamRef, analytical: number, webgpu: number) => number | null {
  return (ref, analytical, webgpu) =>
    f32CondSpread(
      samples().map((r) => gradientAt(r.grads, ref)),
      F32_TOLERANCE.abs + F32_TOLERANCE.rel * Math.abs(analytical),
      webgpu,
    );
}

/**
 * The dense (linear) op: z_i = b_i + Σ_j W[i][j] · a_prev[j], W row-major outDim × inDim.
 * Its local derivatives: ∂z_i/∂W[i][j] = a_prev[j], ∂z_i/∂b_i = 1, ∂z_i/∂a_prev[j] = W[i][j] — so
 * dL/dW = dL/dz · a_prevᵀ, dL/db = dL/dz, dL/da_prev = Wᵀ · dL/dz (the lesson's steps 2–4).
 */

/**
 * z_i for one example: the sum starts at the bias and adds W[i][j]·a[j] in j order — the lesson's
 * order, which every float64 path keeps so their sums round the same way.
 * `input` holds the example's a_prev at `inputOffset` (inDim entries).
 */
export function linearUnit(W: Float64Array, b: Float64Array, inDim: number, i: number, input: ArrayLike<number>, inputOffset: number): number {
  let sum = b[i];
  const row = i * inDim;
  for (let j = 0; j < inDim; j++) sum += W[row + j] * input[inputOffset + j];
  return sum;
}

/**
 * linearUnit as a float32 machine computes it: every weight, product and sum rounded to float32
 * (`round`: Math.fround, round to nearest; the float32 conditioning test passes a random choice of
 * the two float32 neighbours), in the same order. The h sweep's float32 loss (src/hsweep/loss32.ts)
 * uses it.
 */
export function linearUnitF32(W: Float64Array, b: Float64Array, inDim: number, i: number, input: ArrayLike<number>, inputOffset: number, round: (x: number) => number = Math.fround): number {
  const r = round;
  let sum = r(b[i]);
  const row = i * inDim;
  for (let j = 0; j < inDim; j++) sum = r(sum + r(r(W[row + j]) * input[inputOffset + j]));
  return sum;
}

/**
 * dL/da_prev[j] for one example = Σ_i dL/dz[i] · W[i][j] (W read transposed); `dz` at `dzOffset`.
 * `round`, when given, rounds every product and sum (as linearUnitF32's); without it, float64.
 */
export function linearInputGradient(W: Float64Array, inDim: number, outDim: number, j: number, dz: ArrayLike<number>, dzOffset: number, round?: (x: number) => number): number {
  let sum = 0;
  for (let i = 0; i < outDim; i++) {
    const term = dz[dzOffset + i] * W[i * inDim + j];
    sum = round ? round(sum + round(term)) : sum + term;
  }
  return sum;
}

/** The linear op's row of the op table (src/ops/op-table.ts). */
export const LINEAR_OP = {
  op: 'linear',
  forward: 'z = W·a_prev + b',
  localDerivative: '∂z_i/∂W[i][j] = a_prev[j], ∂z_i/∂b_i = 1, ∂z_i/∂a_prev[j] = W[i][j]',
  float64: 'linearUnit, linearInputGradient (src/ops/linear.ts)',
  wgsl: 'src/gpu/per-op/linear-forward.wgsl, backward-data.wgsl, parameter-gradients.wgsl (the fused kernels write it out per network)',
  test: 'test/cpu/float64-vs-finite-diff.test.ts, test/gpu/kernels.test.ts',
} as const;

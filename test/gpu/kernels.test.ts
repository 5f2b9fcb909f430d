/**
 * Each per-op kernel alone against float64 on random shapes (widths 1, 2, 3, 17, 64, 130, 784;
 * batches 1, 7, 64, 1000, 65537). The reference is computed in float64 from the same
 * f32-rounded inputs the GPU sees, so the only difference is the kernel's own f32 arithmetic:
 *
 * - sums of products (linear, backward-data, parameter gradients, sum-rows) are checked
 *   against the classic bound for recursive f32 summation, γ_k · Σ|terms| (kernel-harness.ts);
 *   the kernels add in a fixed order, so this bound is what they must meet, per element;
 * - softmax / cross-entropy use exp and log, which WGSL allows a few ULPs of error (and
 *   SwiftShader's are approximations): checked to 2e-6 relative, well above f32's 6e-8 ulp and
 *   well below anything a trace would show.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GpuContext } from '../../src/gpu/runtime/gpu-context.js';
import {
  ACTIVATION,
  BACKWARD_DATA,
  LINEAR_FORWARD,
  PARAMETER_GRADIENTS,
  SOFTMAX_CROSS_ENTROPY,
  SUM_ROWS,
} from '../../src/gpu/wgsl/layouts.js';
import { activationSource } from '../../src/gpu/per-op/per-op-source.js';
import { ACTIVATIONS } from '../../src/ops/activations.js';
import { backwardDataKernel, linearForwardKernel, parameterGradientsKernel } from '../../src/gpu/per-op/per-op-codegen.js';
import { acquireTestGpu, rng } from './gpu-fixture.js';
import { dotBound, runKernel } from './kernel-harness.js';
import { sumRowsLevel } from '../../src/gpu/reduction/host-sum.js';

const gpu = await acquireTestGpu();
const ctx = gpu ? new GpuContext(gpu.handle.device) : null;
afterAll(() => {
  ctx?.destroy();
  gpu?.release();
});

function randomF32(n: number, seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

/** [inDim, outDim, batch] — every width and batch of the issue appears, at affordable cost. */
const LINEAR_SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [2, 3, 7],
  [3, 2, 64],
  [17, 3, 1000],
  [64, 17, 7],
  [130, 64, 7],
  [784, 17, 64],
  [3, 130, 1000],
  [2, 1, 65537],
  [784, 2, 1],
];

describe.skipIf(!gpu)('each kernel alone vs float64', () => {
  it.each(LINEAR_SHAPES)('linear-forward %i → %i, batch %i', async (inDim, outDim, N) => {
    const A = randomF32(N * inDim, inDim * 7 + N);
    const W = randomF32(outDim * inDim, outDim);
    const b = randomF32(outDim, 3);
    const k = linearForwardKernel(inDim, outDim);
    const { z } = await runKernel(ctx!, LINEAR_FORWARD, k.threads(N), { rows: N }, { aPrev: A, W, b }, { z: N * outDim }, k.code);
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < outDim; i++) {
        let exact = b[i];
        let abs = Math.abs(b[i]);
        for (let j = 0; j < inDim; j++) {
          exact += W[i * inDim + j] * A[n * inDim + j];
          abs += Math.abs(W[i * inDim + j] * A[n * inDim + j]);
        }
        const err = Math.abs(z[n * outDim + i] - exact);
        if (err > dotBound(inDim + 1, abs)) expect.fail(`z[${n}][${i}] = ${z[n * outDim + i]}, expected ${exact} (err ${err})`);
      }
    }
  });

  it.each([[1, 1], [7, 3], [1000, 17], [64, 784], [65537, 2]])('relu, batch %i × width %i (relu\'(0) = 0)', async (N, w) => {
    const Z = randomF32(N * w, N + w);
    Z[0] = 0; // exactly zero: dead, local derivative 0
    if (Z.length > 1) Z[1] = -0;
    const { a, local } = await runKernel(ctx!, ACTIVATION, N * w, {}, { z: Z }, { a: N * w, local: N * w }, activationSource('relu'));
    for (let k = 0; k < Z.length; k++) {
      const alive = Z[k] > 0;
      if (!Object.is(a[k], alive ? Z[k] : 0) || local[k] !== (alive ? 1 : 0)) expect.fail(`relu(${Z[k]}) → a ${a[k]}, local ${local[k]}`);
    }
  });

  // σ and tanh use exp, which WGSL computes to a few ULPs; both are ≤ 1 in size, so absolute error.
  it.each([['sigmoid', 1000], ['tanh', 1000], ['sigmoid', 7], ['tanh', 65537]] as const)('%s, %i values from -100 to 100 (the op table\'s rule, saturated ends finite)', async (name, count) => {
    const rule = ACTIVATIONS[name];
    const Z = Float32Array.from({ length: count }, (_, k) => (count === 7 ? [-100, -20, -7, 0, 1e-4, 3, 100][k] : -100 + (200 * k) / (count - 1)));
    const { a, local } = await runKernel(ctx!, ACTIVATION, count, {}, { z: Z }, { a: count, local: count }, activationSource(name));
    for (let k = 0; k < count; k++) {
      const exact = rule.forward(Z[k]);
      const d = rule.derivative(exact);
      if (!(Math.abs(a[k] - exact) <= 2e-6)) expect.fail(`${name}(${Z[k]}) → ${a[k]}, expected ${exact}`);
      if (!(Math.abs(local[k] - d) <= 4e-6)) expect.fail(`${name}'(${Z[k]}) → ${local[k]}, expected ${d}`);
    }
  });

  it.each([
    [1, 2, 1],
    [7, 3, 1],
    [64, 17, 30],
    [1000, 2, 400],
    [65537, 3, 5],
    [7, 130, 300],
  ])('softmax-cross-entropy, batch %i, %i classes, logits up to ±%i', async (N, C, scale) => {
    const Z = randomF32(N * C, N * C, scale);
    const r = rng(N);
    const labels = Uint32Array.from({ length: N }, () => Math.floor(r() * C));
    const out = await runKernel(
      ctx!,
      SOFTMAX_CROSS_ENTROPY,
      N,
      { classes: C, batchSize: N },
      { z: Z, labels },
      { p: N * C, lossPerExample: N, dz: N * C },
    );
    for (let n = 0; n < N; n++) {
      const row = Z.subarray(n * C, (n + 1) * C);
      const m = Math.max(...row);
      const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
      const loss = Math.log(s) - (row[labels[n]] - m);
      const lossErr = Math.abs(out.lossPerExample[n] - loss);
      if (!Number.isFinite(out.lossPerExample[n]) || lossErr > 2e-6 * Math.max(1, loss)) expect.fail(`loss[${n}] ${out.lossPerExample[n]} vs ${loss}`);
      for (let i = 0; i < C; i++) {
        const p = Math.exp(row[i] - m) / s;
        const dz = (p - (labels[n] === i ? 1 : 0)) / N;
        if (Math.abs(out.p[n * C + i] - p) > 2e-6) expect.fail(`p[${n}][${i}] ${out.p[n * C + i]} vs ${p}`);
        if (Math.abs(out.dz[n * C + i] - dz) > 2e-6 / N) expect.fail(`dz[${n}][${i}] ${out.dz[n * C + i]} vs ${dz}`);
      }
    }
  });

  it.each([
    [1, 1, 1],
    [2, 3, 7],
    [17, 2, 64],
    [64, 130, 7],
    [3, 17, 1000],
    [784, 3, 64],
    [2, 3, 65537],
  ])('backward-data %i ← %i, batch %i (dA = dZ·W, dZ = dA ⊙ local)', async (inDim, outDim, N) => {
    const dz = randomF32(N * outDim, N + outDim, 0.01);
    const W = randomF32(outDim * inDim, inDim);
    const r = rng(inDim * N);
    // relu's 0 or 1, or a sigmoid / tanh derivative in between.
    const localPrev = Float32Array.from({ length: N * inDim }, () => (r() < 0.3 ? 0 : r() < 0.5 ? 1 : r()));
    const k = backwardDataKernel(inDim, outDim);
    const out = await runKernel(ctx!, BACKWARD_DATA, k.threads(N), { rows: N }, { dz, W, localPrev }, { daPrev: N * inDim, dzPrev: N * inDim }, k.code);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < inDim; j++) {
        let exact = 0;
        let abs = 0;
        for (let i = 0; i < outDim; i++) {
          exact += dz[n * outDim + i] * W[i * inDim + j];
          abs += Math.abs(dz[n * outDim + i] * W[i * inDim + j]);
        }
        const k = n * inDim + j;
        if (Math.abs(out.daPrev[k] - exact) > dotBound(outDim, abs)) expect.fail(`da[${n}][${j}] ${out.daPrev[k]} vs ${exact}`);
        if (!Object.is(out.dzPrev[k], Math.fround(out.daPrev[k] * localPrev[k]))) expect.fail(`dz[${n}][${j}] ${out.dzPrev[k]} ≠ da·local`);
      }
    }
  });

  it.each([
    [1, 1, 1, 64],
    [2, 3, 7, 64],
    [3, 2, 1000, 64],
    [17, 64, 64, 16],
    [130, 3, 1000, 256],
    [784, 2, 7, 64],
    [2, 3, 65537, 256],
    [6, 5, 700, 256],
    [130, 17, 300, 256],
  ])('parameter-gradients pass 1, %i → %i, batch %i, blocks of %i', async (inDim, outDim, N, blockRows) => {
    const dz = randomF32(N * outDim, N * 3 + outDim, 0.01);
    const A = randomF32(N * inDim, inDim + N);
    const blocks = Math.ceil(N / blockRows);
    const P = outDim * (inDim + 1);
    const blockOffset = 2; // a later chunk's blocks land after earlier ones
    const partialOffset = 7; // where a layer's rows start in the buffer (a one-block batch: its place in the results)
    const k = parameterGradientsKernel(inDim, outDim);
    const { partials } = await runKernel(
      ctx!,
      PARAMETER_GRADIENTS,
      k.threads(blocks),
      { rows: N, blockRows, blockOffset, partialOffset },
      { dz, aPrev: A },
      { partials: partialOffset + (blocks + blockOffset) * P },
      k.code,
    );
    for (let blk = 0; blk < blocks; blk++) {
      const last = Math.min((blk + 1) * blockRows, N);
      for (let i = 0; i < outDim; i++) {
        for (let j = 0; j <= inDim; j++) {
          let exact = 0;
          let abs = 0;
          for (let n = blk * blockRows; n < last; n++) {
            const term = dz[n * outDim + i] * (j === inDim ? 1 : A[n * inDim + j]);
            exact += term;
            abs += Math.abs(term);
          }
          const got = partials[partialOffset + (blockOffset + blk) * P + i * (inDim + 1) + j];
          if (Math.abs(got - exact) > dotBound(last - blk * blockRows, abs)) expect.fail(`block ${blk} [${i}][${j}] ${got} vs ${exact}`);
        }
      }
    }
  });

  it.each([
    [1, 1, 64],
    [7, 3, 64],
    [1000, 17, 64],
    [65537, 1, 64],
    [64, 784, 8],
    [130, 130, 64],
  ])('sum-rows, %i rows × %i columns, groups of %i', async (rows, cols, groupRows) => {
    const src = randomF32(rows * cols, rows + cols);
    const groups = Math.ceil(rows / groupRows);
    const dstOffset = 5;
    const { dst } = await runKernel(ctx!, SUM_ROWS, groups * cols, { rows, cols, groupRows, dstOffset }, { src }, { dst: dstOffset + groups * cols });
    for (let g = 0; g < groups; g++) {
      for (let c = 0; c < cols; c++) {
        let exact = 0;
        let abs = 0;
        for (let r = g * groupRows; r < Math.min((g + 1) * groupRows, rows); r++) {
          exact += src[r * cols + c];
          abs += Math.abs(src[r * cols + c]);
        }
        const got = dst[dstOffset + g * cols + c];
        if (Math.abs(got - exact) > dotBound(groupRows, abs)) expect.fail(`group ${g} col ${c}: ${got} vs ${exact}`);
      }
    }
    // The host's level (host-sum.ts, used when few partial rows are left) gives the same bits.
    const host = sumRowsLevel(src, 0, rows, cols, groupRows);
    for (let k = 0; k < groups * cols; k++) if (!Object.is(host[k], dst[dstOffset + k])) expect.fail(`host sum [${k}] ${host[k]} vs GPU ${dst[dstOffset + k]}`);
  });

  it('sum-rows and the host level agree on signed zeros and cancellation, bit for bit', async () => {
    const rows = 70;
    const cols = 6;
    const src = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      src[r * cols + 0] = -0; // all −0: the sum keeps its sign
      src[r * cols + 1] = r === 0 ? 0 : -0;
      src[r * cols + 2] = r % 2 ? 1e8 : -1e8; // cancellation, then a small term
      src[r * cols + 3] = r === rows - 1 ? 3e-3 : r % 2 ? 1e8 : -1e8;
      src[r * cols + 4] = Math.fround(0.1 * (r + 1));
      src[r * cols + 5] = Math.fround((r % 7) - 3.3);
    }
    const groupRows = 64;
    const groups = Math.ceil(rows / groupRows);
    const { dst } = await runKernel(ctx!, SUM_ROWS, groups * cols, { rows, cols, groupRows, dstOffset: 0 }, { src }, { dst: groups * cols });
    const host = sumRowsLevel(src, 0, rows, cols, groupRows);
    expect(Object.is(host[0], -0)).toBe(true);
    for (let k = 0; k < groups * cols; k++) if (!Object.is(host[k], dst[k])) expect.fail(`host sum [${k}] ${host[k]} vs GPU ${dst[k]}`);
  });
});


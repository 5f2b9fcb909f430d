/** The arithmetic behind the benchmark's GFLOP/s figures (bench/flops.ts). */
import { describe, expect, it } from 'vitest';
import { kernelFlops, passFlopsPerExample } from '../../bench/flops.js';

describe('pass and kernel FLOP counts', () => {
  it('counts forward, dW and (above layer 0) dA as 2 FLOP per weight each', () => {
    // 2-3-2: layer 0 has 6 weights (forward + dW), layer 1 has 6 (forward + dW + dA).
    expect(passFlopsPerExample([2, 3, 2])).toBe(4 * 6 + 6 * 6);
    expect(passFlopsPerExample([784, 128, 10])).toBe(4 * 784 * 128 + 6 * 128 * 10);
  });

  it('per-op products sum over the layers they run on; fused GEMMs over theirs', () => {
    expect(kernelFlops('linear-forward', [784, 128, 10], 10)).toBe(2 * 10 * (784 * 128 + 1280));
    expect(kernelFlops('backward-data', [784, 128, 10], 10)).toBe(2 * 10 * 1280);
    expect(kernelFlops('fused-gemm-forward', [784, 128, 10], 10)).toBe(2 * 10 * 784 * 128);
    // A head plan (one hidden layer, ≤ 32 classes) runs the weight-gradient GEMM for both layers.
    expect(kernelFlops('fused-gemm-weight-grad', [784, 128, 10], 10)).toBe(2 * 10 * (784 * 128 + 1280));
    expect(kernelFlops('fused-gemm-weight-grad', [784, 128, 64, 10], 10)).toBe(2 * 10 * 784 * 128);
    expect(kernelFlops('activation', [2, 3, 2], 10)).toBeNull();
  });
});

/** The arithmetic behind the benchmark's GFLOP/s figures (bench/flops.ts). */
import { describe, expect, it } from 'vitest';
import { kernelFlops, passFlopsPerExample, perOpFloatsPerExample } from '../../bench/flops.js';
import { buildRows, perOpFloorMs, targets } from '../../bench/report/analysis.js';
import type { Cell, ImplInfo } from '../../bench/protocol.js';

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

describe('the per-op pass\'s floor (the per-op target\'s "floor on this adapter")', () => {
  it('counts each intermediate where it is written and where each kernel reads it', () => {
    // 2-3-2, kernel by kernel: linear-forward (2+3)+(3+2), the hidden activation 3·3, softmax +
    // cross-entropy 2 logits + label in, p, dz (2 each) + loss out, parameter-gradients (3+2)+(2+3),
    // backward-data 2 dz in + 3 local derivatives in + 3 dz out, the loss sum 1.
    expect(perOpFloatsPerExample([2, 3, 2])).toBe(10 + 9 + 8 + 10 + 8 + 1);
    // No hidden layer (softmax regression): one product each way and softmax.
    expect(perOpFloatsPerExample([4, 3])).toBe(7 + 7 + 11 + 1);
  });

  const cell = (impl: string, median: number, batch = 65536): Cell => ({ impl, network: '2-3-2', batch, status: 'ok', check: null, ms: { median, min: median, max: median } });
  const impls: ImplInfo[] = [
    { id: 'per-op', ours: true },
    { id: 'f64-loop', ours: false },
  ] as ImplInfo[];
  const rows = buildRows([cell('roofline', 0.5), cell('per-op', 12), cell('f64-loop', 6)], impls, () => [2, 3, 2]);

  it('takes the read roofline\'s rate per float net of the fixed cost, plus the fixed cost once', () => {
    // 0.5 ms − 0.1 ms fixed over 65536 · 3 floats read = 2.03 ns a float; 46 floats an example.
    const nsPerFloat = (0.4 * 1e6) / (65536 * 3);
    expect(perOpFloorMs(rows, [2, 3, 2], '2-3-2', 65536, 0.1)).toBeCloseTo(0.1 + (46 * 65536 * nsPerFloat) / 1e6, 9);
    expect(perOpFloorMs(rows, [2, 3, 2], '2-3-2', 65536, null)).toBeNull();
    expect(perOpFloorMs(rows, [2, 3, 2], '2-3-2', 4096, 0.1)).toBeNull(); // no roofline at that batch
  });

  it('is stated in the per-op target\'s detail when the fixed cost is known, and only then', () => {
    const withFloor = targets(rows, impls, 0.1).find((t) => t.target.startsWith('per-op'))!;
    expect(withFloor.met).toBe(false);
    expect(withFloor.detail).toMatch(/floor on this adapter: ≥ 46 floats an example through memory at the read roofline's rate = 6\.23 ms, the float64 loop's run 6\.00 ms$/);
    expect(targets(rows, impls).find((t) => t.target.startsWith('per-op'))!.detail).not.toContain('floor');
  });
});

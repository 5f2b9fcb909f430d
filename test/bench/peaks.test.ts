/** Fractions of a GPU's peaks (bench/peaks.ts) and bench/device.sh's plan (dry run: changes nothing). */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cellFractions, findPeaks, fractionsTable } from '../../bench/peaks.js';

describe('GPU peaks', () => {
  it('knows the H200 (4.8 TB/s; FP32 = 16 896 cores × 2 × 1.98 GHz ≈ 66.9 TFLOP/s) and tells H100 PCIe from SXM', () => {
    const h200 = findPeaks('NVIDIA H200')!;
    expect(h200.gbps).toBe(4800);
    expect(h200.tflops).toBeCloseTo(66.9, 1);
    expect(findPeaks('NVIDIA H100 PCIe')!.gbps).toBe(2000);
    expect(findPeaks('NVIDIA H100 80GB HBM3')!.gbps).toBe(3350);
    expect(findPeaks('NVIDIA A100-SXM4-40GB')!.gbps).toBe(1555);
    expect(findPeaks('Tesla T4')!.tflops).toBeCloseTo(8.1, 1);
    expect(findPeaks('SwiftShader Device')).toBeNull();
  });

  it('a cell\'s bandwidth and FP32 fractions follow from its batch, widths and median time', () => {
    // 2-3-2 @ 2^20 in 1 ms: bytes = N·(2+1)·4 = 12.58 MB → 12.58 TB/s... of a 4.8 TB/s board.
    const N = 2 ** 20;
    const f = cellFractions({ impl: 'fused', network: '2-3-2', batch: N, medianMs: 1 }, { gbps: 4800, tflops: 66.9 });
    expect(f.gbps).toBeCloseTo((N * 12) / 1e-3 / 1e9, 6);
    expect(f.bandwidth).toBeCloseTo(f.gbps / 4800, 9);
    // 60 FLOP per example (bench/flops.ts) × N per ms.
    expect(f.gflops).toBeCloseTo((60 * N) / 1e-3 / 1e9, 6);
    expect(f.fp32).toBeCloseTo(f.gflops / 66900, 9);
    expect(f.examplesPerS).toBeCloseTo(N * 1000, 3);
  });

  it('the table lists ok cells only, the roofline without FLOP', () => {
    const table = fractionsTable(
      {
        rows: [
          { impl: 'roofline', network: '784-128-10', batch: 8192, status: 'ok', ms: { median: 0.5 } },
          { impl: 'fused', network: '784-128-10', batch: 8192, status: 'ok', ms: { median: 2 } },
          { impl: 'per-op', network: '784-128-10', batch: 8192, status: 'skipped' },
        ],
      },
      findPeaks('NVIDIA H200')!,
    );
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^roofline .* %$/);
    expect(lines[3]).toMatch(/^fused .* % +[\d.]+ +[\d.e+-]+ %$/);
  });
});

describe('bench/device.sh --dry-run', () => {
  it('prints every step and the bounded benchmark command without running it', () => {
    const out = execFileSync('bash', ['bench/device.sh', '--dry-run'], { encoding: 'utf8' });
    for (const step of ['==> GPU', '==> Vulkan loader', '==> NVIDIA Vulkan ICD', '==> benchmark', '==> fractions']) expect(out).toContain(step);
    expect(out).toMatch(/would run: timeout \d+ node dist\/bench\/bench\.js --icd system/);
  });

  it('refuses an unknown argument with exit 2', () => {
    let status: number | null = null;
    try {
      execFileSync('bash', ['bench/device.sh', '--bogus'], { stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});

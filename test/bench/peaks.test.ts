/** Fractions of a GPU's peaks (bench/peaks.ts), bench/device.sh's plan (dry run: changes nothing) and its kit's bundle. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
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

  const status = (args: string[]): number | null => {
    try {
      execFileSync('bash', ['bench/device.sh', ...args], { stdio: 'pipe' });
      return 0;
    } catch (e) {
      return (e as { status: number }).status;
    }
  };

  it('refuses an unknown argument, --kit without a folder, and a folder with no kit, with exit 2', () => {
    expect(status(['--bogus'])).toBe(2);
    expect(status(['--kit'])).toBe(2);
    expect(status(['--dry-run', '--kit', mkdtempSync(join(tmpdir(), 'no-kit-'))])).toBe(2);
  });

  it('with --kit, runs the kit\'s Node and bundle and neither npm nor apt', () => {
    const kit = mkdtempSync(join(tmpdir(), 'kit-'));
    writeFileSync(join(kit, 'kit.tar.xz'), '');
    const out = execFileSync('bash', ['bench/device.sh', '--dry-run', '--kit', kit], { encoding: 'utf8' });
    expect(out).toContain(`==> kit (${kit}/kit.tar.xz)`);
    expect(out).toMatch(/would run: timeout \d+ \/tmp\/gradient-trace-kit\.X+\/bin\/node \/tmp\/gradient-trace-kit\.X+\/dist\/bench\/bench\.js --icd system/);
    expect(out).not.toMatch(/npm|apt-get/);
  });
});

describe('the device kit\'s bundle (bench/vite.device-kit.config.ts)', () => {
  // The kit carries Node, this bundle and Dawn's addon only: the bundle may import Node's own
  // modules, 'webgpu' and its own chunks — nothing else from node_modules.
  it('imports nothing from node_modules but webgpu', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'kit-bundle-'));
    execFileSync('npx', ['vite', 'build', '-c', 'bench/vite.device-kit.config.ts', '--ssr', 'bench/bench.ts', '--outDir', outDir, '--logLevel', 'error'], { stdio: 'pipe' });
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(1);
    const specifiers = new Set<string>();
    for (const f of files) {
      const text = readFileSync(join(outDir, f), 'utf8');
      // Static imports start a line; dynamic ones and (bundled CommonJS) requires are calls.
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|\brequire\s*\(\s*["']([^"']+)["']\s*\)/gm)) {
        specifiers.add(m[1] ?? m[2] ?? m[3] ?? m[4]);
      }
    }
    const builtin = new Set(builtinModules);
    const outside = [...specifiers].filter((s) => !s.startsWith('node:') && !builtin.has(s) && !s.startsWith('.') && s !== 'webgpu');
    expect(outside).toEqual([]);
    expect(specifiers).toContain('webgpu');
  }, 120_000);
});

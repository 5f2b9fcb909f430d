/**
 * The match rule, the one verdict the CLI and the page print (src/print/gradient-table.ts), at its
 * edges: finite differences within 1e-6 (relative past |g| = 1), WebGPU within 1e-5 + 1e-4·|g|;
 * a row matches only when both do. test/cli/check-can-fail.test.ts drives it through the CLI.
 */
import { describe, expect, test } from 'vitest';
import { lessonNetwork } from '../../src/network/lesson.js';
import { FD_TOLERANCE, F32_TOLERANCE, fdMatches, gpuMatches, gradientRows, verdictLine } from '../../src/print/gradient-table.js';
import type { Gradients } from '../../src/record/pass-record.js';

describe('the match rule', () => {
  test('finite differences: |fd − f64| ≤ 1e-6 · max(1, |f64|)', () => {
    expect(FD_TOLERANCE).toBe(1e-6);
    expect(fdMatches(0.5, 1e-6)).toBe(true);
    expect(fdMatches(0.5, 1.01e-6)).toBe(false);
    expect(fdMatches(-10, 9.9e-6)).toBe(true);
    expect(fdMatches(-10, 1.01e-5)).toBe(false);
    expect(fdMatches(0, Number.NaN)).toBe(false);
  });

  test('WebGPU: |webgpu − f64| ≤ 1e-5 + 1e-4 · |f64|', () => {
    expect(F32_TOLERANCE).toEqual({ abs: 1e-5, rel: 1e-4 });
    expect(gpuMatches(0, 1e-5)).toBe(true);
    expect(gpuMatches(0, 1.01e-5)).toBe(false);
    expect(gpuMatches(-1, 1.09e-4)).toBe(true);
    expect(gpuMatches(-1, 1.11e-4)).toBe(false);
    expect(gpuMatches(1, Number.NaN)).toBe(false);
  });

  test('a row matches only when finite differences and WebGPU both do; the verdict counts and names the rest', () => {
    const network = lessonNetwork();
    const zeros = (): Gradients => ({ dW: network.layers.map((l) => new Float64Array(l.W.length)), db: network.layers.map((l) => new Float64Array(l.b.length)) });
    const cpu = zeros();
    const fd = zeros();
    const gpu = zeros();
    fd.dW[0][1] = 2e-6; // W1[0][1]: finite differences off
    gpu.db[1][0] = 2e-5; // b2[0]: WebGPU off
    const rows = gradientRows(network, cpu, fd, gpu);
    expect(rows.filter((r) => !r.match).map((r) => r.name)).toEqual(['W1[0][1]', 'b2[0]']);
    expect(verdictLine(rows)).toMatch(/^verdict: 15 of 17 parameters match; .*; MISMATCH at W1\[0\]\[1\], b2\[0\]$/);
    expect(gradientRows(network, cpu, cpu).every((r) => r.match)).toBe(true);
  });
});

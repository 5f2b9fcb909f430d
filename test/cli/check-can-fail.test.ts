/**
 * The gradient check can fail: the CLI, given an analytical pass whose gradient is wrong in one
 * parameter (a substituted pass, src/cli/main.ts Passes), exits 1 and names that row — in the
 * lesson's table, the verdict line and --json's exit status. The same for a wrong WebGPU gradient.
 */
import { describe, expect, test } from 'vitest';
import type { Passes } from '../../src/cli/main.js';
import { runOnWebGpu } from '../../src/cli/gpu-run.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { checkGradients } from '../../src/reference/fd-check.js';
import { DEFAULT_H } from '../../src/reference/finite-diff.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { runCli } from '../support/run-cli.js';

const required = process.env.REQUIRE_WEBGPU === '1';

/** The record with dW_layer[index] moved by `by`. */
function perturbed(record: PassRecord, layer: number, index: number, by: number): PassRecord {
  const dW = record.grads.dW.map((g) => g.slice());
  dW[layer][index] += by;
  return { ...record, grads: { ...record.grads, dW } };
}

describe('a wrong gradient makes the CLI exit 1 and name its row', () => {
  // W1[1][0] of the lesson: analytical +0.188883; 1e-5 off is 10× the finite-difference tolerance.
  const wrongFloat64: Passes = { float64: (n, b) => perturbed(float64Pass(n, b), 0, 2, 1e-5), webgpu: runOnWebGpu };

  test('float64 vs finite differences, the lesson\'s table', async () => {
    const { code, stdout } = await runCli(['--backend', 'cpu'], wrongFloat64);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^W1\[1\]\[0\] +\+0\.188893 +\+0\.188883 +1\.00e-05 +no$/m);
    expect(stdout).toMatch(/^verdict: 16 of 17 parameters match; worst \|delta\| 1\.00e-05 at W1\[1\]\[0\]; MISMATCH at W1\[1\]\[0\]$/m);
    // Every other row still matches.
    expect(stdout.match(/ no$/gm)).toHaveLength(1);
  });

  test('--json exits 1 too', async () => {
    const { code, stdout } = await runCli(['--backend', 'cpu', '--json'], wrongFloat64);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).grads.cpu.W1[1][0]).toBeCloseTo(0.188883 + 1e-5, 6);
  });

  test('a gradient off by a tenth of its stated tolerance still matches, by three times it does not', async () => {
    const network = lessonNetwork();
    const batch = lessonBatch();
    const tolerance = checkGradients(network, batch, float64Pass(network, batch), { h: DEFAULT_H }).rows[2]!.tolerance;
    const off = (by: number): Passes => ({ float64: (n, b) => perturbed(float64Pass(n, b), 0, 2, by), webgpu: runOnWebGpu });
    const close = await runCli(['--backend', 'cpu'], off(tolerance / 10));
    expect(close.code).toBe(0);
    expect(close.stdout).toMatch(/^verdict: 17 of 17 parameters match/m);
    const far = await runCli(['--backend', 'cpu'], off(3 * tolerance));
    expect(far.code).toBe(1);
    expect(far.stdout).toMatch(/MISMATCH at W1\[1\]\[0\]/);
  });

  test('a wrong WebGPU gradient: the three-way table names the row', async () => {
    const wrongGpu: Passes = {
      float64: float64Pass,
      webgpu: async (n, b, intermediates) => {
        const outcome = await runOnWebGpu(n, b, intermediates);
        return { ...outcome, record: perturbed(outcome.record, 1, 4, 1e-3) };
      },
    };
    const { code, stdout, stderr } = await runCli(['--backend', 'all'], wrongGpu);
    if (!required && code === 1 && stderr.startsWith('gradient-trace: WebGPU: ')) return; // no adapter here
    expect(code).toBe(1);
    expect(stdout).toMatch(/^W2\[1\]\[1\] +[-+]\d\.\d{6} +[-+]\d\.\d{6} +[-+]\d\.\d{6} +1\.00e-03 +\d\.\d\de-\d\d +no$/m);
    expect(stdout).toMatch(/; MISMATCH at W2\[1\]\[1\]$/m);
  });
});

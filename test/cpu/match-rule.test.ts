/**
 * The match rule, the one verdict the CLI and the page print (src/print/gradient-table.ts): WebGPU
 * within 1e-5 + 1e-4·|g| at its edges, and a row matches only when its finite-difference check
 * (reference/fd-check.ts, tested in fd-check.test.ts) and WebGPU both do.
 * test/cli/check-can-fail.test.ts drives the same rule through the CLI.
 */
import { describe, expect, test } from 'vitest';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { F32_TOLERANCE, gpuMatches, gradientRows, verdictLine } from '../../src/print/gradient-table.js';
import { summaryLines } from '../../src/print/summary.js';
import { parseNetworkDocument } from '../../src/network/network-file.js';
import type { Gradients } from '../../src/record/pass-record.js';
import { checkGradients } from '../../src/reference/fd-check.js';
import { float64Pass } from '../../src/reference/float64-pass.js';

/** `grads` with dW_layer[index] (or db when `bias`) moved by `by`. */
function moved(grads: Gradients, layer: number, index: number, by: number, bias = false): Gradients {
  const dW = grads.dW.map((g) => g.slice());
  const db = grads.db.map((g) => g.slice());
  (bias ? db : dW)[layer][index] += by;
  return { dW, db };
}

describe('the match rule', () => {
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
    const batch = lessonBatch();
    const record = float64Pass(network, batch);
    const right = checkGradients(network, batch, record, { h: 1e-5 });
    expect(gradientRows(network, record.grads, right, record.grads).every((r) => r.match)).toBe(true);

    // W1[1][0]'s analytical gradient 2e-5 off: finite differences disagree. b2[0] 1e-4 off on WebGPU
    // (its tolerance: 1e-5 + 1e-4 · 0.54).
    const wrong = { ...record, grads: moved(record.grads, 0, 2, 2e-5) };
    const fd = checkGradients(network, batch, wrong, { h: 1e-5 });
    const rows = gradientRows(network, wrong.grads, fd, moved(wrong.grads, 1, 0, 1e-4, true));
    expect(rows.filter((r) => !r.match).map((r) => r.name)).toEqual(['W1[1][0]', 'b2[0]']);
    expect(verdictLine(rows, fd)).toMatch(/MISMATCH at W1\[1\]\[0\], b2\[0\]/);
  });

  test("the verdict's worst |fd-f64| is by the estimate each row was judged by: a kink row's one-sided one, not the central one across the kink", () => {
    // z1[0] = 1·0.5 − 1·0.5 + 0 is exactly 0: every nudge of W1[0][*] and b1[0] straddles relu's kink,
    // so the central difference is ~half the one-sided slope (b1[0]: −0.081 against a correct 0).
    const { network, batch } = parseNetworkDocument({ W1: [[1, -1], [0.3, 0.4]], b1: [0, 0.1], W2: [[0.2, -0.3], [-0.1, 0.4]], b2: [0.1, -0.05], input: [0.5, 0.5], target: 0 });
    const record = float64Pass(network, batch);
    const fd = checkGradients(network, batch, record, { h: 1e-5 });
    const rows = gradientRows(network, record.grads, fd);
    const b1 = rows.find((r) => r.name === 'b1[0]')!;
    expect([b1.fdRow!.status, b1.match, b1.fdDelta! > 0.05]).toEqual(['kink', true, true]);
    const worst = (line: string, label: string) => Number(new RegExp(`${label} (\\S+) at`).exec(line)![1]);
    const verdict = verdictLine(rows, fd);
    expect(verdict).toMatch(/^verdict: 12 of 12 parameters match; worst \|delta\| /);
    expect(worst(verdict, 'worst \\|delta\\|')).toBeLessThan(1e-9);
    // With a WebGPU column (here float64's own values) and in the summary of a big network.
    expect(worst(verdictLine(gradientRows(network, record.grads, fd, record.grads), fd), 'worst \\|fd-f64\\|')).toBeLessThan(1e-9);
    const summary = summaryLines(network, batch.size, { cpu: record.loss, webgpu: null }, rows, fd).find((l) => l.includes('worst |fd-f64|'))!;
    expect(worst(summary, 'worst \\|fd-f64\\| +')).toBeLessThan(1e-9);
  });
});

/**
 * QA's four ways the finite-difference check called a wrong gradient correct, and WebGPU's false
 * mismatch from float32 rounding: every row that could not be judged is n/a — never a match, never
 * counted in "k of n match" — and a WebGPU value explained by float32 inputs or range is not a
 * kernel mismatch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { batchOf } from '../../src/network/network.js';
import { parseNetworkFile } from '../../src/network/network-file.js';
import { allAgree, gradientRows, matchText, renderGradientTable, verdictLine } from '../../src/print/gradient-table.js';
import { checkGradients, checkStep } from '../../src/reference/fd-check.js';
import { float64PassOnFloat32Inputs } from '../../src/reference/float32-inputs.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { randomNetwork } from '../support/random-network.js';

const fixture = (name: string) => parseNetworkFile(readFileSync(new URL(`../fixtures/float32/${name}`, import.meta.url), 'utf8'));

describe('a large --h cannot accept a wrong gradient', () => {
  const network = lessonNetwork();
  const batch = lessonBatch();
  test('W2 gradients 10% off at h = 0.5: n/a (truncation), never a match', () => {
    const bad = float64Pass(network, batch);
    bad.grads.dW[1].forEach((g, i) => (bad.grads.dW[1][i] = g * 1.1));
    for (const h of [0.5, 0.05]) {
      const fd = checkGradients(network, batch, bad, { h });
      const rows = gradientRows(network, bad.grads, fd);
      for (const row of rows.filter((r) => r.name.startsWith('W2') && r.analytical !== 0)) {
        expect(row.fdRow!.status === 'mismatch' || row.fdRow!.status === 'unresolvable', `${row.name} at h ${h}`).toBe(true);
        expect(matchText(row)).not.toBe('yes');
      }
      expect(verdictLine(rows, fd)).not.toContain('17 of 17 parameters match');
    }
  });
  test('h >= 1 is refused, naming the rule', () => {
    expect(() => checkStep(network, 1e300)).toThrow(/--h 1e\+300 is too large: the step/);
    expect(() => checkStep(network, 1)).toThrow(/too large/);
    expect(() => checkStep(network, 0.5)).not.toThrow();
  });
});

describe('a kink row that cannot be judged is n/a', () => {
  test('both sides cross a kink and z is exactly 0: not judged, not counted as a match', () => {
    const network = lessonNetwork();
    network.layers[0].W.set([1, -1], 0); // unit 0: z = x0 − x1 + b
    network.layers[0].b[0] = 0;
    // Example 0 has z = 0 exactly (the nudge up flips its gate), example 1 z = +1e-7 (the nudge down flips it).
    const batch = batchOf([[0.5, 0.5], [0.5 + 1e-7, 0.5]], [0, 1], 2);
    const bad = float64Pass(network, batch);
    bad.grads.dW[0][0] = 0; // a bug that blocks the gradient
    const fd = checkGradients(network, batch, bad, { h: 1e-5 });
    const row = fd.rows.find((r) => r?.ref.name === 'W1[0][0]')!;
    expect(row.kinkExamples).toBe(2);
    expect(row.status).toBe('unresolvable');
    expect(row.reason).toMatch(/kink/);
    const rows = gradientRows(network, bad.grads, fd);
    expect(matchText(rows[0])).toBe('n/a');
    expect(rows[0].checked).toBe(false);
    const verdict = verdictLine(rows, fd);
    expect(verdict).toMatch(/^verdict: \d+ of \d+ checked parameters match \(of all 17: \d+ could not be judged \(n\/a\)\)/);
    expect(verdict).not.toContain('17 of 17');
    expect(renderGradientTable(rows).join('\n')).toContain('  n/a  W1[0][0]: finite differences cannot resolve it: kink: the step straddles a ReLU kink in 2 examples');
  });

  test('a wrong gradient of 0 next to kinks is judged against |D|, not only |g| (QA: b200k)', () => {
    const network = lessonNetwork();
    network.layers[0].W.set([1, -1], 0);
    network.layers[0].b[0] = 0;
    // z1[0] = +1e-9, −1e-9 (both sides of the step cross a kink) and 2 (active: a clearly non-zero slope).
    const batch = batchOf([[0.5 + 1e-9, 0.5], [0.5, 0.5 + 1e-9], [2, 0]], [0, 1, 0], 2);
    const bad = float64Pass(network, batch);
    const right = bad.grads.dW[0][0];
    expect(Math.abs(right)).toBeGreaterThan(0.05);
    bad.grads.dW[0][0] = 0;
    const fd = checkGradients(network, batch, bad, { h: 1e-5 });
    const row = fd.rows.find((r) => r?.ref.name === 'W1[0][0]')!;
    expect(row.kinkExamples).toBe(2);
    expect(row.status).toBe('kink');
    expect(row.oneSided!.side).toBe('smaller-step');
    expect(row.ok).toBe(false);
    expect(allAgree(gradientRows(network, bad.grads, fd), fd)).toBe(false);
  });
});

describe('the random direction is judged below the nearest kink', () => {
  const { network, batch } = randomNetwork({ dims: [8, 16, 16, 4], batch: 2048, seed: 3 });
  const record = float64Pass(network, batch);
  // h = 1e-3 makes the direction's default step cross kinks in this batch (asserted below).
  const opts = { h: 1e-3, budget: 1 };
  const fd = checkGradients(network, batch, record, opts);
  test('a correct gradient whose direction step crosses kinks still agrees', () => {
    expect(fd.sample.mode).toBe('sample');
    expect(fd.direction!.kinkExamples).toBeGreaterThan(0); // the premise: the default step crosses kinks
    expect(fd.direction!.status).toBe('kink');
    expect(fd.direction!.ok).toBe(true);
  });
  test('every unsampled entry corrupted: the direction check fails', () => {
    const sampled = new Set(fd.rows.map((r, i) => (r ? i : -1)));
    const bad = structuredClone(record);
    let i = 0;
    bad.grads.dW.forEach((t, l) => {
      const bias = bad.grads.db[l].length;
      t.forEach((g, k) => !sampled.has(i + k) && (t[k] = g * 2 + 0.01));
      i += t.length + bias;
    });
    const check = checkGradients(network, batch, bad, opts);
    expect(check.direction!.kinkExamples).toBeGreaterThan(0);
    expect(check.direction!.status).toBe('mismatch');
    const rows = gradientRows(network, bad.grads, check);
    expect(allAgree(rows, check)).toBe(false);
    expect(verdictLine(rows, check)).toContain('MISMATCH along the random direction');
  });
});

describe('verdicts count only checked rows', () => {
  const network = lessonNetwork();
  const batch = lessonBatch();
  test('--h 1e-15: nothing judged, and the verdict says so', () => {
    const record = float64Pass(network, batch);
    const fd = checkGradients(network, batch, record, { h: 1e-15 });
    const verdict = verdictLine(gradientRows(network, record.grads, fd), fd);
    expect(verdict).not.toContain('17 of 17');
    expect(verdict).toMatch(/^verdict: NOTHING CHECKED: none of the 17 parameters could be judged \(17 n\/a\)/);
    // Fail closed: a check that vouches for nothing does not pass (exit 1 in the CLI).
    expect(allAgree(gradientRows(network, record.grads, fd), fd)).toBe(false);
  });
  test('a sampled run counts the sampled rows, and says how many were not', () => {
    const { network: big, batch: b } = randomNetwork({ dims: [20, 16, 5], batch: 3, seed: 4 });
    const record = float64Pass(big, b);
    const fd = checkGradients(big, b, record, { h: 1e-5, budget: 1 });
    const verdict = verdictLine(gradientRows(big, record.grads, fd), fd);
    const skipped = fd.total - fd.checked;
    expect(skipped).toBeGreaterThan(0);
    expect(verdict).toContain(`of ${fd.checked} checked parameters match (of all ${fd.total}: `);
    expect(verdict).toContain(`${skipped} not sampled`);
  });
  test('the lesson default: every row checked, the lesson verdict unchanged', () => {
    const record = float64Pass(network, batch);
    const fd = checkGradients(network, batch, record, { h: 1e-5 });
    expect(verdictLine(gradientRows(network, record.grads, fd), fd)).toMatch(/^verdict: 17 of 17 parameters match; worst \|delta\| /);
  });
  test('non-finite float64 gradients (ovf.json) never match', () => {
    const { network: net, batch: b } = fixture('ovf.json');
    const record = float64Pass(net, b);
    const fd = checkGradients(net, b, record, { h: 1e-5 });
    const rows = gradientRows(net, record.grads, fd);
    expect(rows.every((r) => !Number.isFinite(r.analytical) && matchText(r) === 'n/a' && !r.checked)).toBe(true);
    expect(verdictLine(rows, fd)).toMatch(/^verdict: NOTHING CHECKED/);
    expect(allAgree(rows, fd)).toBe(false);
  });
});

describe('WebGPU rows explained by float32 are not kernel mismatches', () => {
  test('flip.json: a weight rounds to 1.0 in float32 and a ReLU gate flips: f32-input, not a mismatch', () => {
    const { network, batch } = fixture('flip.json');
    const cpu = float64Pass(network, batch);
    const f32 = float64PassOnFloat32Inputs(network, batch); // what a correct float32 kernel computes, to float32's rule
    const gpu = structuredClone(f32.grads);
    const plain = gradientRows(network, cpu.grads, null, gpu);
    expect(plain.filter((r) => !r.match).map((r) => r.name)).toContain('W1[0][0]'); // the premise: float64 disagrees
    const rows = gradientRows(network, cpu.grads, null, gpu, { f32Input: f32 });
    expect(rows.every((r) => r.match)).toBe(true);
    expect(matchText(rows[0])).toBe('f32-input');
    expect(renderGradientTable(rows).join('\n')).toContain('float32 rounding of the inputs/weights changes this gradient (e.g. a ReLU gate flips)');
    // A kernel error is still one: a wrong WebGPU value matches neither pass.
    gpu.dW[0][0] += 1;
    expect(gradientRows(network, cpu.grads, null, gpu, { f32Input: f32 })[0].gpu).toBe('mismatch');
  });
  test('ovf32.json: WebGPU NaN where float32 overflows (range warned): n/a, not a mismatch', () => {
    const { network, batch } = fixture('ovf32.json');
    const cpu = float64Pass(network, batch);
    const gpu = structuredClone(cpu.grads);
    gpu.dW[0][0] = NaN;
    expect(gradientRows(network, cpu.grads, null, gpu, {})[0].gpu).toBe('mismatch');
    const rows = gradientRows(network, cpu.grads, null, gpu, { f32Input: float64PassOnFloat32Inputs(network, batch), float32Range: true });
    expect(rows[0].gpu).toBe('f32-range');
    expect(matchText(rows[0])).toBe('n/a');
    expect(allAgree(rows, null)).toBe(true);
    // The worst difference is over the rows compared: no "nan" from the n/a row.
    expect(verdictLine(rows, null)).toMatch(/^verdict: 5 of 5 checked parameters match \(of all 6: 1 could not be judged \(n\/a\)\); worst \|webgpu-f64\| 0\.00e\+00/);
  });
  test('ovf.json: float64 itself is NaN: n/a, not a mismatch', () => {
    const { network, batch } = fixture('ovf.json');
    const cpu = float64Pass(network, batch);
    const rows = gradientRows(network, cpu.grads, null, structuredClone(cpu.grads));
    expect(rows.every((r) => r.gpu === 'n/a' && r.match && !r.checked)).toBe(true);
  });
});

describe('checkGradients without options', () => {
  test('uses the lesson\'s h = 1e-5 and auto mode (a plain-JavaScript caller may leave the options out)', () => {
    const network = lessonNetwork();
    const batch = lessonBatch();
    const record = float64Pass(network, batch);
    const bare = checkGradients(network, batch, record);
    const explicit = checkGradients(network, batch, record, { h: 1e-5 });
    expect(bare.rows.map((r) => r?.estimate)).toEqual(explicit.rows.map((r) => r?.estimate));
    expect(bare.rows.length).toBe(17);
    expect(bare.h).toBe(1e-5);
    expect(bare.rows.every((r) => r !== null && r.estimate !== null)).toBe(true);
  });
});

/**
 * The CLI on the cases that used to fail: kinks and unresolvable steps called MISMATCH, NaN that
 * --json wrote as null (the same as "not run"), float32 overflow without a word, huge numbers
 * running columns together.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { float32RangeWarnings } from '../../src/record/float32-range.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradient-trace-harden-'));
function file(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}
const lesson = { W1: [[0.1, -0.2], [0.3, 0.4], [-0.2, 0.5]], b1: [0.05, -0.1, 0.2], W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]], b2: [0.1, -0.05] };

afterEach(() => {
  delete process.env.GRADIENT_TRACE_WEBGPU;
});

describe('finite differences: no false alarms', () => {
  test('a pre-activation of exactly 0 is a kink row, not a mismatch', async () => {
    // z1[1] = -0.47 + 0.3*0.5 + 0.4*0.8 = 0 (in float64: -0.47 + 0.15 + 0.32 rounds to 0 exactly? checked below)
    const path = file('kink.json', { ...lesson, W1: [[0.1, -0.2], [0.5, 0.5], [-0.2, 0.5]], b1: [0.05, -0.5, 0.2], input: [0.5, 0.5], target: 0 });
    const { code, stdout } = await runCli(['--network', path, '--backend', 'cpu']);
    expect(stdout).toMatch(/a1\[1\] = relu\([+-]0\.000000\) = 0\.000000/);
    expect(stdout).toMatch(/^b1\[1\] +[+-]0\.000000 +\S+ +\S+ +kink$/m);
    expect(stdout).toMatch(/^ {2}kink b1\[1\]: the step straddles a ReLU kink in 1 example; backward difference [+-]0\.000000 matches/m);
    expect(stdout).toMatch(/^verdict: 17 of 17 parameters match; .*at a ReLU kink/m);
    expect(code).toBe(0);
  });

  test('logits of 1e8: unresolvable rows say why, and the run does not fail', async () => {
    const path = file('logits.json', { ...lesson, W2: [[2e8, -3e8, 1e8], [-1e8, 4e8, 2e8]], input: [0.5, 0.8], target: 1 });
    const { code, stdout } = await runCli(['--network', path, '--backend', 'cpu']);
    expect(stdout).toMatch(/^ {2}n\/a +\S+: finite differences cannot resolve it: round-off/m);
    expect(stdout).not.toMatch(/MISMATCH/);
    expect(code).toBe(0);
  });

  test("QA's cond.json at the default h: biases of 1.7e8 step by 1700, far past the softmax's turn; smaller steps judge them and the run passes", async () => {
    const cond = new URL('../fixtures/float32/cond.json', import.meta.url).pathname;
    const { code, stdout } = await runCli(['--network', cond, '--backend', 'cpu']);
    // The table keeps the default step's estimate; the note says where the row was judged.
    expect(stdout).toMatch(/^b1\[0\] +-0\.537430 +-0\.500044 +3\.74e-02 +yes$/m);
    expect(stdout).toMatch(/^ {2}yes {2}b1\[1\]: smaller steps refute the estimate at step 1\.70e\+03 \(the loss is not smooth at that scale\); the central difference at step 1\.70e-01 \+0\.537\d{3} matches/m);
    expect(stdout).toMatch(/^verdict: 2 of 2 checked parameters match \(of all 6: 4 could not be judged \(n\/a\)\); worst \|delta\| \d\.\d\de-05 at b1\[\d\]$/m);
    expect(stdout).not.toContain('MISMATCH');
    expect(code).toBe(0);
  });

  test('an --h that rounds away for every parameter is refused', async () => {
    const { code, stdout, stderr } = await runCli(['--h', '1e-300', '--backend', 'cpu']);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^gradient-trace: --h 1e-300 is below float64's resolution: theta \+- h\*max\(1,\|theta\|\) rounds to theta for every parameter/);
  });
});

describe('--json keeps NaN and infinity apart from "not run"', () => {
  test('non-finite values are strings, with a status per backend', async () => {
    const path = file('nan.json', { ...lesson, W1: [[1e308, 1e308], [0.3, 0.4], [-0.2, 0.5]], input: [1, 1], target: 0 });
    const { stdout } = await runCli(['--network', path, '--json', '--backend', 'cpu']);
    const report = JSON.parse(stdout);
    expect(report.status).toEqual({ cpu: 'non-finite', webgpu: 'not-run', fd: 'all' });
    expect(report.loss.cpu).toBe('NaN');
    expect(report.loss.webgpu).toBeNull();
    expect(report.grads.webgpu).toBeNull();
    expect(JSON.stringify(report.grads.cpu)).toMatch(/"(NaN|Infinity|-Infinity)"/);
  });
});

describe('float32 range, before the GPU pass', () => {
  test('a weight of 1e39 is named in one line, and in --json warnings', async () => {
    process.env.GRADIENT_TRACE_WEBGPU = 'off';
    const path = file('f32.json', { ...lesson, W1: [[0.1, 1e39], [0.3, 0.4], [-0.2, 0.5]], input: [0.5, 0.8], target: 0 });
    const text = await runCli(['--network', path]);
    const lines = text.stdout.split('\n').filter((l) => l.startsWith('warning: '));
    expect(lines).toEqual([
      'warning: W1[0][1] = 1.000e+39 overflows float32 (largest 3.403e+38) (2 values in all): on WebGPU it becomes infinite, so WebGPU\'s numbers from there on are Infinity or NaN, not errors of the kernels',
    ]);
    const report = JSON.parse((await runCli(['--network', path, '--json'])).stdout);
    expect(report.warnings[0]).toMatch(/^W1\[0\]\[1\] = 1\.000e\+39 overflows float32/);
  });

  test('subnormal (float32 keeps it, WebGPU may flush it) is told apart from underflow (float32 rounds it to 0)', () => {
    const network = lessonNetwork();
    network.layers[0].W.set([1e-40, -3.57e-95]);
    network.layers[1].b.set([2 ** -149, 2 ** -151]);
    const warnings = float32RangeWarnings(network, lessonBatch(), null);
    expect(warnings.map((w) => [w.kind, w.first, w.count])).toEqual([
      ['subnormal', 'W1[0][0]', 2],
      ['underflow', 'W1[0][1]', 2],
    ]);
    expect(warnings[0].message).toMatch(/^W1\[0\]\[0\] = 1\.000e-40 is subnormal in float32 \(below 1\.175e-38\) \(2 values in all\)/);
    expect(warnings[1].message).toMatch(/^W1\[0\]\[1\] = -3\.570e-95 underflows to 0 in float32 \(smallest subnormal 1\.401e-45\) \(2 values in all\)/);
  });

  test('NaN in the float64 record is no range problem: never called subnormal (float32 holds NaN)', () => {
    // W1 = 1e200 and input 1e200: z1 overflows even in float64, so the gradients below are NaN.
    const network = lessonNetwork();
    network.layers[0].W.set([1e200, 1]);
    const batch = { ...lessonBatch(), inputs: Float64Array.from([1e200, 0.8]) };
    const record = float64Pass(network, batch);
    expect(Number.isNaN(record.grads.dW[0][0])).toBe(true);
    const kinds = float32RangeWarnings(network, batch, record).map((w) => [w.kind, w.first]);
    expect(kinds).toEqual([['overflow', 'inputs[example 0][0]']]);
  });
});

describe('file names Node cannot pass through', () => {
  test('a name with U+FFFD (what Node makes of invalid UTF-8 bytes in argv) says it may not be valid UTF-8', async () => {
    const path = join(dir, 'bad\uFFFD.json');
    const { code, stderr } = await runCli(['--network', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/: no such file \(the name may not be valid UTF-8: Node reads command-line arguments as UTF-8/);
    expect((await runCli(['--network', join(dir, 'plain-missing.json')])).stderr).toMatch(/: no such file\n$/);
  });
});

describe('one number format', () => {
  test('values past 1e21 switch to exponent form and columns stay apart', async () => {
    const path = file('huge.json', { ...lesson, W1: [[1e21, -0.2], [0.3, 0.4], [-0.2, 0.5]], input: [0.5, 0.8], target: 0 });
    const { stdout } = await runCli(['--network', path, '--backend', 'cpu']);
    expect(stdout).toContain('z1[0] = +0.0500 + (+1.0000e+21 * +0.5000) + (-0.2000 * +0.8000) = +5.000000e+20');
    for (const line of stdout.split('\n').filter((l) => /^[Wb]\d\[/.test(l))) expect(line.trim().split(/ +/)).toHaveLength(5);
  });
});

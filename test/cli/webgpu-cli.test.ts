/**
 * The CLI with WebGPU: the three-way table, the trace from the GPU's numbers, --json's webgpu
 * fields, and the one-line note when WebGPU is not there. With REQUIRE_WEBGPU=1 (CI) a missing
 * adapter fails these tests instead of taking the no-adapter branch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { networkFileJson } from '../../src/network/network-file.js';
import { randomNetwork } from '../support/random-network.js';
import { runCli } from '../support/run-cli.js';

const required = process.env.REQUIRE_WEBGPU === '1';
const TABLE_HEADER = /^parameter +analytical +webgpu +finite-diff +\|webgpu-f64\| +\|fd-f64\| +match$/m;

afterEach(() => {
  delete process.env.GRADIENT_TRACE_WEBGPU;
});

describe('gradient-trace with WebGPU', () => {
  test('the default run adds a WebGPU column, or says in one line why it could not', async () => {
    const { code, stdout } = await runCli([]);
    const ran = stdout.startsWith('webgpu adapter: ');
    if (required) expect(ran, stdout.split('\n').at(-2)).toBe(true);
    expect(code).toBe(0);
    if (ran) {
      expect(stdout).toMatch(TABLE_HEADER);
      expect(stdout).toMatch(/^W2\[0\]\[1\] +-0\.199677 +-0\.199677 +-0\.199677 +\d\.\d\de-\d\d +\d\.\d\de-\d\d +yes$/m);
      expect(stdout).toMatch(/^verdict: 17 of 17 parameters match; worst \|webgpu-f64\| \d\.\d\de-\d\d at \S+; worst \|fd-f64\|/m);
    } else {
      expect(stdout).toMatch(/\nWebGPU not run: [^\n]+\n$/);
    }
  });

  test('float32 rounding (flip.json) and float32 overflow (ovf32.json) are not kernel mismatches', async () => {
    const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/float32/${name}`, import.meta.url));
    // W1[0][0] = 1.00000003 rounds to 1 in float32: z1[0] becomes 0 and the ReLU gate closes.
    const flip = await runCli(['--network', fixture('flip.json'), '--backend', 'all']);
    if (!required && flip.code === 1 && flip.stderr.startsWith('gradient-trace: WebGPU: ')) return; // no adapter here
    expect(flip.code, flip.stdout).toBe(0);
    expect(flip.stdout).toMatch(/^W1\[0\]\[0\] +\+6000\.000000 +\+0\.000000 .* f32-input$/m);
    expect(flip.stdout).toContain('float32 rounding of the inputs/weights changes this gradient (e.g. a ReLU gate flips)');
    expect(flip.stdout).not.toContain('MISMATCH');
    // --cmp judges every tensor the flipped gate changes as the table judges its rows: f32-input, exit 0.
    const cmp = await runCli(['--network', fixture('flip.json'), '--cmp']);
    expect(cmp.code, cmp.stdout).toBe(0);
    expect(cmp.stdout).toMatch(/^tensor +shape +exact +approx +max \|diff\| +max ULP +near 0 +at$/m);
    for (const name of ['z1', 'a1', 'dW2', 'dz1', 'dW1', 'db1']) expect(cmp.stdout).toMatch(new RegExp(`^${name} +\\S+ +no +f32-input +`, 'm'));
    expect(cmp.stdout).toMatch(/^z2 +1x2 +\w+ +yes +/m);
    expect(cmp.stdout).toContain('\n  f32-input  z1, a1, dW2, dz1, dW1, db1: float32 rounding of the inputs/weights changes these values (e.g. a ReLU gate flips); WebGPU matches a float64 pass on the float32-rounded inputs and weights: not a kernel error\n');
    expect(cmp.stdout).toMatch(/^cmp: 6 of 12 tensors approximately equal \(\d+ exact\); 6 f32-input \(float32 rounding of the inputs\/weights, not a kernel error\): z1, a1, dW2, dz1, dW1, db1; worst /m);
    expect(cmp.stdout).not.toContain('NOT approx');
    // 1e20 * 1e20 overflows float32: WebGPU's NaN there is n/a, not a mismatch.
    const ovf = await runCli(['--network', fixture('ovf32.json'), '--backend', 'all']);
    expect(ovf.code, ovf.stdout).toBe(0);
    expect(ovf.stdout).toContain("WebGPU's value is not finite because float32 cannot hold this pass's values");
    expect(ovf.stdout).not.toContain('MISMATCH');
    // --cmp as the table: the NaNs are n/a (f32-range, not judged), the finite elements judged, exit 0.
    const ovfCmp = await runCli(['--network', fixture('ovf32.json'), '--cmp']);
    expect(ovfCmp.code, ovfCmp.stdout).toBe(0);
    expect(ovfCmp.stdout).toMatch(/^warning: z1\[example 0\]\[0\] = 1\.000e\+40 overflows float32 /m);
    for (const name of ['z1', 'p', 'L', 'dz1', 'dW1', 'db1']) expect(ovfCmp.stdout).toMatch(new RegExp(`^${name} +\\S+ +no +n/a +`, 'm'));
    expect(ovfCmp.stdout).toContain("\n  n/a  z1, p, L, dz1, dW1, db1: WebGPU's value is not finite where these differ because float32 cannot hold this pass's values (see the warning above); not judged\n");
    expect(ovfCmp.stdout).toMatch(/^cmp: no tensor could be judged whole, but 6 of 13 elements could, and none mismatches; 6 n\/a \(not finite where float32 cannot hold this pass's values: not judged\): z1, p, L, dz1, dW1, db1; worst /m);
    expect(ovfCmp.stdout).not.toMatch(/f32-cond|NOTHING CHECKED/);
  });

  test("QA's repro (cond.json): logits 1.7e8 apart by 0.15 are ill-conditioned in float32: f32-cond, not a mismatch", async () => {
    const cond = fileURLToPath(new URL('../fixtures/float32/cond.json', import.meta.url));
    // At --h 1e-12 finite differences judge the biases (their float64 gradients match): exit 0.
    const some = await runCli(['--network', cond, '--backend', 'all', '--h', '1e-12']);
    if (!required && some.code === 1 && some.stderr.startsWith('gradient-trace: WebGPU: ')) return; // no adapter here
    expect(some.code, some.stdout).toBe(0);
    expect(some.stdout).toMatch(/^b1\[0\] +-0\.537430 +-0\.500000 .* f32-cond$/m);
    expect(some.stdout).toContain("f32-cond  W1[0][0], W1[0][1], W1[1][0], W1[1][1], b1[0] and 1 more: ill-conditioned in float32: float32 arithmetic alone, its roundings drawn at random, moves this gradient past the tolerance");
    expect(some.stdout).toMatch(/^verdict: 2 of 2 checked parameters match \(of all 6: 4 could not be judged \(f32-cond\)\); .*; 6 f32-cond \(ill-conditioned in float32: WebGPU not judged\)$/m);
    expect(some.stdout).not.toContain('MISMATCH');
    // At --h 1e-13 finite differences judge none of them: nothing was judged at all, exit 1.
    const none = await runCli(['--network', cond, '--backend', 'all', '--h', '1e-13', '--json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).warnings).toEqual([expect.stringMatching(/^f32-cond {2}W1\[0\]\[0\], .*; not judged$/)]);
    // --cmp: z1 is judged (float32's rounding of float64's), the tensors after it are f32-cond.
    const cmp = await runCli(['--network', cond, '--cmp']);
    expect(cmp.code, cmp.stdout).toBe(0);
    expect(cmp.stdout).toMatch(/^cmp: 1 of 1 judged tensors approximately equal \(1 exact\); 5 f32-cond \(ill-conditioned in float32: not judged\): p, L, dz1, dW1, db1; /m);
  });

  test('--backend webgpu prints the trace from the GPU numbers', async () => {
    const { code, stdout, stderr } = await runCli(['--backend', 'webgpu']);
    if (!required && code === 1 && stderr.startsWith('gradient-trace: WebGPU: ')) return; // no adapter here
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('(every number below the inputs and weights comes from the WebGPU pass, in float32)');
    // float32 agrees with the lesson to the printed 6 decimals on this network.
    expect(stdout).toContain('  p[0] = 0.460334');
    expect(stdout).toContain('  dL/da1[1] = (-0.539666 * -0.3000) + (+0.539666 * +0.4000) = +0.377767');
    expect(stdout).toMatch(TABLE_HEADER);
  });

  test('--json fills loss.webgpu, grads.webgpu and adapter', async () => {
    const { code, stdout } = await runCli(['--json', '--backend', 'all']);
    if (!required && code === 1) return;
    const report = JSON.parse(stdout);
    expect(report.adapter).toMatch(/\S/);
    expect(report.loss.webgpu).toBeCloseTo(report.loss.cpu, 6);
    expect(Object.keys(report.grads.webgpu)).toEqual(['W1', 'b1', 'W2', 'b2']);
    expect(report.grads.webgpu.W1[1][1]).toBeCloseTo(report.grads.cpu.W1[1][1], 6);
  });

  test('sigmoid and tanh networks: --json carries the WebGPU gradients and the trace reads the GPU\'s local derivatives', async () => {
    const { network, batch } = randomNetwork({ dims: [3, 4, 4, 2], batch: 6, seed: 41, activation: ['tanh', 'sigmoid'], bias: [[0, 2, 20]] });
    const path = join(mkdtempSync(join(tmpdir(), 'gradient-trace-webgpu-')), 'tanh-sigmoid.json');
    writeFileSync(path, networkFileJson(network, batch));
    const json = await runCli(['--network', path, '--json', '--backend', 'all']);
    if (!required && json.code === 1) return;
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.activation).toEqual(['tanh', 'sigmoid']);
    expect(report.grads.webgpu.W1[2][0]).toBeCloseTo(report.grads.cpu.W1[2][0], 6);
    expect(report.grads.webgpu.b2[3]).toBeCloseTo(report.grads.cpu.b2[3], 6);
    const traced = await runCli(['--network', path, '--backend', 'webgpu']);
    expect(traced.code).toBe(0);
    expect(traced.stdout).toContain("step 9: dL/dz1[k] = dL/da1[k] * tanh'(z1[k])");
    expect(traced.stdout).toMatch(/^ {2}dL\/dz1\[2\] = [-+]\d\.\d{6} \* 0\.000000 = [-+]0\.000000 {3}\[SATURATED: gradient nearly blocked\]$/m);
    expect(traced.stdout).toMatch(/^verdict: 46 of 46 parameters match; worst \|webgpu-f64\|/m);
  });

  test('without WebGPU the default still prints the float64 trace and table, then one line', async () => {
    process.env.GRADIENT_TRACE_WEBGPU = 'off';
    const { code, stdout } = await runCli([]);
    expect(code).toBe(0);
    expect(stdout).toContain('parameter           analytical     finite-diff         |delta|     match');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('WebGPU not run: WebGPU is switched off (GRADIENT_TRACE_WEBGPU=off)');
  });

  test('an explicit --backend webgpu without WebGPU is an error, not a silent fallback', async () => {
    process.env.GRADIENT_TRACE_WEBGPU = 'off';
    const { code, stdout, stderr } = await runCli(['--backend', 'webgpu']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('gradient-trace: WebGPU: WebGPU is switched off (GRADIENT_TRACE_WEBGPU=off)\n');
  });
});

describe('which adapter, and why, without the driver noise', () => {
  // The built command, as users run it: Dawn's and the Vulkan loader's warnings go to file
  // descriptor 2 directly, which only a child process (or a real terminal) shows.
  const bin = fileURLToPath(new URL('../../bin/gradient-trace.js', import.meta.url));
  const icd = join(mkdtempSync(join(tmpdir(), 'gradient-trace-icd-')), 'broken-icd.json');
  writeFileSync(icd, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: '/nonexistent/libvulkan_broken.so', api_version: '1.3.0' } }));
  const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, VK_ICD_FILENAMES: icd } });

  test('a broken Vulkan driver: one line says SwiftShader was used and why; --verbose shows what the driver wrote', () => {
    if (!required && !existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')) return; // no SwiftShader to fall back to
    const quiet = run(['--backend', 'all']);
    expect(quiet.stderr).toBe('');
    expect(quiet.status).toBe(0);
    expect(quiet.stdout.split('\n')[0]).toMatch(/^webgpu adapter: .* \(no usable adapter from VK_ICD_FILENAMES=\S+broken-icd\.json \(vkCreateInstance: Found no drivers!\); using SwiftShader \(software\)\)$/);
    const verbose = run(['--backend', 'all', '--verbose']);
    expect(verbose.status).toBe(0);
    expect(verbose.stderr).toMatch(/^gradient-trace: the GPU driver wrote \(while choosing an adapter\):\n( {2}\| .*\n)+$/);
    expect(verbose.stderr).toContain('Found no drivers!');
  });
});

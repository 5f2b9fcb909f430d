/**
 * `gradient-trace compare` fed files made by the project's own float32 WebGPU paths: the per-op
 * path (gradients and every intermediate) and the fused path (gradients) must pass, with their
 * ULP distances shown; deliberately broken copies (a transposed dW, a missing ReLU mask, a zeroed
 * tensor) must fail, naming the tensor and its worst element; malformed files exit 2 in one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ulpDistanceF32 } from '../../src/compare/ulp.js';
import { networkFileJson } from '../../src/network/network-file.js';
import { gradientsToJson } from '../../src/network/parameters.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import { intermediatesToJson } from '../../src/report/intermediates-json.js';
import { acquireTestGpu, type TestGpu } from '../gpu/gpu-fixture.js';
import { randomNetwork } from '../support/random-network.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradient-trace-compare-'));
const write = (name: string, doc: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
};

// 4 → 5 → 5 → 3: layer 2's W is square, so a transposed dW2 has the right shape and only its
// numbers give it away. Six examples, so ReLU kills some units of layer 1 for some examples.
const { network, batch } = randomNetwork({ dims: [4, 5, 5, 3], batch: 6, seed: 1307 });
const networkFile = write('network.json', networkFileJson(network, batch));
const compare = (theirs: string, ...flags: string[]) => runCli(['compare', theirs, '--network', networkFile, ...flags]);

type Doc = { grads: Record<string, number[] | number[][]>; intermediates?: ReturnType<typeof intermediatesToJson>; loss?: number };
const docOf = (record: PassRecord, intermediates: boolean): Doc => ({
  grads: gradientsToJson(network, record.grads),
  ...(intermediates ? { intermediates: intermediatesToJson(network, record) } : {}),
  loss: record.loss,
});
const copy = (doc: Doc): Doc => JSON.parse(JSON.stringify(doc));
const row = (stdout: string, tensor: string) => stdout.split('\n').find((line) => line.startsWith(`${tensor} `)) ?? '';

let gpu: TestGpu | null = null;
let perOp: Doc;
let fused: Doc;

beforeAll(async () => {
  gpu = await acquireTestGpu();
  if (!gpu) return;
  perOp = docOf(await gpu.engine.run(network, batch, { path: 'per-op', intermediates: true }), true);
  fused = docOf(await gpu.engine.run(network, batch, { path: 'fused' }), false);
});

afterAll(() => gpu?.release());

describe('compare against files from our own float32 WebGPU paths', () => {
  test('the per-op path (gradients + every intermediate) passes, with ULP figures for every tensor', async (ctx) => {
    if (!gpu) return ctx.skip();
    const { code, stdout, stderr } = await compare(write('per-op.json', perOp));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const tensor of ['z1', 'a1', 'z3', 'a3', 'loss', 'dz3', 'dW3', 'db3', 'da2', 'dadz2', 'dz2', 'dW2', 'db2', 'da1', 'dadz1', 'dz1', 'dW1', 'db1']) {
      // tensor, shape, exact, approx=yes, max diff, ULPs (a whole number), …
      expect(row(stdout, tensor), tensor).toMatch(/^\S+ +\S+ +(yes|no) +yes +\d\.\d\de[-+]\d\d +\d+ /);
    }
    expect(stdout).toMatch(/^verdict: 20 of 20 tensors match; worst float32 distance \d+ ulp at \w+\d(\[\d+\])*$/m);
    // float32 is not float64: some tensor is a few ULPs away, which the table shows.
    expect(stdout).toMatch(/ yes +\d\.\d\de-\d\d +[1-9]\d* /);
  });

  test('the fused path (gradients only) passes', async (ctx) => {
    if (!gpu) return ctx.skip();
    const { code, stdout } = await compare(write('fused.json', fused));
    expect(code).toBe(0);
    expect(stdout).toContain('(no intermediates given: only the loss and parameter gradients were compared)');
    expect(stdout).toMatch(/^verdict: 7 of 7 tensors match; worst float32 distance \d+ ulp/m);
  });

  test('a transposed dW (same shape: W2 is 5 x 5) fails at dW2, naming an off-diagonal worst element', async (ctx) => {
    if (!gpu) return ctx.skip();
    const broken = copy(fused);
    const W2 = broken.grads.W2 as number[][];
    broken.grads.W2 = W2.map((_, i) => W2.map((r) => r[i]));
    const { code, stdout } = await compare(write('transposed.json', broken));
    expect(code).toBe(1);
    expect(row(stdout, 'dW2')).toMatch(/ NO /);
    const worst = /^verdict: MISMATCH at dW2 \(the first failing tensor[^)]*\): worst at dW2\[(\d)\]\[(\d)\]: theirs/m.exec(stdout);
    expect(worst, stdout).not.toBeNull();
    expect(worst![1]).not.toBe(worst![2]);
  });

  test('a missing ReLU mask (dz1 = da1, and dW1, db1 from it) fails first at dz1; with gradients only, at dW1', async (ctx) => {
    if (!gpu) return ctx.skip();
    const broken = copy(perOp);
    const layer1 = broken.intermediates![0];
    // The bug: dz1 = da1 without relu'(z1); dW1 = dz1ᵀ · x and db1 = Σ_n dz1, in float32 like a kernel.
    expect(layer1.dz.flat().some((v, k) => v !== layer1.da!.flat()[k]), 'the network has a dead unit with a nonzero upstream gradient').toBe(true);
    layer1.dz = layer1.da!.map((r) => [...r]);
    const { inDim, outDim } = network.layers[0];
    broken.grads.W1 = Array.from({ length: outDim }, (_, i) =>
      Array.from({ length: inDim }, (_, j) => layer1.dz.reduce((s, dz, n) => Math.fround(s + Math.fround(dz[i] * Math.fround(batch.inputs[n * inDim + j]))), 0)),
    );
    broken.grads.b1 = Array.from({ length: outDim }, (_, i) => layer1.dz.reduce((s, dz) => Math.fround(s + dz[i]), 0));

    const full = await compare(write('no-mask.json', broken));
    expect(full.code).toBe(1);
    expect(full.stdout).toMatch(/^verdict: MISMATCH at dz1 \(the first failing tensor[^)]*\): worst at dz1\[\d\]\[\d\]: theirs \S+ vs f64 [-+]0\.0+ /m);
    expect(full.stdout).toMatch(/also failing: dW1/);

    const gradsOnly = await compare(write('no-mask-grads.json', { grads: broken.grads }));
    expect(gradsOnly.code).toBe(1);
    expect(gradsOnly.stdout).toMatch(/^verdict: MISMATCH at dW1 .*worst at dW1\[\d\]\[\d\]/m);
  });

  test('a zeroed tensor fails, and the worst element is the largest one it zeroed', async (ctx) => {
    if (!gpu) return ctx.skip();
    const broken = copy(fused);
    const db2 = broken.grads.b2 as number[];
    const largest = db2.reduce((best, v, i) => (Math.abs(v) > Math.abs(db2[best]) ? i : best), 0);
    broken.grads.b2 = db2.map(() => 0);
    const { code, stdout } = await compare(write('zeroed.json', broken));
    expect(code).toBe(1);
    expect(stdout).toContain(`verdict: MISMATCH at db2 (the first failing tensor, in the order the pass computes them): worst at db2[${largest}]: theirs +0.00000000 vs f64`);
  });
});

describe('compare: values and malformed input', () => {
  const lessonGrads = async () => JSON.parse((await runCli(['--json', '--backend', 'cpu'])).stdout).grads.cpu;

  test('our own float64 gradients are exact, 0 ULP, and NaN is a failing value, not malformed input', async () => {
    const grads = await lessonGrads();
    const ok = await runCli(['compare', write('f64.json', { grads })]);
    expect(ok.code).toBe(0);
    expect(row(ok.stdout, 'dW1')).toMatch(/^dW1 +3x2 +yes +yes +0\.00e\+00 +0 /);
    grads.W2[1][2] = 'NaN';
    const nan = await runCli(['compare', write('nan.json', { grads })]);
    expect(nan.code).toBe(1);
    expect(nan.stdout).toMatch(/^verdict: MISMATCH at dW2 .*worst at dW2\[1\]\[2\]: theirs nan/m);
  });

  test.each([
    ['not JSON', '{"grads": ', /: not valid JSON: /],
    ['no grads', { gradients: {} }, /: unknown key "gradients" \(expected grads/],
    ['a missing bias gradient', { grads: { W1: [[0, 0], [0, 0], [0, 0]], b1: [0, 0, 0], W2: [[0, 0, 0], [0, 0, 0]] } }, /: missing db2 \(every parameter gradient/],
    ['a string value', { grads: { W1: [[0, 'x'], [0, 0], [0, 0]] } }, /: grads\.W1\[0\]\[1\] is not a number \(got "x"/],
    ['a transposed (wrong-shape) dW', { grads: { W1: [[0, 0, 0], [0, 0, 0]] } }, /: grads\.W1: dW1 is 2x3 but ours is 3x2 \(out x in\) — transposed\?/],
    ['a layer the network lacks', { grads: { W9: [[0]] } }, /: grads\.W9: the network has no dW9 \(it has 2 layers\)/],
    ['an unknown intermediate', { grads: {}, intermediates: [{ q: [[0]] }] }, /: unknown key intermediates\[0\]\.q/],
    ['a ragged intermediate', { grads: {}, intermediates: [{ z: [[0, 0, 0], [0]] }] }, /: intermediates\[0\]\.z row 1 has 1 entries but row 0 has 3/],
  ])('%s: one line naming the culprit, exit 2, nothing on stdout', async (_, doc, message) => {
    const path = write('malformed.json', doc);
    const { code, stdout, stderr } = await runCli(['compare', path]);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^gradient-trace: [^\n]+\n$/);
    expect(stderr).toContain(path);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });

  test('flag refusals: no file, two files, a bad tolerance, an unknown flag', async () => {
    expect((await runCli(['compare'])).stderr).toBe('gradient-trace: compare needs a file of gradients (see compare --help)\n');
    expect((await runCli(['compare', 'a', 'b'])).code).toBe(2);
    expect((await runCli(['compare', 'a', '--atol=-1'])).stderr).toBe('gradient-trace: --atol must be a finite number >= 0, got -1\n');
    expect((await runCli(['compare', 'a', '--frob'])).stderr).toBe('gradient-trace: compare: unknown flag --frob (see --help)\n');
    expect((await runCli(['compare', '--help'])).stdout).toMatch(/^usage: gradient-trace compare THEIRS/);
  });

  test('the installed command routes `compare` (exit status through bin/)', async () => {
    const bin = fileURLToPath(new URL('../../bin/gradient-trace.js', import.meta.url));
    const grads = await lessonGrads();
    grads.b1 = [0, 0, 0];
    const run = spawnSync(process.execPath, [bin, 'compare', write('bin.json', { grads })], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^verdict: MISMATCH at db1 /m);
  });
});

describe('float32 ULP distance', () => {
  test.each([
    [1, 1 + 2 ** -23, 1],
    [1, 2, 2 ** 23],
    [0, -0, 0],
    [-(2 ** -149), 2 ** -149, 2],
    [0.1, Math.fround(0.1), 0],
    [-1, 1, 2 * 0x3f800000],
    [NaN, 1, Infinity],
  ])('between %d and %d: %d', (a, b, ulps) => {
    expect(ulpDistanceF32(a, b)).toBe(ulps);
    expect(ulpDistanceF32(b, a)).toBe(ulps);
  });
});

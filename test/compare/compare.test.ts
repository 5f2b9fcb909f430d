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
import { comparisonVerdict, compareWith, DEFAULT_TOLERANCE } from '../../src/compare/compare.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { compareTensor } from '../../src/compare/metrics.js';
import type { TensorSpec } from '../../src/compare/tensors.js';
import { ulpDistanceF32 } from '../../src/compare/ulp.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
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
    expect(stdout).toMatch(/^verdict: 20 of 20 tensors match; worst float32 distance \d+ ulp at \w+\d(\[(example )?\d+\])* \(over elements with \|f64\| >= atol 1e-5; /m);
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
    // Same shape, so only the numbers can say it: the verdict names the layout JAX/Flax and TF write.
    expect(stdout).toMatch(/; dW2 matches ours TRANSPOSED: written in x out \(JAX\/Flax's and TensorFlow's Dense kernel layout; transpose it: dW is out x in/m);
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
    expect(full.stdout).toMatch(/^verdict: MISMATCH at dz1 \(the first failing tensor[^)]*\): worst at dz1\[example \d\]\[\d\]: theirs \S+ vs f64 [-+]0\.0+ /m);
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
    expect(nan.stdout).toMatch(/^verdict: MISMATCH at dW2 .*worst at dW2\[1\]\[2\]: theirs NaN vs f64 /m);
    // The shared number format: NaN as the trace, the table and --json write it, never Python's "nan" / "inf".
    expect(row(nan.stdout, 'dW2')).toMatch(/^dW2 +2x3 +no +NO +NaN +Infinity +\[1\]\[2\] +NaN +[-+]0\.\d+ +NaN$/);
    expect(nan.stdout.split('\n').slice(1).join('\n')).not.toMatch(/\b(nan|inf)\b/); // (line 1 names the file, nan.json)
  });

  test('every square dW written in x out (as JAX/Flax and TensorFlow keep a Dense kernel) is named as transposed; a wrong dW that is not a transpose is not', () => {
    // Float64 gradients, no GPU needed: a 3 -> 3 -> 3 network, both W square.
    const sq = randomNetwork({ dims: [3, 3, 3], batch: 4, seed: 11 });
    const ref = float64Pass(sq.network, sq.batch);
    const fd = { h: 1e-5, grads: { dW: ref.grads.dW.map((g) => g.map(() => NaN)), db: ref.grads.db.map((g) => g.map(() => NaN)) } };
    const tensor = (name: string, values: Float64Array, shape: number[]) => ({ name, where: name, shape, values });
    const t = (g: Float64Array) => Float64Array.from(g, (_, k) => g[(k % 3) * 3 + Math.floor(k / 3)]);
    const theirs = (dW1: Float64Array, dW2: Float64Array) => [
      tensor('dW1', dW1, [3, 3]),
      tensor('db1', ref.grads.db[0], [3]),
      tensor('dW2', dW2, [3, 3]),
      tensor('db2', ref.grads.db[1], [3]),
    ];
    const both = compareWith(theirs(t(ref.grads.dW[0]), t(ref.grads.dW[1])), sq.network, sq.batch, ref, fd);
    expect(both.map((r) => [r.spec.name, r.result.approx, r.transposedMatches ?? false])).toEqual([
      ['dW2', false, true],
      ['db2', true, false],
      ['dW1', false, true],
      ['db1', true, false],
    ]);
    expect(comparisonVerdict(both)).toMatch(/^verdict: MISMATCH at dW2 .*; also failing: dW1; dW2, dW1 match ours TRANSPOSED: written in x out /);
    // A wrong dW2 (scaled) that is no transpose gets no such hint; the correct dW1 none either.
    const scaled = compareWith(theirs(ref.grads.dW[0], ref.grads.dW[1].map((v) => 2 * v)), sq.network, sq.batch, ref, fd);
    expect(scaled.some((r) => r.transposedMatches)).toBe(false);
    expect(comparisonVerdict(scaled)).not.toContain('TRANSPOSED');
  });

  test('exact does not depend on the tolerance: float32 roundings of ours are exact at --atol 0 --rtol 0, where they fail approx', async () => {
    const grads = await lessonGrads();
    const f32 = JSON.parse(JSON.stringify(grads), (_key, v) => (typeof v === 'number' ? Math.fround(v) : v));
    const zero = await runCli(['compare', write('f32-rounded.json', { grads: f32 }), '--atol', '0', '--rtol', '0']);
    expect(zero.code).toBe(1);
    // W1's gradients are 0 (a dead unit) or not float32 numbers: exact (the rounding) but not within a zero tolerance.
    expect(row(zero.stdout, 'dW1')).toMatch(/^dW1 +3x2 +yes +NO /);
    expect(row(zero.stdout, 'db2')).toMatch(/^db2 +2 +yes +NO /);
    // Library: the same, element by element; an Infinity is still never exact.
    const ours = Float64Array.of(0.1, -1 / 3, 0, 1e40);
    const c = compareTensor([Math.fround(0.1), Math.fround(-1 / 3), -0, Infinity], ours, null, { atol: 0, rtol: 0 });
    expect([c.exactCount, c.approxCount]).toEqual([3, 1]);
  });

  test('compareTensor (exported) refuses tensors of different lengths instead of checking only the first ones', () => {
    // A kernel that wrote one value too many must not pass because the extra one is never looked at.
    expect(() => compareTensor([1, 2, 3], Float64Array.of(1, 2), null, DEFAULT_TOLERANCE)).toThrow(/^theirs has 3 values but ours has 2/);
    expect(() => compareTensor([1], Float64Array.of(1, 2), null, DEFAULT_TOLERANCE)).toThrow(/^theirs has 1 values but ours has 2/);
    expect(() => compareTensor([1, 2], Float64Array.of(1, 2), [1], DEFAULT_TOLERANCE)).toThrow(/finite-difference estimates have 1 values/);
  });

  test('compareTensor (exported) refuses a tolerance that is not a finite number >= 0', () => {
    // NaN or negative failed every element and Infinity passed every one, without a word.
    const ours = Float64Array.of(1, 2);
    for (const bad of [{ atol: NaN, rtol: 0 }, { atol: -1e-5, rtol: 0 }, { atol: 0, rtol: Infinity }, { atol: Infinity, rtol: 1e-4 }]) {
      expect(() => compareTensor([1, 2], ours, null, bad), JSON.stringify(bad)).toThrow(/^tolerance (atol|rtol) is (NaN|-0.00001|Infinity): give a finite number >= 0$/);
    }
    expect(compareTensor([1, 2], ours, null, { atol: 0, rtol: 0 }).exact).toBe(true);
  });

  test.each([
    ['not JSON', '{"grads": ', /: not valid JSON: /],
    ['no grads', { gradients: {} }, /: unknown key "gradients" \(expected grads/],
    ['a missing bias gradient', { grads: { W1: [[0, 0], [0, 0], [0, 0]], b1: [0, 0, 0], W2: [[0, 0, 0], [0, 0, 0]] } }, /: missing db2 \(every parameter gradient/],
    // Every missing one, in parameter order (not the backward order the pass computes them in).
    ['no gradients at all', { grads: {} }, /: missing dW1, db1, dW2, db2 \(every parameter gradient/],
    ['a string value', { grads: { W1: [[0, 'x'], [0, 0], [0, 0]] } }, /: grads\.W1\[0\]\[1\] is not a number \(got "x"/],
    ['a transposed (wrong-shape) dW', { grads: { W1: [[0, 0, 0], [0, 0, 0]] } }, /: grads\.W1: dW1 is 2x3 but ours is 3x2 \(out x in\) — transposed\? .*JAX\/Flax's and TensorFlow's Dense kernel is in x out: transpose it\)/],
    ['a layer the network lacks', { grads: { W9: [[0]] } }, /: grads\.W9: the network has no dW9 \(it has 2 layers\)/],
    ['an empty intermediates entry for a layer the network lacks', { grads: {}, intermediates: [{}, {}, {}] }, /: intermediates\[2\]: the network has no layer 3 \(it has 2 layers/],
    ['an unknown intermediate', { grads: {}, intermediates: [{ q: [[0]] }] }, /: unknown key "intermediates\[0\]\.q"/],
    // Every unknown key is quoted (and escaped, and cut at 60 characters) by the one rule.
    ['an unknown gradient key', { grads: { x: 1 } }, /: unknown key "grads\.x" \(expected W1, b1/],
    ['a long unknown key', { grads: { ['k'.repeat(500)]: 1 } }, /: unknown key "grads\.k{54}…" \(506 characters\)/],
    ['a duplicate key (JSON.parse would keep the last copy)', '{"grads": {"W1": [[0, 0], [0, 0], [0, 0]], "W1": [[1, 1], [1, 1], [1, 1]]}}', /: duplicate key "W1" \(each key may appear once/],
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

  test('a file that starts with a UTF-8 byte order mark (Windows editors write one) loads, as the page loads it', async () => {
    const grads = await lessonGrads();
    const netPath = write('bom-net.json', `\ufeff${networkFileJson(lessonNetwork(), lessonBatch())}`);
    const main = await runCli(['--network', netPath, '--backend', 'cpu']);
    expect(main.stderr).toBe('');
    expect(main.stdout).toMatch(/^verdict: 17 of 17 parameters match/m);
    expect(main.code).toBe(0);
    const ok = await runCli(['compare', write('bom-theirs.json', `\ufeff${JSON.stringify({ grads })}`), '--network', netPath]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^verdict: 4 of 4 tensors match/m);
    expect(ok.code).toBe(0);
  });

  test('a wide network: finite differences on a seeded sample, as the main command does; the fd column says what it covered', async () => {
    // 32 -> 64 -> 10, batch 128: checking every parameter costs ~3.8e8 multiply-adds, past FD_ALL_BUDGET.
    const wide = randomNetwork({ dims: [32, 64, 10], batch: 128, seed: 7 });
    const netPath = write('wide-net.json', networkFileJson(wide.network, wide.batch));
    const json = JSON.parse((await runCli(['--json', '--backend', 'cpu', '--network', netPath])).stdout);
    expect(json.status.fd).toBe('sample');
    const theirs = write('wide.json', { grads: json.grads.cpu });
    const { code, stdout, stderr } = await runCli(['compare', theirs, '--network', netPath]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(row(stdout, 'dW1')).toMatch(/ \(32 of 2048\)$/);
    expect(row(stdout, 'db2')).toMatch(/ \d\.\d\de[+-]\d+$/); // 10 entries: every one sampled
    expect(stdout).toMatch(/^finite differences: \d+ of 2762 parameters, a seeded sample/m);
    expect((await runCli(['compare', theirs, '--network', netPath, '--fd', 'some'])).stderr).toBe('gradient-trace: --fd must be auto or all, got "some"\n');
  });

  test('the fd column never shows a central estimate across a ReLU kink: at h = 0.5 it says "not judged"', async () => {
    // At h = 0.5 the lesson's first-layer nudges cross z1's kinks and the step is far too large for the
    // curvature: the check judges no row (the main command lists them n/a), so compare shows no FD figure.
    const theirs = write('lesson-f64.json', { grads: await lessonGrads() });
    const { code, stdout } = await runCli(['compare', theirs, '--h', '0.5']);
    expect(code).toBe(0);
    for (const tensor of ['dW1', 'db1', 'dW2', 'db2']) expect(row(stdout, tensor)).toMatch(/ not judged$/);
    // At the default step every element is judged and the column is a figure.
    const plain = await runCli(['compare', theirs]);
    expect(row(plain.stdout, 'dW1')).toMatch(/ \d\.\d\de[+-]\d+$/);
  });

  test('without --network, a shape that does not fit says the lesson network was used', async () => {
    const theirs = write('five.json', { grads: { W1: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], b1: [0, 0, 0, 0, 0] } });
    const plain = await runCli(['compare', theirs]);
    expect(plain.stderr).toMatch(/: grads\.W1: dW1 is 5x4 but ours is 3x2 \(out x in\) \(no --network given: comparing against the lesson's 2-3-2 network\)\n$/);
    expect(plain.code).toBe(2);
    const extra = await runCli(['compare', write('extra-layer.json', { grads: {}, intermediates: [{}, {}, {}] })]);
    expect(extra.stderr).toMatch(/the network has no layer 3 .*\(no --network given: comparing against the lesson's 2-3-2 network\)\n$/);
    // With --network, no such hint.
    expect((await runCli(['compare', theirs, '--network', networkFile])).stderr).not.toContain('no --network given');
  });

  test('flag refusals: no file, two files, a bad tolerance, an unknown flag', async () => {
    expect((await runCli(['compare'])).stderr).toBe('gradient-trace: compare needs a file of gradients (see compare --help)\n');
    expect((await runCli(['compare', 'a', 'b'])).code).toBe(2);
    expect((await runCli(['compare', 'a', '--atol=-1'])).stderr).toBe('gradient-trace: --atol must be a finite number >= 0, got -1\n');
    expect((await runCli(['compare', 'a', '--rtol', '0b1'])).stderr).toBe('gradient-trace: --rtol must be a number, got "0b1"\n');
    expect((await runCli(['compare', 'a', '--h', '1e308'])).stderr).toBe('gradient-trace: --h 1e308 is too large: 2h is not finite\n');
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
  test("the verdict's ULP figure leaves out elements below atol (the table's column keeps them)", () => {
    const spec: TensorSpec = { name: 'dz1', shape: [1, 3], rank: 2, kind: 'dz', layer: 0 };
    // 1e-12 vs 3e-12: well inside atol, but ~1.7e7 float32 steps apart that near zero.
    const result = compareTensor([3e-12, Math.fround(0.5) + 2 ** -24, 0], [1e-12, 0.5, 0], null, DEFAULT_TOLERANCE);
    expect(result.maxUlp).toBeGreaterThan(1e7);
    expect([result.maxUlpAboveAtol, result.maxUlpAboveAtolAt]).toEqual([1, 1]);
    expect(comparisonVerdict([{ spec, result }])).toBe(
      "verdict: 1 of 1 tensors match; worst float32 distance 1 ulp at dz1[example 0][1] (over elements with |f64| >= atol 1e-5; nearer zero ULP counts overstate float32's error)",
    );
    const tiny = compareTensor([3e-12], [1e-12], null, DEFAULT_TOLERANCE);
    expect(comparisonVerdict([{ spec: { ...spec, shape: [1, 1] }, result: tiny }])).toBe('verdict: 1 of 1 tensors match; no element has |f64| >= atol 1e-5, so no float32 ULP distance is given');
  });

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

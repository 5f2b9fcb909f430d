/**
 * The published JSON Schemas (schemas/*.schema.json) against what the code reads and writes:
 * `--json --intermediates` validates against report.schema.json (and each backend's slice against
 * gradients.schema.json, the input of `compare`); network files the parser accepts validate
 * against network.schema.json, and files it refuses for a reason a schema can say fail it.
 * The validator is ajv (draft 2020-12), a devDependency only.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { networkFileJson } from '../../src/network/network-file.js';
import { ACTIVATION_NAMES } from '../../src/ops/activations.js';
import { runCli } from '../support/run-cli.js';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
ajv.addSchema(schema('gradients'));
ajv.addSchema(schema('network'));
ajv.addSchema(schema('report'));
ajv.addSchema(schema('cmp'));
const validator = (name: string) => ajv.getSchema(`https://gradient-trace.dev/schemas/${name}.schema.json`)!;
const validate = (name: string, doc: unknown) => {
  const check = validator(name);
  return check(doc) ? 'valid' : ajv.errorsText(check.errors);
};

const dir = mkdtempSync(join(tmpdir(), 'gradient-trace-schema-'));
const batchFile = join(dir, 'batch.json');
writeFileSync(
  batchFile,
  JSON.stringify({
    W1: [[0.1, -0.2], [0.3, 0.4], [-0.2, 0.5]],
    b1: [0.05, -0.1, 0.2],
    W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]],
    b2: [0.1, -0.05],
    inputs: [[0.5, 0.8], [-1, 2], [0.3, -0.4]],
    targets: [0, 1, [0, 1]],
  }),
);
const required = process.env.REQUIRE_WEBGPU === '1';

describe('--json --intermediates', () => {
  test('validates against report.schema.json, with every layer N × width for every backend that ran', async () => {
    const { code, stdout, stderr } = await runCli(['--network', batchFile, '--json', '--intermediates']);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(validate('report', report)).toBe('valid');
    const backends = report.grads.webgpu ? ['cpu', 'webgpu'] : ['cpu'];
    if (required) expect(backends).toContain('webgpu');
    for (const backend of backends) {
      const layers = report.intermediates[backend];
      expect(layers.map((l: { z: number[][] }) => [l.z.length, l.z[0].length])).toEqual([[3, 3], [3, 2]]);
      // Example 0 is the lesson's input: z1 = [-0.06, 0.37, 0.5], relu'(z1) = [0, 1, 1].
      expect(layers[0].z[0][0]).toBeCloseTo(-0.06, 6);
      expect(layers[0].z[0][2]).toBeCloseTo(0.5, 6);
      expect(layers[0].dadz[0]).toEqual([0, 1, 1]);
      // dz = da ⊙ relu'(z) element by element (=== : JSON writes −0 as 0); the output layer has no dadz or da (softmax + CE jointly).
      layers[0].dz.forEach((row: number[], n: number) => row.forEach((v, i) => expect(v === layers[0].da[n][i] * layers[0].dadz[n][i], `dz1[${n}][${i}]`).toBe(true)));
      expect(layers[1].dadz).toBeNull();
      expect(layers[1].da).toBeNull();
      // One backend's slice is a valid input for `compare`.
      expect(validate('gradients', { grads: report.grads[backend], intermediates: layers })).toBe('valid');
    }
    if (report.grads.webgpu) {
      const [cpu, gpu] = [report.intermediates.cpu[0].dz.flat(), report.intermediates.webgpu[0].dz.flat()];
      cpu.forEach((v: number, i: number) => expect(Math.abs(gpu[i] - v)).toBeLessThan(1e-6));
    }
  });

  test('without --intermediates the report has none, and still validates', async () => {
    const { stdout } = await runCli(['--json', '--backend', 'cpu']);
    const report = JSON.parse(stdout);
    expect(report.intermediates).toBeUndefined();
    expect(validate('report', report)).toBe('valid');
  });

  test('--intermediates without --json is refused in one line, exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['--intermediates']);
    expect([code, stdout, stderr]).toEqual([2, '', 'gradient-trace: --intermediates needs --json\n']);
  });

  test('the report schema can fail: a report missing a layer field or with a wrong type is invalid', async () => {
    const { stdout } = await runCli(['--json', '--intermediates', '--backend', 'cpu']);
    const report = JSON.parse(stdout);
    delete report.intermediates.cpu[0].dadz;
    expect(validate('report', report)).toMatch(/must have required property 'dadz'/);
    const bad = JSON.parse(stdout);
    bad.grads.cpu.W1[0][0] = 'x';
    expect(validate('report', bad)).not.toBe('valid');
  });

  test("rows judged at a smaller step (QA's cond.json) are listed in fd.smallerStep, and validate", async () => {
    const cond = new URL('../fixtures/float32/cond.json', import.meta.url).pathname;
    const { code, stdout } = await runCli(['--json', '--backend', 'cpu', '--network', cond]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(validate('report', report)).toBe('valid');
    expect(report.fd.mismatch).toEqual([]);
    expect(report.fd.smallerStep).toEqual(['b1[0]', 'b1[1]'].map((name) => ({ name, step: expect.any(Number), estimate: expect.any(Number), tolerance: expect.any(Number), matches: true })));
    expect(report.fd.smallerStep[0].step).toBeLessThan(1);
    const bad = JSON.parse(stdout);
    delete bad.fd.smallerStep[0].step;
    expect(validate('report', bad)).toMatch(/must have required property 'step'/);
  });
});

describe('--cmp --json', () => {
  test('validates against cmp.schema.json; the schema can fail', async () => {
    const { code, stdout, stderr } = await runCli(['--cmp', '--json', '--network', batchFile]);
    if (!required && code === 1 && /--cmp needs WebGPU/.test(stderr)) return;
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(validate('cmp', report)).toBe('valid');
    expect(report.tensors.find((t: { name: string }) => t.name === 'dz1').maxUlp.at).toMatch(/^dz1\[example [0-2]\]\[[0-2]\]$/);
    for (const broken of [
      { ...report, verdict: 'ok' },
      { ...report, worstUlp: { ...report.worstUlp, at: 3 } },
      { ...report, tensors: [{ ...report.tensors[0], exact: true }] },
      { ...report, tensors: [{ ...report.tensors[0], maxUlp: { ulp: 'NaN', at: 'z1[example 0][0]', index: [0, 0] } }] },
    ]) {
      expect(validate('cmp', broken)).not.toBe('valid');
    }
    // A NaN and an Infinity as the CLI writes them are valid.
    expect(validate('cmp', { ...report, tensors: [{ ...report.tensors[0], maxAbsDiff: 'NaN', maxUlp: { ulp: 'Infinity', at: 'z1[example 0][0]', index: [0, 0] } }] })).toBe('valid');
  });

  test('f32-cond tensors (ill-conditioned in float32, not judged) validate too', async () => {
    const cond = new URL('../fixtures/float32/cond.json', import.meta.url).pathname;
    const { code, stdout, stderr } = await runCli(['--cmp', '--json', '--network', cond]);
    if (!required && code === 1 && /--cmp needs WebGPU/.test(stderr)) return;
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ verdict: 'f32-cond', failing: [], f32Cond: ['p', 'L', 'dz1', 'dW1', 'db1'] });
    expect(validate('cmp', report)).toBe('valid');
    expect(validate('cmp', { ...report, f32Cond: [] })).not.toBe('valid');
  });
});

describe('--cmp --json: f32-input', () => {
  test('flip.json: the tensors float32 rounding of the inputs changes are f32-input, exit 0, and validate', async () => {
    const flip = new URL('../fixtures/float32/flip.json', import.meta.url).pathname;
    const { code, stdout, stderr } = await runCli(['--cmp', '--json', '--network', flip]);
    if (!required && code === 1 && /--cmp needs WebGPU/.test(stderr)) return;
    expect(code, stdout).toBe(0);
    const report = JSON.parse(stdout);
    const changed = ['z1', 'a1', 'dW2', 'dz1', 'dW1', 'db1'];
    expect(report).toMatchObject({ verdict: 'f32-input', failing: [], f32Input: changed, approxTensors: 6 });
    expect(report).not.toHaveProperty('f32Cond');
    expect(report.tensors.filter((t: { verdict: string }) => t.verdict === 'f32-input').map((t: { name: string }) => t.name)).toEqual(changed);
    expect(validate('cmp', report)).toBe('valid');
    expect(validate('cmp', { ...report, f32Input: [] })).not.toBe('valid');
    expect(validate('cmp', { ...report, verdict: 'f32-inputs' })).not.toBe('valid');
  });
});

describe('--cmp --json: f32-range', () => {
  test('ovf32.json: WebGPU NaN where float32 overflows is f32-range, not judged; the finite elements are, exit 0, and it validates', async () => {
    const ovf = new URL('../fixtures/float32/ovf32.json', import.meta.url).pathname;
    const { code, stdout, stderr } = await runCli(['--cmp', '--json', '--network', ovf]);
    if (!required && code === 1 && /--cmp needs WebGPU/.test(stderr)) return;
    expect(code, stdout).toBe(0);
    const report = JSON.parse(stdout);
    const all = ['z1', 'p', 'L', 'dz1', 'dW1', 'db1'];
    expect(report).toMatchObject({ verdict: 'f32-range', failing: [], f32Range: all, warnings: [expect.stringMatching(/^z1\[example 0\]\[0\] = 1\.000e\+40 overflows float32/)] });
    expect(report).not.toHaveProperty('f32Cond');
    expect(report.tensors.map((t: { verdict: string }) => t.verdict)).toEqual(Array(6).fill('f32-range'));
    expect(validate('cmp', report)).toBe('valid');
    expect(validate('cmp', { ...report, f32Range: [] })).not.toBe('valid');
    expect(validate('cmp', { ...report, warnings: [] })).not.toBe('valid');
  });
});

describe('network.schema.json', () => {
  test('accepts what the parser accepts: the lesson, a batch, and what the page downloads', () => {
    expect(validate('network', JSON.parse(readFileSync(new URL('../fixtures/lesson-network.json', import.meta.url), 'utf8')))).toBe('valid');
    expect(validate('network', JSON.parse(readFileSync(batchFile, 'utf8')))).toBe('valid');
    expect(validate('network', JSON.parse(networkFileJson(lessonNetwork(), lessonBatch())))).toBe('valid');
  });

  test.each([
    ['one activation for every hidden layer', { activation: 'tanh' }],
    ['a list with one per hidden layer', { activation: ['sigmoid'] }],
    ['relu named explicitly', { activation: 'relu' }],
  ])('accepts %s, as the parser does', async (_, change) => {
    const doc = { ...JSON.parse(readFileSync(new URL('../fixtures/lesson-network.json', import.meta.url), 'utf8')), ...change };
    expect(validate('network', doc)).toBe('valid');
    const path = join(dir, 'accepted.json');
    writeFileSync(path, JSON.stringify(doc));
    expect((await runCli(['--network', path, '--backend', 'cpu'])).code).toBe(0);
  });

  test("the schema's activation names are the op table's", () => {
    expect(schema('network').$defs.activationName.enum).toEqual([...ACTIVATION_NAMES]);
  });

  test.each([
    ['an unknown key', { extra: 1 }],
    ['a target that is not one-hot', { target: [1, 1] }],
    ['a negative class index', { target: -1 }],
    ['input and inputs together', { inputs: [[1, 2]] }],
    ['a string weight', { W1: [['0.1', 0.2]] }],
    ['an empty bias', { b1: [] }],
    ['an unknown activation', { activation: 'gelu' }],
    ['an activation that is not a string', { activation: 1 }],
    ['an unknown activation in a list', { activation: ['tanh', 'swish'] }],
  ])('refuses %s, as the parser does', async (_, change) => {
    const doc = { ...JSON.parse(readFileSync(new URL('../fixtures/lesson-network.json', import.meta.url), 'utf8')), ...change };
    expect(validate('network', doc)).not.toBe('valid');
    const path = join(dir, 'refused.json');
    writeFileSync(path, JSON.stringify(doc));
    expect((await runCli(['--network', path, '--backend', 'cpu'])).code).toBe(2);
  });
});

/** The CLI's flags, its --json shape, batches, large networks, and its refusals. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { networkFileJson } from '../../src/network/network-file.js';
import { randomNetwork } from '../support/random-network.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradient-trace-cli-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// A 2-3-2 network with a batch of 4 examples (one target given one-hot): test/fixtures/batch-network.json.
const batchFile = fileURLToPath(new URL('../fixtures/batch-network.json', import.meta.url));

describe('refusals: one line on stderr, exit 2, nothing on stdout', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown flag', ['--frobnicate'], /^gradient-trace: unknown flag --frobnicate \(see --help\)\n$/],
    ['flag without value', ['--network'], /^gradient-trace: --network needs a value\n$/],
    ['stray argument', ['net.json'], /^gradient-trace: unexpected argument net\.json/],
    ['bad backend', ['--backend', 'cuda'], /^gradient-trace: --backend must be cpu, webgpu or all, got "cuda"\n$/],
    ['h zero', ['--h', '0'], /^gradient-trace: --h must be > 0, got 0\n$/],
    ['h negative', ['--h=-1e-5'], /^gradient-trace: --h must be > 0, got -1e-5\n$/],
    ['h negative, separate value', ['--h', '-1'], /^gradient-trace: --h must be > 0, got -1\n$/],
    ['example negative', ['--example', '-1'], /^gradient-trace: --example must be a whole number >= 0, got -1\n$/],
    ['value flag followed by a flag', ['--network', '--json'], /^gradient-trace: --network needs a value\n$/],
    ['single-dash long flag', ['-network', 'x.json'], /^gradient-trace: unknown flag -network \(did you mean --network\?\)\n$/],
    ['single-dash letter', ['-x'], /^gradient-trace: unknown flag -x \(flags start with --; see --help\)\n$/],
    ['switch given a value', ['--json=yes'], /^gradient-trace: --json does not take a value\n$/],
    ['flag with a control character', ['--evil\r\x1b[2J'], /^gradient-trace: unknown flag "--evil\\r\\u001b\[2J" \(see --help\)\n$/],
    ['max-bytes not a number', ['--max-bytes', 'lots'], /^gradient-trace: --max-bytes must be a number, got "lots"\n$/],
    ['fd choice', ['--fd', 'some'], /^gradient-trace: --fd must be auto or all, got "some"\n$/],
    ['h not a number', ['--h', 'tiny'], /^gradient-trace: --h must be a number, got "tiny"\n$/],
    ['h infinite', ['--h', '1e400'], /^gradient-trace: --h must be finite, got 1e400\n$/],
    ['h whose double overflows, echoed as typed', ['--h', '1e308'], /^gradient-trace: --h 1e308 is too large: 2h is not finite\n$/],
    ['h as a hex literal', ['--h', '0x10'], /^gradient-trace: --h must be a number, got "0x10"\n$/],
    ['h with white space around it', ['--h', ' 1e-5'], /^gradient-trace: --h must be a number, got " 1e-5"\n$/],
    ['example as a hex literal', ['--example', '0x0'], /^gradient-trace: --example must be a number, got "0x0"\n$/],
    ['max-bytes past the largest safe integer', ['--max-bytes', '1e20'], /^gradient-trace: --max-bytes must be a whole number from 1 to 9007199254740991, got 1e20\n$/],
    ['example not integer', ['--example', '1.5'], /--example must be a whole number >= 0/],
    ['example out of range', ['--example', '1', '--backend', 'cpu'], /^gradient-trace: --example 1 is out of range: the batch has 1 example \(0\.\.0\)\n$/],
    ['missing file', ['--network', join(dir, 'nope.json')], /^gradient-trace: cannot read network file \/.*nope\.json: no such file\n$/],
    ['directory', ['--network', dir], /cannot read network file .*: it is a directory, not a regular file\n$/],
    ['malformed file', ['--network', file('bad.json', '{"W1": [[1,2],[3]], "b1": [0,0]}')], /^gradient-trace: .*bad\.json: W1 row 1 has 1 entries but row 0 has 2 \(ragged rows\)\n$/],
    ['non-finite value', ['--network', file('inf.json', '{"W1": [[1e999]], "b1": [0], "input": [1], "target": 0}')], /W1\[0\]\[0\] is not finite/],
    ['duplicate key', ['--network', file('dup.json', '{"W1": "oops", "W1": [[1]], "b1": [0], "input": [1], "target": 0}')], /^gradient-trace: .*dup\.json: duplicate key "W1" \(each key may appear once/],
    ['duplicate key spelt with an escape', ['--network', file('dup2.json', '{"W1": [[1]], "b1": [0], "W\\u0031": [[2]], "input": [1], "target": 0}')], /duplicate key "W1"/],
    ['key with a carriage return', ['--network', file('cr.json', JSON.stringify({ 'evil\rgradient-trace: all fine': 1 }))], /^gradient-trace: .*cr\.json: unknown key "evil\\rgradient-trace: all fine" \(expected/],
    ['key with ANSI escapes and a newline', ['--network', file('ansi.json', JSON.stringify({ '\x1b[2J\x1b[H\nx\u202e\x9b': 1 }))], /unknown key "\\u001b\[2J\\u001b\[H\\nx\\u202e\\u009b"/],
    ['very long key', ['--network', file('long.json', JSON.stringify({ ['k'.repeat(5000)]: 1 }))], /unknown key "k{60}…" \(5000 characters\)/],
    ['path with a control character', ['--network', join(dir, 'no\x1b[2Jpe.json')], /cannot read network file ".*no\\u001b\[2Jpe\.json": no such file\n$/],
    ['character device', ['--network', '/dev/zero'], /^gradient-trace: cannot read network file \/dev\/zero: it is a character device, not a regular file\n$/],
    ['file over the size limit', ['--network', file('big.json', ' '.repeat(2000)), '--max-bytes', '1000'], /^gradient-trace: network file .*big\.json is 2000 bytes: the limit is 1000 bytes; raise it with --max-bytes\n$/],
  ];
  for (const [label, argv, expected] of cases) {
    test(label, async () => {
      const { code, stdout, stderr } = await runCli(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(expected);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }
});

test('a FIFO with no writer is refused at once, not waited on', async () => {
  const fifo = join(dir, 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  const { code, stdout, stderr } = await runCli(['--network', fifo]);
  expect([code, stdout]).toEqual([2, '']);
  expect(stderr).toMatch(/^gradient-trace: cannot read network file .*pipe\.json: it is a FIFO \(named pipe\), not a regular file\n$/);
});

describe('flags', () => {
  test('--full with --json is refused: the JSON holds every gradient either way', async () => {
    const r = await runCli(['--json', '--full', '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('gradient-trace: --full has no effect with --json (it holds every gradient; --intermediates adds every intermediate); drop it\n');
  });

  test('--help and --version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: gradient-trace [--network FILE]');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--network FILE a network file, JSON or NumPy .npz: W1, b1, … WL, bL and input + target, or inputs + targets; in JSON optionally "activation"');
    expect((await runCli(['-h'])).stdout).toBe(help.stdout);
    // Every command is named in the usage: compare and train too.
    expect(help.stdout).toMatch(/^ +gradient-trace compare THEIRS /m);
    expect(help.stdout).toMatch(/^ +gradient-trace train \[--data NAME \| --network FILE\] /m);
    const version = await runCli(['--version']);
    expect(version.stdout).toMatch(/^gradient-trace \d+\.\d+\.\d+\n$/);
  });

  test('--json --backend cpu prints one JSON object with exactly the documented keys', async () => {
    const { code, stdout, stderr } = await runCli(['--json', '--backend', 'cpu']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['dims', 'activation', 'batch', 'status', 'loss', 'grads', 'fd', 'adapter', 'adapterReason', 'warnings']);
    // --help lists the same keys, in the same order.
    const help = (await runCli(['--help'])).stdout.replace(/\s+/g, ' ');
    expect(/--json print one JSON object and nothing else: ([\w, ]+) \(/.exec(help)?.[1].split(', ')).toEqual(Object.keys(report));
    expect(report.status).toEqual({ cpu: 'ok', webgpu: 'not-run', fd: 'all' });
    expect(report.warnings).toEqual([]);
    expect(report.dims).toEqual([2, 3, 2]);
    expect(report.activation).toEqual(['relu']);
    expect(report.batch).toBe(1);
    expect(report.loss.cpu).toBeCloseTo(0.775804, 6);
    expect(report.loss.webgpu).toBeNull();
    expect(report.grads.webgpu).toBeNull();
    expect(report.adapter).toBeNull();
    expect(Object.keys(report.grads.cpu)).toEqual(['W1', 'b1', 'W2', 'b2']);
    expect(report.grads.cpu.W2[1][2]).toBeCloseTo(0.269833, 6);
    expect(report.grads.fd.b2[0]).toBeCloseTo(-0.539666, 6);
  });

  test('--h changes the finite-difference step', async () => {
    const coarse = JSON.parse((await runCli(['--json', '--backend', 'cpu', '--h', '0.1'])).stdout);
    const fine = JSON.parse((await runCli(['--json', '--backend', 'cpu'])).stdout);
    expect(coarse.grads.fd.W2[0][1]).not.toBe(fine.grads.fd.W2[0][1]);
    expect(Math.abs(coarse.grads.fd.W2[0][1] - fine.grads.cpu.W2[0][1])).toBeGreaterThan(1e-6);
  });
});

describe('batches', () => {
  test('--example picks the example; gradients are for the batch-mean loss', async () => {
    const { code, stdout } = await runCli(['--network', batchFile, '--example', '1', '--backend', 'cpu']);
    expect(code).toBe(0);
    expect(stdout).toContain('batch    example 1 of 4');
    expect(stdout).toContain('input    x = [-1.0000, 2.0000]');
    expect(stdout).toContain('target   t = [0, 1]  (class 1)');
    expect(stdout).toMatch(/mean over 4 examples: L = \d\.\d{6}/);
    expect(stdout).toMatch(/dL\/dz2\[0\] = \(p\[0\] - t\[0\]\) \/ N = \(0\.\d{6} - 0\) \/ 4 = \+0\.\d{6}/);
    expect(stdout).toContain('verdict: 17 of 17 parameters match');
    const json = JSON.parse((await runCli(['--network', batchFile, '--json', '--backend', 'cpu'])).stdout);
    expect(json.batch).toBe(4);
  });

  test('a deep network numbers its steps in order', async () => {
    const { network, batch } = randomNetwork({ dims: [3, 4, 4, 2], batch: 2, seed: 3 });
    const path = file('deep.json', networkFileJson(network, batch));
    const { stdout } = await runCli(['--network', path, '--backend', 'cpu']);
    const steps = [...stdout.matchAll(/^step (\d+): (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(steps).toEqual(['1 dL/dz3', '2 dL/db3[i]', '3 dL/dW3[i][j]', '4 dL/da2[j]', '5 dL/dz2[j]', '6 dL/db2[j]', '7 dL/dW2[j][k]', '8 dL/da1[k]', '9 dL/dz1[k]', '10 dL/db1[j]', '11 dL/dW1[j][k]']);
  });

  test('sigmoid and tanh hidden layers: the trace names them, the check passes, --json says which', async () => {
    const { network, batch } = randomNetwork({ dims: [3, 4, 4, 2], batch: 5, seed: 6, activation: ['sigmoid', 'tanh'], bias: [[0, 0, 20]] });
    const path = file('sigmoid-tanh.json', networkFileJson(network, batch));
    const { code, stdout } = await runCli(['--network', path, '--backend', 'cpu']);
    expect(code).toBe(0);
    expect(stdout).toContain('hidden activations  a1 = sigmoid(z1)');
    expect(stdout).toContain('hidden activations  a2 = tanh(z2)');
    expect(stdout).toContain("step 5: dL/dz2[j] = dL/da2[j] * tanh'(z2[j])");
    expect(stdout).toContain("step 9: dL/dz1[k] = dL/da1[k] * sigmoid'(z1[k])");
    expect(stdout).toContain('[SATURATED: gradient nearly blocked]');
    expect(stdout).toContain('verdict: 46 of 46 parameters match');
    const json = JSON.parse((await runCli(['--network', path, '--json', '--backend', 'cpu'])).stdout);
    expect(json.activation).toEqual(['sigmoid', 'tanh']);
  });

  test('--activation replaces the file\'s activations (one for all, or one per hidden layer), validated like the key', async () => {
    const { network, batch } = randomNetwork({ dims: [3, 4, 4, 2], batch: 5, seed: 6, activation: ['sigmoid', 'tanh'] });
    const path = file('override.json', networkFileJson(network, batch));
    const act = async (...flags: string[]) => JSON.parse((await runCli(['--network', path, '--json', '--backend', 'cpu', ...flags])).stdout).activation;
    expect(await act('--activation', 'relu')).toEqual(['relu', 'relu']);
    expect(await act('--activation', 'tanh,sigmoid')).toEqual(['tanh', 'sigmoid']);
    const refused = async (value: string) => runCli(['--network', path, '--backend', 'cpu', '--activation', value]);
    expect(await refused('gelu')).toEqual({ code: 2, stdout: '', stderr: 'gradient-trace: --activation must be one of "relu", "sigmoid", "tanh" or a list with one per hidden layer (got "gelu")\n' });
    expect((await refused('relu')).code).toBe(0);
    expect((await refused('relu,tanh,relu')).stderr).toBe('gradient-trace: --activation has 3 entries but the network has 2 hidden layers\n');
    expect((await refused('relu,')).stderr).toBe('gradient-trace: --activation[1] must be one of "relu", "sigmoid", "tanh" (got "")\n');
    // compare runs the network with the same override: tanh gradients match only a tanh pass.
    const tanh = JSON.parse((await runCli(['--network', path, '--json', '--backend', 'cpu', '--activation', 'tanh'])).stdout).grads.cpu;
    const theirs = file('tanh-grads.json', JSON.stringify({ grads: tanh }));
    expect((await runCli(['compare', theirs, '--network', path, '--activation', 'tanh'])).code).toBe(0);
    expect((await runCli(['compare', theirs, '--network', path])).code).toBe(1);
  });

  test('a large network is summarised unless --full', async () => {
    const { network, batch } = randomNetwork({ dims: [20, 16, 5], batch: 3, seed: 4 });
    const path = file('large.json', networkFileJson(network, batch));
    const summary = await runCli(['--network', path, '--backend', 'cpu']);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('network  20 -> 16 -> 5  (421 parameters');
    expect(summary.stdout).toMatch(/worst \|fd-f64\| +\d\.\d\de-\d\d at [Wb]\d/);
    expect(summary.stdout.split('\n').length).toBeLessThan(20);
    const full = await runCli(['--network', path, '--backend', 'cpu', '--full']);
    expect(full.stdout.split('\n').length).toBeGreaterThan(421);
  });
});

/**
 * `gradient-trace train`, in process: refusals (one line, exit 2, nothing written), the JSON report,
 * --out loading in the main command, --plot, and the issue's acceptance runs on WebGPU.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainProgressBar, trainProgressLine } from '../../src/cli/train-progress.js';
import { driftTolerance } from '../../src/train/drift.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('train: refusals', () => {
  it.each([
    [['--data', 'moons'], /--data must be one of xor, circles, spirals, gaussians, iris, got "moons"$/m],
    [['--hidden', '4,,4'], /--hidden must be widths/],
    [['--hidden', '0'], /--hidden must be widths/],
    [['--activation', 'gelu'], /--activation must be one of relu, sigmoid, tanh, got "gelu"$/m],
    [['--steps', '1.5'], /--steps must be a whole number/],
    [['--lr', '-1'], /--lr must be a finite number > 0, got -1$/m],
    [['--lr', 'Infinity'], /--lr must be a finite number > 0/],
    [['--lr', '0x1'], /--lr must be a finite number > 0, got "0x1"$/m],
    [['--momentum', '1'], /--momentum must be a number from 0/],
    [['--batch', '5'], /--batch 5 is larger than the data set \(4 examples\)/],
    [['--backend', 'all'], /--backend must be cpu or webgpu/],
    [['--path', 'per-op'], /^gradient-trace: --path per-op picks the WebGPU pass and cannot be used with --backend cpu /],
    [['--path', 'fused'], /--path fused picks the WebGPU pass and cannot be used with --backend cpu /],
    [['--every'], /^gradient-trace: train: --every needs a value/],
    [['--bogus'], /^gradient-trace: train: unknown flag --bogus \(see --help\)$/m],
    [['--json=1'], /--json does not take a value/],
    [['stray'], /unexpected argument stray \(flags start with --/],
    [['--data', 'xor', '--network', 'x.json'], /--data and --network cannot both be given/],
    [['--network', '/nonexistent.json'], /cannot read network file \/nonexistent.json: no such file/],
    [['--out', '/nonexistent/n.json'], /--out "\/nonexistent\/n.json": no such directory/],
    [['--data', 'xor\n\u001b[31m'], /got "xor\\n\\(x1b|u001b)\[31m"$/m],
    [['--plot', join(dir, 'never.json')], /--out and --plot name the same file/],
    // The plot is SVG: another extension would mislabel it.
    [['--plot', join(dir, 'loss.png')], /--plot writes SVG, so ".*loss\.png" would hold SVG under a "\.png" name: give a \.svg file$/m],
    // No file name at all (empty, or a folder's: a trailing slash): refused before training, not
    // after --out was written (which then broke "a run that fails writes neither").
    [['--plot', ''], /^gradient-trace: --plot needs a file name, got ""$/m],
    [['--plot', 'loss.svg/'], /^gradient-trace: --plot "loss\.svg\/" ends in \/: it names a directory, not a file$/m],
  ])('%j', async (argv, message) => {
    const out = join(dir, 'never.json');
    const r = await runCli(['train', '--backend', 'cpu', '--steps', '3', '--out', out, ...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('--help', async () => {
    const r = await runCli(['train', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: gradient-trace train /);
  });
});

it('the progress line (stderr, terminals only) shows steps, steps/s and the loss; clear erases it', () => {
  expect(trainProgressLine({ step: 50, steps: 100, loss: 0.1234567, stepsPerSecond: 812.3 })).toBe('[############............] 50/100 steps  812 steps/s  loss 0.1235');
  let text = '';
  const bar = trainProgressBar((t) => (text += t));
  bar.clear();
  expect(text).toBe('');
  bar.update({ step: 1, steps: 4, loss: null, stepsPerSecond: 10 });
  bar.clear();
  expect(text).toBe('\r\u001b[K[######..................] 1/4 steps  10 steps/s\r\u001b[K');
});

describe('train --network with --activation', () => {
  const npz = new URL('../fixtures/npz/batch-network.npz', import.meta.url).pathname;
  const doc = JSON.parse(readFileSync(new URL('../fixtures/npz/batch-network.json', import.meta.url), 'utf8'));
  const named = join(dir, 'named-sigmoid.json');
  const plain = join(dir, 'no-activation.json');
  writeFileSync(named, JSON.stringify({ ...doc, activation: 'sigmoid' }));
  writeFileSync(plain, JSON.stringify(doc));
  const train = (...argv: string[]) => runCli(['train', '--backend', 'cpu', '--steps', '2', '--json', ...argv]);
  const activation = async (...argv: string[]) => {
    const r = await train(...argv);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).activation;
  };

  it('a .npz (no activation of its own) takes it from --activation, relu without; --out keeps it', async () => {
    const out = join(dir, 'from-npz.json');
    expect(await activation('--network', npz, '--activation', 'tanh', '--out', out)).toEqual(['tanh']);
    expect(JSON.parse(readFileSync(out, 'utf8')).activation).toBe('tanh');
    expect(await activation('--network', npz)).toEqual(['relu']);
    expect(await activation('--network', plain, '--activation', 'sigmoid')).toEqual(['sigmoid']);
  });

  it('--activation replaces a JSON file\'s own activation, as in the main command; a wrong count is refused', async () => {
    expect(await activation('--network', named)).toEqual(['sigmoid']);
    expect(await activation('--network', named, '--activation', 'tanh')).toEqual(['tanh']);
    const bad = await train('--network', npz, '--activation', 'relu,tanh');
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'gradient-trace: --activation has 2 entries but the network has 1 hidden layer\n' });
  });
});

describe('train on the CPU', () => {
  it('a diverged run (weights no longer finite) exits 1 with one line and writes no file (--out, --plot)', async () => {
    const out = join(dir, 'diverged.json');
    const plot = join(dir, 'diverged.svg');
    const r = await runCli(['train', '--backend', 'cpu', '--data', 'spirals', '--hidden', '16,16', '--activation', 'relu', '--lr', '1e35', '--steps', '50', '--out', out, '--plot', plot]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`gradient-trace: training diverged: the weights are no longer finite (final loss NaN); ${out} and ${plot} not written; try a smaller --lr\n`);
    // A failed run writes no file: neither the network nor the loss curve.
    expect(existsSync(out) || existsSync(plot)).toBe(false);
  });

  it('--check-every on a diverged run: exits 1 with one line naming the step and the weight, not drift; writes nothing', async () => {
    const out = join(dir, 'diverged-checked.json');
    const r = await runCli(['train', '--backend', 'cpu', '--data', 'spirals', '--hidden', '16,16', '--activation', 'relu', '--lr', '1e38', '--steps', '20', '--check-every', '5', '--out', out]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'gradient-trace: training diverged by step 5: the weights are no longer finite (W1[0][0] is NaN); try a smaller --lr\n' });
    expect(existsSync(out)).toBe(false);
  });

  it('--json, --out (loads in the main command), --plot', async () => {
    const out = join(dir, 'iris.json');
    const plot = join(dir, 'iris.svg');
    const r = await runCli(['train', '--data', 'iris', '--hidden', '6', '--steps', '300', '--lr', '0.3', '--backend', 'cpu', '--every', '100', '--json', '--out', out, '--plot', plot]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ steps: 300, lossSteps: [0, 100, 200, 299], backend: 'cpu', dims: [4, 6, 3], activation: ['tanh'], examples: 150 });
    expect(report.loss).toHaveLength(4);
    expect(report.accuracy).toBeGreaterThan(0.9);
    expect(report.checksMs).toBe(0);
    const check = await runCli(['--network', out, '--backend', 'cpu', '--json']);
    expect(check.code, check.stderr).not.toBe(2);
    expect(JSON.parse(check.stdout)).toMatchObject({ dims: [4, 6, 3], batch: 150 });
    expect(JSON.parse(check.stdout).loss.cpu).toBeCloseTo(report.finalLoss, 12);
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg[\s\S]*<path d="M[\s\S]*<\/svg>\n$/);
  });

  it('file names with control characters are escaped in what it prints (written, and a failed write)', async () => {
    const out = join(dir, 'red\u001b[31m.json');
    const r = await runCli(['train', '--steps', '3', '--backend', 'cpu', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toMatch(/wrote the trained network to ".*red\\(x1b|u001b)\[31m\.json"/);
    expect(existsSync(out)).toBe(true);
    const blocked = join(dir, 'not-a-dir');
    writeFileSync(blocked, 'x');
    const w = await runCli(['train', '--steps', '3', '--backend', 'cpu', '--out', join(blocked, 'x\u001b.json')]);
    expect(w.stderr).not.toContain('\u001b');
  });

  it('the text report writes losses as every table does (a tiny one in exponent form, not 0.000000), the same values --json holds', async () => {
    // Two examples, separated by margins of 20 logits: the loss is ~2e-9, which %.6f shows as 0.000000.
    const file = join(dir, 'separated.json');
    writeFileSync(file, JSON.stringify({ W1: [[10, 0], [0, 10]], b1: [0, 0], W2: [[1, -1], [-1, 1]], b2: [0, 0], inputs: [[1, 0], [0, 1]], targets: [0, 1] }));
    const args = ['train', '--network', file, '--steps', '3', '--lr', '1', '--backend', 'cpu'];
    const text = await runCli(args);
    const json = await runCli([...args, '--json']);
    expect(text.code, text.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    const rows = [...text.stdout.matchAll(/^ +(\d+)  (\S+)$/gm)].map((m) => [Number(m[1]), m[2]] as const);
    expect(rows.map(([step]) => step)).toEqual(report.lossSteps);
    rows.forEach(([, shown], k) => {
      expect(shown).toMatch(/^\d\.\d{6}e-09$/);
      expect(Number(shown)).toBeCloseTo(report.loss[k], 15);
      expect(Math.abs(Number(shown) - report.loss[k])).toBeLessThanOrEqual(5e-7 * report.loss[k]);
    });
    const final = /^after 3 steps, on the whole data set: loss (\S+), training accuracy 100\.00% \(2\/2\)$/m.exec(text.stdout);
    expect(final?.[1]).toMatch(/^\d\.\d{6}e-09$/);
    expect(Math.abs(Number(final![1]) - report.finalLoss)).toBeLessThanOrEqual(5e-7 * report.finalLoss);
  });

  it('losses that overflow while the weights stay finite are named in the report and on the plot, not silently left off', async () => {
    // lr 3e307 on xor: weights stay finite (~1e307) and the loss swings between ~1e305 and Infinity.
    const plot = join(dir, 'overflowing.svg');
    const r = await runCli(['train', '--backend', 'cpu', '--data', 'xor', '--hidden', '4', '--steps', '50', '--lr', '3e307', '--plot', plot]);
    const json = JSON.parse((await runCli(['train', '--backend', 'cpu', '--data', 'xor', '--hidden', '4', '--steps', '50', '--lr', '3e307', '--json'])).stdout);
    const infinite = json.lossSteps.filter((_: number, k: number) => json.loss[k] === 'Infinity');
    expect(infinite.length).toBeGreaterThan(5);
    const named = `${infinite.length} not finite (Infinity at steps ${infinite.slice(0, 5).join(', ')}, … (${infinite.length - 5} more))`;
    expect(r.stdout).toContain(`\nrecorded losses: ${named}; every one is in --json's loss\n`);
    expect(r.stdout).toContain(`wrote the loss curve to ${plot} (not drawn: ${named})`);
    expect(readFileSync(plot, 'utf8')).toContain(`>not drawn: ${named}</text>`);
  });

  it('--network FILE trains from the file and its batch; the text report', async () => {
    const file = join(dir, 'start.json');
    writeFileSync(file, JSON.stringify({ W1: [[0.1, -0.2], [0.3, 0.4], [-0.2, 0.5]], b1: [0.05, -0.1, 0.2], W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]], b2: [0.1, -0.05], inputs: [[0.5, 0.8], [-1, 2]], targets: [0, 1] }));
    const r = await runCli(['train', '--network', file, '--steps', '50', '--lr', '0.5', '--backend', 'cpu', '--check-every', '10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^data: .*start\.json \(its batch: 2 examples\)$/m);
    expect(r.stdout).toMatch(/^network: 2-3-2, hidden relu, 17 parameters, init: the weights in /m);
    expect(r.stdout).toMatch(/^after 50 steps, on the whole data set: loss \d\.\d{6}, training accuracy 100\.00% \(2\/2\)$/m);
    expect(r.stdout).toMatch(/^checked the gradients of 5 steps against finite differences: all within tolerance \(85 of 85 finite-difference rows judged\)$/m);
    // The CPU compiles no kernels: its timing line says nothing of them. The checks' time is kept apart.
    expect(r.stdout).toMatch(/^50 steps in \d+\.\d\d s: \d+ steps\/s after the first; not counting the gradient checks, which took \d+\.\d\d s more$/m);
  });

  it('--check-every whose steps could judge nothing (every FD row n/a) fails closed: NOTHING CHECKED, exit 1, nothing written', async () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify({ W1: [[1e20, -0.2], [0.3, 0.4], [-0.2, 0.5]], b1: [0.05, -0.1, 0.2], W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]], b2: [0.1, -0.05], input: [1e20, 0.8], target: 0 }));
    const out = join(dir, 'big-out.json');
    const plot = join(dir, 'big-out.svg');
    const r = await runCli(['train', '--network', file, '--steps', '3', '--check-every', '1', '--backend', 'cpu', '--out', out, '--plot', plot]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NOTHING CHECKED: none of the gradients of the 3 steps checked could be judged \(finite differences: 51 rows, all n\/a\)/m);
    expect(r.stdout).not.toMatch(/within tolerance|wrote/);
    expect(r.stderr).toBe(`gradient-trace: NOTHING CHECKED: no gradient of the 3 checked steps could be judged, so the check vouches for nothing; ${out} and ${plot} not written\n`);
    expect(existsSync(out) || existsSync(plot)).toBe(false);
    const json = await runCli(['train', '--network', file, '--steps', '3', '--check-every', '1', '--backend', 'cpu', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ checkedSteps: 3, checks: { steps: 3, unjudgedSteps: [0, 1, 2], fd: 51, fdJudged: 0 } });
  });
});

const webgpu = process.env.GRADIENT_TRACE_WEBGPU !== 'off';

describe.runIf(webgpu)('train on WebGPU: --check-every', () => {
  it('float32 overflow on the GPU (float64 finite) is reported as overflow, naming the step and the value, exit 1', async () => {
    const file = new URL('../fixtures/float32/ovf32.json', import.meta.url).pathname;
    const r = await runCli(['train', '--network', file, '--backend', 'webgpu', '--check-every', '1', '--steps', '3']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gradient-trace: step 0: float32 overflow on the GPU, not drift: the webgpu loss is NaN where float64 gives \S+; float64 reaches z1\[example 0\]\[0\] = 1\.000e\+40, past float32's largest finite value 3\.403e\+38\n$/);
  });
});

describe.runIf(webgpu)('train on WebGPU: an lr or momentum float32 cannot hold', () => {
  it.each([
    // Infinity in float32: every weight became ±Infinity or NaN at step 0, reported as divergence.
    [['--lr', '1e39'], "--lr 1e39 is past float32's largest value (3.4e38): the GPU would step with Infinity"],
    // 0 in float32: the weights never moved, silently.
    [['--lr', '1e-46'], "--lr 1e-46 is below float32's smallest value (1.4e-45): the GPU would step with 0"],
    // 1 in float32: v <- v + g, never decaying, where float64 runs 0.9999999999.
    [['--momentum', '0.9999999999'], "--momentum 0.9999999999 rounds to 1 in float32: the GPU's velocity would never decay"],
  ])('%s is refused before the first step (exit 2, one line, nothing written); --backend cpu takes it', async (flags, message) => {
    const out = join(dir, 'f32-refused.json');
    const r = await runCli(['train', '--data', 'xor', '--steps', '3', '--backend', 'webgpu', '--out', out, ...flags]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `gradient-trace: ${message}; the WebGPU trainer computes in float32: use --backend cpu (float64)\n` });
    expect(existsSync(out)).toBe(false);
    const cpu = await runCli(['train', '--data', 'xor', '--steps', '3', '--backend', 'cpu', ...flags]);
    expect(cpu.code, cpu.stderr).toBe(0);
  });
});

describe.runIf(webgpu)('train on WebGPU: the issue\'s acceptance runs', () => {
  it('xor, hidden 4, tanh, 2000 steps, lr 0.5, seed 1: loss < 0.05, accuracy 1, cpu within the drift tolerance', async () => {
    const args = ['train', '--data', 'xor', '--hidden', '4', '--activation', 'tanh', '--steps', '2000', '--lr', '0.5', '--seed', '1', '--json'];
    const gpu = await runCli([...args, '--backend', 'webgpu']);
    expect(gpu.code, gpu.stderr).toBe(0);
    const g = JSON.parse(gpu.stdout);
    expect(g.backend).toBe('webgpu');
    expect(g.finalLoss).toBeLessThan(0.05);
    expect(g.accuracy).toBe(1);
    const cpu = JSON.parse((await runCli([...args, '--backend', 'cpu'])).stdout);
    expect(Math.abs(g.finalLoss - cpu.finalLoss)).toBeLessThan(driftTolerance(2000, 0.5));
    expect(cpu.accuracy).toBe(1);
  });

  it('spirals, hidden 16,16, 5000 steps, lr 0.3: >= 95% training accuracy', async () => {
    const out = join(dir, 'spirals.json');
    const r = await runCli(['train', '--data', 'spirals', '--hidden', '16,16', '--steps', '5000', '--lr', '0.3', '--backend', 'webgpu', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.loss[0]).toBeGreaterThan(report.finalLoss);
    const check = await runCli(['--network', out, '--backend', 'cpu', '--json']);
    expect(JSON.parse(check.stdout).dims).toEqual([2, 16, 16, 2]);
  });
});

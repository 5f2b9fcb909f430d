/** The CLI's views past the lesson: --cmp, --h-sweep PARAM [--plot], --break NAME; their refusals. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BUGS } from '../../src/break/bugs.js';
import { runCli } from '../support/run-cli.js';

const required = process.env.REQUIRE_WEBGPU === '1';
const dir = mkdtempSync(join(tmpdir(), 'gradient-trace-views-'));
// A 2-3-2 network with a batch of 4 examples (one target given one-hot): test/fixtures/batch-network.json.
const batchFile = fileURLToPath(new URL('../fixtures/batch-network.json', import.meta.url));

describe('--help and refusals', () => {
  test('--help names every bug', async () => {
    const { stdout } = await runCli(['--help']);
    for (const bug of BUGS) expect(stdout).toContain(bug.name);
    expect(stdout).toContain('--h-sweep PARAM');
    expect(stdout).toContain('--cmp');
  });
  const cases: [string[], RegExp][] = [
    [['--break', 'off-by-one'], /^gradient-trace: --break must be one of relu-mask-forgotten, .*, got "off-by-one"\n$/],
    [['--h-sweep', 'W9[0][0]'], /^gradient-trace: --h-sweep: no parameter "W9\[0\]\[0\]" in this network \(parameters are W1\[0\]\[0\] … b2\[1\]\)\n$/],
    [['--plot', 'x.svg'], /^gradient-trace: --plot draws the h sweep: give --h-sweep PARAM too\n$/],
    [['--h-sweep', 'W2[0][1]', '--plot', 'sweep.PNG'], /^gradient-trace: --plot writes SVG, so "sweep\.PNG" would hold SVG under a "\.PNG" name: give a \.svg file\n$/],
    [['--cmp', '--break', 'mean-dropped'], /^gradient-trace: --cmp, --h-sweep and --break are separate views/],
    [['--cmp', '--backend', 'cpu'], /^gradient-trace: --cmp compares WebGPU with float64/],
    [['--cmp', '--json', '--backend', 'cpu'], /^gradient-trace: --cmp compares WebGPU with float64/],
    [['--break', 'mean-dropped', '--json'], /^gradient-trace: --break prints a table and has no --json form; drop --json\n$/],
    [['--h-sweep', 'W2[0][1]', '--json'], /^gradient-trace: --h-sweep prints a table and has no --json form; drop --json\n$/],
    // Flags a view has no use for are refused, not silently ignored.
    [['--cmp', '--h', '5'], /^gradient-trace: --h has no effect with --cmp; drop it\n$/],
    [['--cmp', '--fd', 'all'], /^gradient-trace: --fd has no effect with --cmp; drop it\n$/],
    [['--cmp', '--full'], /^gradient-trace: --full has no effect with --cmp; drop it\n$/],
    [['--cmp', '--json', '--intermediates'], /^gradient-trace: --intermediates has no effect with --cmp; drop it\n$/],
    // Without --json too: "--intermediates needs --json" would send the user to a --json the view refuses or ignores.
    [['--cmp', '--intermediates'], /^gradient-trace: --intermediates has no effect with --cmp; drop it\n$/],
    [['--h-sweep', 'W2[0][1]', '--intermediates'], /^gradient-trace: --intermediates has no effect with --h-sweep; drop it\n$/],
    [['--break', 'mean-dropped', '--intermediates'], /^gradient-trace: --intermediates has no effect with --break; drop it\n$/],
    [['--cmp', '--example', '0'], /^gradient-trace: --example has no effect with --cmp; drop it\n$/],
    [['--h-sweep', 'W2[0][1]', '--h', '1e-3'], /^gradient-trace: --h has no effect with --h-sweep; drop it\n$/],
    [['--h-sweep', 'W2[0][1]', '--fd', 'auto'], /^gradient-trace: --fd has no effect with --h-sweep; drop it\n$/],
    [['--h-sweep', 'W2[0][1]', '--full'], /^gradient-trace: --full has no effect with --h-sweep; drop it\n$/],
    [['--h-sweep', 'W2[0][1]', '--example', '0'], /^gradient-trace: --example has no effect with --h-sweep; drop it\n$/],
    [['--break', 'mean-dropped', '--fd', 'all'], /^gradient-trace: --fd has no effect with --break; drop it\n$/],
    [['--break', 'mean-dropped', '--example', '0'], /^gradient-trace: --example has no effect with --break; drop it\n$/],
    [['--cmp', '--break', 'mean-dropped', '--full'], /^gradient-trace: --cmp, --h-sweep and --break are separate views/],
    [['--h-sweep', 'W2[0][1]', '--plot', join(dir, 'no-such-dir', 'x.svg'), '--backend', 'cpu'], /^gradient-trace: --plot ".*x\.svg": no such directory ".*no-such-dir"\n$/],
    // The path is the user's string: quoted and escaped when it is not plain, as every other echoed path.
    [['--h-sweep', 'W2[0][1]', '--plot', '', '--backend', 'cpu'], /^gradient-trace: --plot needs a file name, got ""\n$/],
    [['--h-sweep', 'W2[0][1]', '--plot', join(dir, 'no-such-dir', '\u001b[2Jx.svg'), '--backend', 'cpu'], /^gradient-trace: --plot ".*no-such-dir\/\\u001b\[2Jx\.svg": no such directory/],
  ];
  for (const [argv, message] of cases) {
    test(argv.join(' '), async () => {
      const { code, stdout, stderr } = await runCli(argv);
      expect(stderr).toMatch(message);
      expect(code).toBe(2);
      expect(stdout).toBe('');
    });
  }
});

describe('the views take --verbose (the driver\'s output, as in the report) and --break fails closed', () => {
  test('--break and --h-sweep with --verbose run (exit as without it)', async () => {
    const br = await runCli(['--break', 'relu-mask-forgotten', '--backend', 'cpu', '--verbose']);
    expect(br.code).toBe(1);
    expect(br.stdout).toMatch(/^caught: 3 of 17 /m);
    const sw = await runCli(['--h-sweep', 'W2[0][1]', '--backend', 'cpu', '--verbose']);
    expect(sw.code).toBe(0);
    expect(sw.stderr).toBe('');
  });

  test('--break on a network past 300 parameters shows the first 20 caught rows and says how many it leaves out; --full shows all', async () => {
    // 4-40-10: 610 parameters, a batch of 3 (mean-dropped: every nonzero gradient is 3× too big).
    const rand = (k: number) => Math.sin(k * 12.9898) * 0.5;
    const net = {
      W1: Array.from({ length: 40 }, (_, i) => Array.from({ length: 4 }, (_, j) => rand(i * 4 + j + 1))),
      b1: Array.from({ length: 40 }, (_, i) => rand(500 + i) * 0.1),
      W2: Array.from({ length: 10 }, (_, i) => Array.from({ length: 40 }, (_, j) => rand(1000 + i * 40 + j))),
      b2: Array.from({ length: 10 }, () => 0),
      inputs: [[0.5, -1, 2, 0.1], [1, 0.2, -0.3, 0.7], [-0.4, 0.9, 0.3, -1.2]],
      targets: [1, 4, 9],
    };
    const file = join(dir, 'wide.json');
    writeFileSync(file, JSON.stringify(net));
    const short = await runCli(['--break', 'mean-dropped', '--backend', 'cpu', '--network', file]);
    expect(short.code).toBe(1);
    expect(short.stdout.split('\n').filter((l) => l.endsWith('<- caught')).length).toBe(20);
    expect(short.stdout).toMatch(/^… 590 of 610 rows not shown \(the first 20 caught rows shown; --full prints every row\)$/m);
    const full = await runCli(['--break', 'mean-dropped', '--backend', 'cpu', '--network', file, '--full']);
    expect(full.code).toBe(1);
    const caught = Number(/^caught: (\d+) of 610 /m.exec(full.stdout)![1]);
    expect(full.stdout.split('\n').filter((l) => l.endsWith('<- caught')).length).toBe(caught);
    expect(full.stdout).not.toMatch(/rows not shown/);
  });

  test('--break whose finite differences could judge nothing exits 1: not caught, and not cleared', async () => {
    // Every FD row n/a: a 1e20 weight and input put the loss beyond what a finite difference resolves.
    const file = join(dir, 'unjudgeable.json');
    writeFileSync(file, JSON.stringify({ W1: [[1e20, -0.2], [0.3, 0.4], [-0.2, 0.5]], b1: [0.05, -0.1, 0.2], W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]], b2: [0.1, -0.05], input: [1e20, 0.8], target: 0 }));
    const r = await runCli(['--break', 'mean-dropped', '--backend', 'cpu', '--network', file]);
    expect(r.stdout).toMatch(/^not caught, and not cleared: finite differences could judge none of the 17 gradients/m);
    expect(r.code).toBe(1);
  });
});

describe('--break NAME', () => {
  // What the float64 pass with each bug gets caught on: the lesson (one example, unit a1[0] dead) and a batch of 4.
  const expected: Record<string, { lesson: RegExp; batch: RegExp }> = {
    'relu-mask-forgotten': { lesson: /^caught: 3 of 17 .*: W1\[0\]\[0\], W1\[0\]\[1\], b1\[0\]$/m, batch: /^caught: /m },
    'w-not-transposed': { lesson: /^caught: 6 of 17 .*: W1\[1\]\[0\], W1\[1\]\[1\], W1\[2\]\[0\], W1\[2\]\[1\], b1\[1\], b1\[2\]$/m, batch: /^caught: /m },
    'mean-dropped': { lesson: /^not caught: /m, batch: /^caught: 17 of 17 /m },
    'p-not-p-minus-t': { lesson: /^caught: 9 of 17 /m, batch: /^caught: /m },
    'relu-prime-one-at-zero': { lesson: /^not caught: /m, batch: /^not caught: /m },
    'bias-not-summed': { lesson: /^not caught: /m, batch: /^caught: 5 of 17 gradients differ from finite differences: b1\[0\], b1\[1\], b1\[2\], b2\[0\], b2\[1\]$/m },
  };
  for (const bug of BUGS) {
    test(bug.name, async () => {
      for (const [which, argv] of [['lesson', []], ['batch', ['--network', batchFile]]] as const) {
        const { code, stdout } = await runCli(['--break', bug.name, '--backend', 'cpu', ...argv]);
        expect(stdout, `${which}`).toMatch(expected[bug.name][which]);
        expect(stdout.startsWith(`break: ${bug.name}: ${bug.code}\n`)).toBe(true);
        // The explanation (src/break/break-why.ts, tested in test/cpu/break-why.test.ts) and what the run found.
        expect(stdout).toMatch(/^why: \S.*\.\nThis run: the bug changes .*\.$/m);
        const caught = /^caught: /m.test(stdout);
        expect(code, `${which} exit`).toBe(caught ? 1 : 0);
        // Each caught row is marked in the table.
        if (caught) expect(stdout).toMatch(/ no +<- caught$/m);
      }
    });
  }
  test('the explanation follows the network: --activation tanh gets no ReLU story', async () => {
    const { stdout } = await runCli(['--break', 'relu-mask-forgotten', '--backend', 'cpu', '--activation', 'tanh', '--network', batchFile]);
    const why = /^why: (.*)$/m.exec(stdout)![1];
    expect(why).toContain("In layer 1 (tanh, f'(z) = 1 − tanh²(z)) f'(z) is not 1 for 12 of 12 (example, unit) pairs here");
    expect(why).not.toMatch(/relu|dead/i);
    expect(stdout).toMatch(/^This run: the bug changes 9 of 17 gradients \(.*\); finite differences catch all 9\.$/m);
  });

  test("relu-prime-one-at-zero is caught where a pre-activation is exactly 0 (judged one-sidedly at the kink)", async () => {
    const z0 = join(dir, 'z0.json');
    // z1[2] = -0.05 + 0.5·0.5 − 0.25·0.8 = 0 exactly for the first example.
    writeFileSync(z0, JSON.stringify({ W1: [[0.1, -0.2], [0.3, 0.4], [0.5, -0.25]], b1: [-1, -0.1, -0.05], W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]], b2: [0.1, -0.05], inputs: [[0.5, 0.8], [-1, 2], [1.5, -0.5]], targets: [0, 1, 1] }));
    const { code, stdout } = await runCli(['--break', 'relu-prime-one-at-zero', '--backend', 'cpu', '--network', z0]);
    expect(stdout).toMatch(/^caught: 3 of 17 gradients differ from finite differences: W1\[2\]\[0\], W1\[2\]\[1\], b1\[2\]$/m);
    expect(code).toBe(1);
    // The same network without the bug: nothing to catch (relu'(0) = 0 is what the one-sided check sees).
    expect((await runCli(['--backend', 'cpu', '--network', z0])).code).toBe(0);
  });

  test('with WebGPU the kernel runs the same bug (its column agrees with the broken float64 pass)', async () => {
    const { stdout, code } = await runCli(['--break', 'w-not-transposed', '--network', batchFile]);
    if (required) expect(stdout.startsWith('webgpu adapter: ')).toBe(true);
    if (!stdout.startsWith('webgpu adapter: ')) return;
    expect(code).toBe(1);
    const rows = stdout.split('\n').filter((line) => /^[Wb]\d\[/.test(line));
    expect(rows).toHaveLength(17);
    for (const row of rows) expect(Number(row.trim().split(/\s+/)[4]), row).toBeLessThan(1e-5); // |webgpu-f64|
  });
});

describe('--h-sweep PARAM', () => {
  test('prints the table from 1e-1 to 1e-12 and the best h, and draws the plot', async () => {
    const plot = join(dir, 'sweep.svg');
    const { code, stdout } = await runCli(['--h-sweep', 'W2[0][1]', '--plot', plot]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^h sweep for W2\[0\]\[1\]: analytical \(float64 backprop\) -0\.199676593108, L = 0\.77580398$/m);
    if (required) expect(stdout).toMatch(/^float32 finite differences: WebGPU, one dispatch of nudged copies on /m);
    const rows = stdout.split('\n').filter((line) => /^ +\d\.\d\de[+-]\d\d /.test(line));
    expect(rows).toHaveLength(23);
    expect(rows[0].trim().startsWith('1.00e-01')).toBe(true);
    expect(rows[22].trim().startsWith('1.00e-12')).toBe(true);
    const best = /^best h: float64 (\S+) \(\|err\| (\S+)\), float32 (\S+) \(\|err\| (\S+)\)$/m.exec(stdout)!;
    expect(Number(best[1])).toBeGreaterThanOrEqual(1e-7);
    expect(Number(best[1])).toBeLessThanOrEqual(1e-3);
    expect(Number(best[2])).toBeLessThan(1e-10);
    expect(Number(best[4])).toBeGreaterThan(Number(best[2]));
    const svg = readFileSync(plot, 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('truncation ~ C·h²');
    expect(svg.match(/<path /g)).toHaveLength(5); // truncation, two round-off, two measured
    expect(stdout.trimEnd().endsWith(`plot written to ${plot}`)).toBe(true);
  });
});

describe('--cmp', () => {
  test('every intermediate, WebGPU vs float64', async () => {
    const { code, stdout, stderr } = await runCli(['--cmp', '--network', batchFile]);
    if (!required && code === 1 && /--cmp needs WebGPU/.test(stderr)) return;
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((line) => /^(z|a|p|L|d)\S* +(\d+x\d+|\d+|scalar) +(yes|no) +(yes|no) /.test(line));
    expect(rows.map((line) => line.split(/\s+/)[0])).toEqual(['z1', 'a1', 'z2', 'p', 'L', 'dz2', 'dW2', 'db2', 'da1', 'dz1', 'dW1', 'db1']);
    // Elements by their coordinates: an intermediate's row is an example, dW's is a unit.
    expect(rows[0]).toMatch(/^z1 +4x3 .* z1\[example [0-3]\]\[[0-2]\]$/);
    expect(rows[10]).toMatch(/^dW1 +3x2 .* dW1\[[0-2]\]\[[01]\]$/);
    expect(stdout).toMatch(/^cmp: 12 of 12 tensors approximately equal \(\d+ exact\); worst \d+ ULP at \w+(\[example \d\])?(\[\d\])+ \(over elements with \|f64\| >= 1e-5; \d+ of 90 nearer zero left out, where ULP counts mean nothing\)$/m);
  });

  test('--verbose: the same comparison (the driver\'s output, if any, on stderr marked as such)', async () => {
    const { code, stdout, stderr } = await runCli(['--cmp', '--verbose', '--network', batchFile]);
    if (!required && code === 1 && /--cmp needs WebGPU/.test(stderr)) return;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^cmp: 12 of 12 tensors approximately equal/m);
    if (stderr !== '') expect(stderr).toMatch(/^gradient-trace: the GPU driver wrote \(while choosing an adapter\):\n(  \| .*\n)+$/);
  });

  test('--json: one object, the same comparison (schemas/cmp.schema.json; validated in json-schema.test.ts)', async () => {
    const { code, stdout, stderr } = await runCli(['--cmp', '--json', '--network', batchFile]);
    if (!required && code === 1 && /--cmp needs WebGPU/.test(stderr)) return;
    expect(code, stderr).toBe(0);
    expect(stdout.endsWith('}\n')).toBe(true);
    const report = JSON.parse(stdout);
    expect(report.tensors.map((t: { name: string }) => t.name)).toEqual(['z1', 'a1', 'z2', 'p', 'L', 'dz2', 'dW2', 'db2', 'da1', 'dz1', 'dW1', 'db1']);
    expect(report).toMatchObject({ verdict: 'approx', approxTensors: 12, failing: [] });
    expect(report.tensors[0]).toMatchObject({ name: 'z1', shape: [4, 3], size: 12, approx: 12 });
    // The text view's verdict names the same worst element.
    const text = await runCli(['--cmp', '--network', batchFile]);
    expect(text.stdout).toContain(`worst ${report.worstUlp.ulp} ULP at ${report.worstUlp.at} (`);
  });
});

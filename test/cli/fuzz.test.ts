/**
 * Hostile input, generated: malformed network files and flag lists thrown at the CLI in-process
 * (fast-check, 1,300 cases), then a dozen hand-picked ones through the built command. Every
 * refusal must be exit 2 with exactly one line on stderr, escaped (no control, separator or bidi
 * character), naming the culprit, with no stack and nothing on stdout; anything accepted must
 * produce a report (exit 0 or 1).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, type CliResult } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradient-trace-fuzz-'));
let fileCount = 0;
function file(text: string): string {
  const path = join(dir, `f${fileCount++}.json`);
  writeFileSync(path, text);
  return path;
}

const lesson: Record<string, unknown> = {
  W1: [[0.1, -0.2], [0.3, 0.4], [-0.2, 0.5]],
  b1: [0.05, -0.1, 0.2],
  W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]],
  b2: [0.1, -0.05],
  input: [0.5, 0.8],
  target: 0,
};

/** Control, separator and bidi characters: none may reach the terminal raw. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function expectRefusalOrReport(r: CliResult): void {
  if (r.code === 2) {
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gradient-trace: [^\n]+\n$/);
    expect(r.stderr.slice(0, -1)).not.toMatch(UNSAFE);
    expect(r.stderr.length).toBeLessThan(700);
    expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)|Error:/); // no stack, no raw error class
  } else {
    expect([0, 1]).toContain(r.code);
    expect(r.stdout.length).toBeGreaterThan(0);
  }
}

beforeAll(() => {
  process.env.GRADIENT_TRACE_WEBGPU = 'off'; // the parser and loader are under test, not Dawn
});
afterAll(() => {
  delete process.env.GRADIENT_TRACE_WEBGPU;
});

/** Strings with the characters an attacker would use. */
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('\r', '\n', '\x1b', '[', '2', 'J', '\u202e', '\x9b', '\x00', '"', '\\', 'W', '1', '-', 'h', '\ud800'), maxLength: 20 }),
);

describe('generated malformed network files (in-process)', () => {
  const run = async (text: string) => runCli(['--network', file(text), '--backend', 'cpu']);

  test('arbitrary JSON documents', async () => {
    await fc.assert(fc.asyncProperty(fc.json({ maxDepth: 3 }), async (text) => expectRefusalOrReport(await run(text))), { numRuns: 250, seed: 1 });
  });

  test('arbitrary text and bytes', async () => {
    const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'));
    await fc.assert(fc.asyncProperty(fc.oneof(nasty, bytes), async (text) => expectRefusalOrReport(await run(text))), { numRuns: 250, seed: 2 });
  });

  test('the lesson network with one key replaced by an arbitrary value', async () => {
    const mutated = fc.record({ key: fc.constantFrom(...Object.keys(lesson)), value: fc.jsonValue({ maxDepth: 2 }) });
    await fc.assert(
      fc.asyncProperty(mutated, async ({ key, value }) => expectRefusalOrReport(await run(JSON.stringify({ ...lesson, [key]: value })))),
      { numRuns: 250, seed: 3 },
    );
  });

  test('unknown and duplicate keys with hostile names: refused, the name escaped', async () => {
    const prop = fc.asyncProperty(nasty, fc.boolean(), async (name, duplicate) => {
      const key = duplicate ? 'W1' : `x${name}`;
      const text = `{${JSON.stringify(key)}: 1, ${JSON.stringify(lesson).slice(1)}`;
      const r = await run(text);
      expect(r.code).toBe(2);
      expectRefusalOrReport(r);
      expect(r.stderr).toContain(duplicate ? 'duplicate key "W1"' : 'unknown key "x');
    });
    await fc.assert(prop, { numRuns: 150, seed: 4 });
  });
});

describe('generated flag lists (in-process)', () => {
  const flag = fc.oneof(
    fc.constantFrom('--network', '--example', '--h', '--backend', '--fd', '--max-bytes', '--json', '--full', '--verbose', '-h', '--', '-'),
    fc.constantFrom('-1', '-1e-5', '1e400', 'NaN', '-0', '0x10', '', ' ', 'cpu', 'all', 'webgpu', '/dev/zero', '/nonexistent', '-network', '--h=-3', '--json=1'),
    nasty.map((s) => `--${s}`),
    nasty.map((s) => `-${s}`),
    nasty,
  );
  test('random lists of flags and values', async () => {
    await fc.assert(fc.asyncProperty(fc.array(flag, { maxLength: 6 }), async (argv) => expectRefusalOrReport(await runCli(argv))), { numRuns: 450, seed: 5 });
  });
});

describe('hand-picked hostile cases through the built command', () => {
  const bin = fileURLToPath(new URL('../../bin/gradient-trace.js', import.meta.url));
  const fifo = join(dir, 'fifo.json');
  execFileSync('mkfifo', [fifo]);
  const cases: [string, string[], RegExp][] = [
    ['negative --h', ['--h', '-1'], /--h must be > 0, got -1$/],
    ['negative --example', ['--example', '-1'], /--example must be a whole number >= 0, got -1$/],
    ['value flag then a flag', ['--network', '--json'], /--network needs a value$/],
    ['single-dash long flag', ['-network', 'x.json'], /unknown flag -network \(did you mean --network\?\)$/],
    ['/dev/zero', ['--network', '/dev/zero'], /\/dev\/zero: it is a character device, not a regular file$/],
    ['a FIFO with no writer', ['--network', fifo], /fifo\.json: it is a FIFO \(named pipe\), not a regular file$/],
    ['a directory', ['--network', dir], /: it is a directory, not a regular file$/],
    ['over --max-bytes', ['--network', file(' '.repeat(5000)), '--max-bytes', '4096'], /is 5000 bytes: the limit is 4096 bytes; raise it with --max-bytes$/],
    ['duplicate key', ['--network', file('{"W1": "oops", "W1": [[1]], "b1": [0], "input": [1], "target": 0}')], /duplicate key "W1"/],
    ['key with a carriage return', ['--network', file(JSON.stringify({ 'evil\rgradient-trace: all fine': 1 }))], /unknown key "evil\\rgradient-trace: all fine"/],
    ['key with ANSI escapes', ['--network', file(JSON.stringify({ '\x1b[2J\x1b[H': 1 }))], /unknown key "\\u001b\[2J\\u001b\[H"/],
    ['not JSON', ['--network', file('{"W1": [[1, 2]')], /not valid JSON/],
    ['1e400', ['--network', file('{"W1": [[1e400]], "b1": [0], "input": [1], "target": 0}')], /W1\[0\]\[0\] is not finite/],
    ['flag with control characters', ['--\x1b]0;pwned\x07'], /unknown flag "--\\u001b\]0;pwned\\u0007"/],
  ];
  for (const [label, argv, culprit] of cases) {
    test(label, () => {
      const started = Date.now();
      const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, GRADIENT_TRACE_WEBGPU: 'off' } });
      const elapsed = Date.now() - started;
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr.trimEnd()).toMatch(culprit);
      expect(r.stderr.slice(0, -1)).not.toMatch(UNSAFE);
      expect(elapsed).toBeLessThan(2000);
    });
  }
});

/**
 * The default run must reproduce every trace line the lesson prints, character for character and
 * in the same order. The lesson's lines (test/fixtures/lesson-trace.txt, copied from the lesson's
 * text) skip some rows (steps 2 and 6, zero products); ours must contain them all as a
 * subsequence. Only the |delta| column may differ: it is float rounding residue.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runCli } from '../support/run-cli.js';

const lessonLines = readFileSync(new URL('../fixtures/lesson-trace.txt', import.meta.url), 'utf8').trimEnd().split('\n');
const TABLE_ROW = /^([Wb]\d\[[^ ]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(yes|no)$/;

/** Each expected line, in order, somewhere after the previous one's match. Returns the first miss. */
function firstMissing(expected: string[], actual: string[], same: (e: string, a: string) => boolean): string | null {
  let at = 0;
  for (const line of expected) {
    while (at < actual.length && !same(line, actual[at])) at++;
    if (at === actual.length) return line;
    at++;
  }
  return null;
}

/** Table rows compare every column but |delta|, which must still be a tiny %.2e number. */
function sameLine(expected: string, actual: string): boolean {
  const e = TABLE_ROW.exec(expected);
  if (!e) return expected === actual;
  const a = TABLE_ROW.exec(actual);
  if (!a || a[0].length !== e[0].length) return false;
  return a[1] === e[1] && a[2] === e[2] && a[3] === e[3] && a[5] === e[5] && /^\d\.\d\de[+-]\d\d$/.test(a[4]) && Number(a[4]) < 1e-9;
}

describe('the lesson, reproduced', () => {
  test('--backend cpu prints every line of the lesson, table included, in order', async () => {
    const { code, stdout, stderr } = await runCli(['--backend', 'cpu']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(firstMissing(lessonLines, lines, sameLine)).toBeNull();
    expect(lines).toContain('verdict: 17 of 17 parameters match; worst |delta| ' + /worst \|delta\| (\S+)/.exec(stdout)![1] + ' at ' + /at (\S+)$/m.exec(stdout)![1]);
  });

  test('the default run prints every line of the lesson, table included (a WebGPU table may follow)', async () => {
    const { code, stdout } = await runCli([]);
    expect(code).toBe(0);
    expect(firstMissing(lessonLines, stdout.split('\n'), sameLine)).toBeNull();
  });

  test('the steps the lesson skips are printed in the same style', async () => {
    const { stdout } = await runCli(['--backend', 'cpu']);
    expect(stdout).toContain('  dL/db2[0] = dL/dz2[0] = -0.539666');
    expect(stdout).toContain('  dL/db1[0] = dL/dz1[0] = -0.000000');
    expect(stdout).toContain('  dL/dW2[0][0] = dL/dz2[0] * a1[0] = -0.539666 * 0.000000 = -0.000000');
    expect(stdout).toMatch(/^step 2: dL\/db2\[i\]/m);
    expect(stdout).toMatch(/^step 6: dL\/db1\[j\]/m);
  });

  test('the comparison can fail: a changed digit is caught', () => {
    const tampered = lessonLines.map((l) => l.replace('= -0.060000', '= -0.060001'));
    expect(firstMissing(tampered, lessonLines, sameLine)).toContain('-0.060001');
  });
});

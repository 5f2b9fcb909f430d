/**
 * The installed command, as a user runs it: `npx gradient-trace` → bin/gradient-trace.js → the
 * built CLI in dist/cli (made by `npm install` via prepare, and by `npm test` before vitest).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/gradient-trace.js', import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

test('the built command prints the lesson and exits 0', () => {
  const { status, stdout, stderr } = run(['--backend', 'cpu']);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  expect(stdout).toContain('  a1[0] = relu(-0.060000) = 0.000000   [DEAD (clipped to 0)]');
  expect(stdout).toContain('verdict: 17 of 17 parameters match');
});

test('the built command refuses an unknown flag in one line with exit 2', () => {
  const { status, stdout, stderr } = run(['--nope']);
  expect(status).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toBe('gradient-trace: unknown flag --nope (see --help)\n');
});

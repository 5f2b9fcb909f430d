/**
 * The installed command, as a user runs it: `npx gradient-trace` → bin/gradient-trace.js → the
 * built CLI in dist/cli (made by `npm install` via prepare, and by `npm test` before vitest).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { networkFileJson } from '../../src/network/network-file.js';
import { randomNetwork } from '../support/random-network.js';

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

describe('write failures and closed pipes, through the built command', () => {
  // A network whose full trace is ~115 KB: more than a pipe's 64 KiB buffer.
  const dir = mkdtempSync(join(tmpdir(), 'gradient-trace-bin-'));
  const wide = join(dir, 'wide.json');
  const { network, batch } = randomNetwork({ dims: [30, 20, 3], batch: 1, seed: 8 });
  writeFileSync(wide, networkFileJson(network, batch));
  const sh = (script: string) =>
    spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE: process.execPath, BIN: bin, WIDE: wide } });

  test('| head -1 on a large output ends quietly', () => {
    const { stdout, stderr } = sh('"$NODE" "$BIN" --network "$WIDE" --backend cpu --full | head -1; echo "status=${PIPESTATUS[0]}"');
    const [first, status] = stdout.trimEnd().split('\n');
    expect(first).toMatch(/^input {4}x = \[/);
    expect(['status=0', 'status=141']).toContain(status);
    expect(stderr).toBe('');
  });

  test('> /dev/full is one line on stderr and exit 1', () => {
    const { status, stdout, stderr } = sh('"$NODE" "$BIN" --network "$WIDE" --backend cpu --full > /dev/full');
    expect(stdout).toBe('');
    expect(stderr).toBe('gradient-trace: cannot write the output: no space left on device (ENOSPC)\n');
    expect(status).toBe(1);
  });

  test('a closed stdout ends quietly', () => {
    const { status, stderr } = sh('"$NODE" "$BIN" --backend cpu >&-');
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { writeWhole } from '../../src/io/write-whole.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
const scratch = () => (dir = mkdtempSync(join(tmpdir(), 'write-whole-')));

describe('writeWhole', () => {
  // A temporary file renamed over a FIFO or a device (`--plot /dev/null`, as root) would replace
  // the special file itself with a regular file; those are written through, as `> /dev/null` does.
  test('a FIFO stays a FIFO and its reader gets the text', async () => {
    const fifo = join(scratch(), 'plot.svg');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (chunk: Buffer) => (got += chunk.toString()));
    const done = new Promise((ok) => reader.on('close', ok));
    writeWhole(fifo, '<svg/>\n');
    const stillFifo = lstatSync(fifo).isFIFO();
    if (!stillFifo) reader.kill(); // replaced: nothing will ever open the FIFO for writing
    await done;
    expect(stillFifo).toBe(true);
    expect(got).toBe('<svg/>\n');
    expect(readdirSync(dir)).toEqual(['plot.svg']);
  });

  test('a symlink is written through to its target, not replaced', () => {
    const d = scratch();
    writeFileSync(join(d, 'real.svg'), 'old');
    symlinkSync('real.svg', join(d, 'link.svg'));
    writeWhole(join(d, 'link.svg'), 'new');
    expect(lstatSync(join(d, 'link.svg')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'real.svg'), 'utf8')).toBe('new');
    expect(readdirSync(d).sort()).toEqual(['link.svg', 'real.svg']);
  });

  test('a directory or a missing folder: one line, nothing left behind', () => {
    const d = scratch();
    expect(() => writeWhole(d, 'x')).toThrow(/^cannot write .*: EISDIR$/);
    expect(() => writeWhole(join(d, 'no', 'x.svg'), 'x')).toThrow(/^cannot write .*: ENOENT$/);
    expect(readdirSync(d)).toEqual([]);
    expect(existsSync(`${d}.${process.pid}.tmp`)).toBe(false);
  });
});

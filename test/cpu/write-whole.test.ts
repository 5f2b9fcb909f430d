import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { checkOutputFile, sameOutputFile, writeOutputFiles } from '../../src/io/write-whole.js';
import { parseTrainArgs } from '../../src/cli/train-args.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
const scratch = () => (dir = mkdtempSync(join(tmpdir(), 'ww-')));

describe('writeOutputFiles', () => {
  // A temporary file renamed over a FIFO or a device (`--plot /dev/null`, as root) would replace
  // the special file itself with a regular file; those are written through, as `> /dev/null` does.
  test('a FIFO stays a FIFO and its reader gets the text', async () => {
    const fifo = join(scratch(), 'plot.svg');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (chunk: Buffer) => (got += chunk.toString()));
    const done = new Promise((ok) => reader.on('close', ok));
    checkOutputFile('plot', fifo);
    writeOutputFiles([{ flag: 'plot', path: fifo, text: '<svg/>\n' }]);
    const stillFifo = lstatSync(fifo).isFIFO();
    if (!stillFifo) reader.kill(); // replaced: nothing will ever open the FIFO for writing
    await done;
    expect(stillFifo).toBe(true);
    expect(got).toBe('<svg/>\n');
    expect(readdirSync(dir)).toEqual(['plot.svg']);
  });

  // /dev/stdout on a pipe links to /proc/self/fd/1 and on to 'pipe:[…]': its real path
  // (/proc/PID/fd/pipe:[…]) is not there, yet the pipe can be written by the name given (the FIFO
  // rule above). It was written through the real path, refused as "no such file or directory
  // (ENOENT)", so `--plot /dev/stdout | …` failed with exit 2.
  test('/dev/stdout on a pipe is written into (--plot /dev/stdout | cat)', () => {
    const bin = fileURLToPath(new URL('../../bin/gradient-trace.js', import.meta.url));
    // A shell pipe (spawn's own 'pipe' is a socket pair, refused as a socket).
    const command = `"$0" "$1" --h-sweep 'W1[0][0]' --backend cpu --plot /dev/stdout | cat; exit \${PIPESTATUS[0]}`;
    const run = spawnSync('bash', ['-c', command, process.execPath, bin], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('best h');
    expect(run.stdout).toMatch(/<svg[^]*<\/svg>\n/);
    expect(run.status).toBe(0);
  });

  test('a symlink is written through to its target, not replaced', () => {
    const d = scratch();
    writeFileSync(join(d, 'real.svg'), 'old');
    symlinkSync('real.svg', join(d, 'link.svg'));
    checkOutputFile('plot', join(d, 'link.svg'));
    writeOutputFiles([{ flag: 'plot', path: join(d, 'link.svg'), text: 'new' }]);
    expect(lstatSync(join(d, 'link.svg')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'real.svg'), 'utf8')).toBe('new');
    expect(readdirSync(d).sort()).toEqual(['link.svg', 'real.svg']);
  });

  test('all or nothing: a device that fails (/dev/full) leaves the other file unwritten and no temporary file', () => {
    const d = scratch();
    writeFileSync(join(d, 'net.json'), 'old');
    const files = [
      { flag: 'out', path: join(d, 'net.json'), text: 'new' },
      { flag: 'plot', path: '/dev/full', text: '<svg/>' },
    ];
    expect(() => writeOutputFiles(files)).toThrow(/^cannot write --plot "\/dev\/full": no space left on device \(ENOSPC\); ".*net\.json" and "\/dev\/full" not written$/);
    expect(readdirSync(d)).toEqual(['net.json']);
    expect(readFileSync(join(d, 'net.json'), 'utf8')).toBe('old');
  });
});

describe('checkOutputFile: what the user named cannot be written → InputError naming the flag and the path', () => {
  test.each([
    ['a missing folder', (d: string) => join(d, 'no', 'x.svg'), /^--plot ".*\/no\/x\.svg": no such directory ".*\/no"$/],
    ['a directory', (d: string) => d, /^--plot ".*" is a directory$/],
    ['a path through a file', (d: string) => join(d, 'file', 'deeper', 'x.svg'), /^--plot ".*\/file\/deeper\/x\.svg": ".*\/file" is not a directory$/],
    // As root /proc refuses new names with ENOENT although the folder exists (the temporary file's
    // name must not be what the user reads); as anyone else, EACCES. /sys: EACCES even as root
    // (EROFS where it is mounted read-only).
    ['/proc', () => '/proc/x.svg', /^--plot "\/proc\/x\.svg": cannot create a file in "\/proc"( \(ENOENT\)|: permission denied \(EACCES\))$/],
    ['/sys (no permission)', () => '/sys/x.svg', /^--plot "\/sys\/x\.svg": cannot create a file in "\/sys": (permission denied \(EACCES\)|read-only file system \(EROFS\))$/],
    ['no file name', () => '', /^--plot needs a file name, got ""$/],
  ])('%s', (_what, pathIn, message) => {
    const d = scratch();
    writeFileSync(join(d, 'file'), 'x');
    mkdirSync(join(d, 'sub'));
    const path = pathIn(d);
    let thrown: unknown;
    try {
      checkOutputFile('plot', path);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toMatch(message);
    expect(readdirSync(d).sort()).toEqual(['file', 'sub']);
  });

  test('a writable path passes and leaves nothing behind (the probe file is removed)', () => {
    const d = scratch();
    checkOutputFile('out', join(d, 'net.json'));
    checkOutputFile('plot', '/dev/null');
    expect(readdirSync(d)).toEqual([]);
    expect(existsSync(join(d, 'net.json'))).toBe(false);
  });
});

describe('train --out and --plot naming one file', () => {
  // The check compared the paths as given: --out o.json --plot l.svg with l.svg -> o.json passed it,
  // the plot was then renamed over the trained network, and the run said "--plot not written".
  test('through a symlink (to the file, or to its folder) is the same file, refused before training', () => {
    const d = scratch();
    writeFileSync(join(d, 'o.json'), '{}');
    symlinkSync('o.json', join(d, 'l.svg'));
    mkdirSync(join(d, 'real'));
    symlinkSync('real', join(d, 'alias'));
    expect(sameOutputFile(join(d, 'o.json'), join(d, 'l.svg'))).toBe(true);
    expect(sameOutputFile(join(d, 'real', 'n.svg'), join(d, 'alias', 'n.svg'))).toBe(true); // neither exists yet
    expect(sameOutputFile(join(d, 'o.json'), join(d, 'other.svg'))).toBe(false);
    expect(sameOutputFile(join(d, 'no-such', 'a.svg'), join(d, 'no-such', 'b.svg'))).toBe(false);
    expect(() => parseTrainArgs(['--out', join(d, 'o.json'), '--plot', join(d, 'l.svg')])).toThrow(InputError);
    expect(() => parseTrainArgs(['--out', join(d, 'o.json'), '--plot', join(d, 'l.svg')])).toThrow(/--out and --plot name the same file/);
  });
});

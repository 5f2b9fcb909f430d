/**
 * The files the CLI writes where the user says — train --out, train --plot, the h sweep's --plot —
 * through the built command, under one rule (src/io/write-whole.ts):
 * - a path that cannot be written because of what it names: one line naming the flag and the path,
 *   exit 2, before any work (train runs 10⁸ steps here: checked after training, the run would not
 *   end in time);
 * - the write itself failing after the work: the report, then one line, exit 1, and no file changed
 *   or left half-written. A device that fails (/dev/full) is the file written straight into; a file
 *   size limit of 0 (`ulimit -f 0`, its signal ignored so the write gets EFBIG) makes the temporary
 *   file's write fail, as a full disk does.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { quote } from '../../src/text/quote.js';

const bin = fileURLToPath(new URL('../../bin/gradient-trace.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gt-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The built command; with `fileSizeLimit0`, under `ulimit -f 0` with SIGXFSZ ignored. */
function run(args: string[], fileSizeLimit0 = false): Promise<Run> {
  const [cmd, argv] = fileSizeLimit0 ? ['sh', ['-c', 'trap "" XFSZ; ulimit -f 0; exec "$0" "$@"', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
  return new Promise((done) => {
    execFile(cmd as string, argv as string[], { encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => {
      done({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

/** Each flag that writes a file: [command, flag, file name, command line around the path (train: `steps` steps)]. */
const WRITERS: [string, string, string, (path: string, steps: string) => string[]][] = [
  ['train', 'out', 'net.json', (p, steps) => ['train', '--backend', 'cpu', '--steps', steps, '--out', p]],
  ['train', 'plot', 'loss.svg', (p, steps) => ['train', '--backend', 'cpu', '--steps', steps, '--plot', p]],
  ['h-sweep', 'plot', 'sweep.svg', (p) => ['--backend', 'cpu', '--h-sweep', 'W2[0][1]', '--plot', p]],
];

describe.concurrent('an output path that cannot be written: one line naming the flag and the path, exit 2, before the work', () => {
  const bad = join(dir, 'bad');
  mkdirSync(join(bad, 'a-dir'), { recursive: true });
  const aFile = join(bad, 'a-file');
  writeFileSync(aFile, 'x');
  // [what, the path, what the line says after the flag and the path: any one of these]
  const cases: [string, (name: string) => string, string[]][] = [
    ['no such directory', (name) => join(bad, 'missing', name), [`: no such directory ${quote(join(bad, 'missing'))}`]],
    ['a directory', () => join(bad, 'a-dir'), [' is a directory']],
    ['a path through a file', (name) => join(aFile, name), [`: ${quote(aFile)} is not a directory`]],
    // Root gets ENOENT in /proc, anyone else EACCES; /sys refuses even root (EROFS where mounted read-only).
    ['/proc', (name) => `/proc/${name}`, [': cannot create a file in "/proc" (ENOENT)', ': cannot create a file in "/proc": permission denied (EACCES)']],
    ['/sys (no permission)', (name) => `/sys/${name}`, [': cannot create a file in "/sys": permission denied (EACCES)', ': cannot create a file in "/sys": read-only file system (EROFS)']],
  ];
  for (const [command, flag, name, argv] of WRITERS) {
    for (const [what, pathOf, why] of cases) {
      test(`${command} --${flag}: ${what}`, async () => {
        const path = pathOf(name);
        // 10^8 steps: a path checked only after training would not fail within the timeout.
        const r = await run(argv(path, '100000000'));
        expect(why.map((w) => `gradient-trace: --${flag} ${quote(path)}${w}\n`)).toContain(r.stderr);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(readdirSync(bad).sort()).toEqual(['a-dir', 'a-file']);
        expect(readdirSync(join(bad, 'a-dir'))).toEqual([]);
      });
    }
  }
});

describe.concurrent('the write failing after the work: the report, one line, exit 1, nothing changed or half-written', () => {
  const fail = join(dir, 'fail');
  mkdirSync(fail);
  for (const [command, flag, name, argv] of WRITERS) {
    const reported = command === 'train' ? /^after 2 steps, on the whole data set: /m : /^best h: /m;

    test(`${command} --${flag} /dev/full (a device, written straight into)`, async () => {
      // With train, the other file is named too: a failed write leaves neither.
      const other = join(fail, `${command}-${flag}-other${flag === 'out' ? '.svg' : '.json'}`);
      writeFileSync(other, 'old');
      const extra = command === 'train' ? [flag === 'out' ? '--plot' : '--out', other] : [];
      const r = await run([...argv('/dev/full', '2'), ...extra]);
      const notWritten = extra.length === 0 ? '"/dev/full"' : flag === 'out' ? `"/dev/full" and ${quote(other)}` : `${quote(other)} and "/dev/full"`;
      expect(r.stderr).toBe(`gradient-trace: cannot write --${flag} "/dev/full": no space left on device (ENOSPC); ${notWritten} not written\n`);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(reported);
      expect(r.stdout).not.toMatch(/wrote|written to/);
      expect(readFileSync(other, 'utf8')).toBe('old');
    });

    test(`${command} --${flag} FILE when no byte can be written (ulimit -f 0: EFBIG, through the temporary file)`, async () => {
      const where = join(fail, `${command}-${flag}`);
      mkdirSync(where);
      const path = join(where, name);
      writeFileSync(path, 'old');
      const r = await run(argv(path, '2'), true);
      expect(r.stderr).toBe(`gradient-trace: cannot write --${flag} ${quote(path)}: file too large (EFBIG); ${quote(path)} not written\n`);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(reported);
      // The earlier file as it was, and no temporary file left beside it.
      expect(readdirSync(where)).toEqual([name]);
      expect(readFileSync(path, 'utf8')).toBe('old');
    });
  }
});

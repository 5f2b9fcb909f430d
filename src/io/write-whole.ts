/**
 * The files a command writes because the user named them (train's --out and --plot, the h sweep's
 * --plot), under one rule:
 * - Before the work: checkOutputFile. A path that cannot be written because of what it names (no
 *   such folder, a folder, a path through a file, a socket, a folder where no file can be made —
 *   /proc, /sys, no permission) is bad input: InputError (exit 2), before anything long runs. The
 *   check makes (and removes) the very temporary file the write will use, so what it passes, the
 *   write can do unless something changes in between.
 * - After the work: writeOutputFiles. The text goes to a temporary file beside the target, which is
 *   then renamed over it, so a failed write (a full disk, an I/O error) leaves no half-written file
 *   under the name the user gave, and an earlier file there as it was; a failure is a plain Error
 *   (exit 1: the input was fine, the write was not).
 * A symlink is followed (the file it names is replaced, not the link). A FIFO or device
 * (`--plot /dev/null`, `/dev/stdout`) is written straight into, as `> FILE` does: renaming over it
 * would replace the special file itself with a regular one (as root, /dev/null too).
 */
import { accessSync, closeSync, constants, openSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { quote } from '../text/quote.js';
import { errnoText } from './errno-text.js';

/** One file to write: the flag that named it, the path as the user gave it, and its text. */
export interface OutputFile {
  readonly flag: string;
  readonly path: string;
  readonly text: string;
}

/** Where a path's bytes go: the path itself when it is new, its real path when it exists (a symlink is followed). */
interface Target {
  readonly stats: Stats | undefined;
  readonly target: string;
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** A FIFO or device is written into; renaming over it would replace it. */
const isDirect = (stats: Stats | undefined) => stats !== undefined && !stats.isFile();

function targetOf(path: string): Target {
  let stats: Stats | undefined;
  try {
    stats = statSync(path);
  } catch (err) {
    // A missing file, or a path through a file: the folder check below names which.
    if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR') throw err;
  }
  // A FIFO or device is opened by the name given (which follows any link): /dev/stdout on a pipe
  // links to /proc/self/fd/1 and on to 'pipe:[…]', which realpath turns into a path that is not there.
  return { stats, target: stats && !isDirect(stats) ? realpathSync(path) : path };
}

const temporaryOf = (target: string) => `${target}.${process.pid}.tmp`;

/** Why no file can be made in `folder` (the temporary file's creation failed with `err`). */
function folderProblem(folder: string, err: unknown): string {
  if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') {
    // The nearest folder on the way that exists: missing, or a file where a folder should be.
    let above = folder;
    for (;;) {
      try {
        if (!statSync(above).isDirectory()) return `${quote(above)} is not a directory`;
        break;
      } catch (statErr) {
        if (code(statErr) !== 'ENOENT' && code(statErr) !== 'ENOTDIR') return `cannot create a file in ${quote(folder)}: ${errnoText(statErr)}`;
        if (dirname(above) === above) break;
        above = dirname(above);
      }
    }
    // The folder exists, yet the file system refuses the name (/proc): the code says so.
    if (above === folder) return `cannot create a file in ${quote(folder)} (${code(err)})`;
    return `no such directory ${quote(folder)}`;
  }
  return `cannot create a file in ${quote(folder)}: ${errnoText(err)}`;
}

/** The file a path's write lands in: its real path (a symlink followed, in the path's folders too), as far as it exists. */
function landsIn(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return resolve(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/**
 * Whether two output paths write one file: equal once resolved, or through a symlink (to the file
 * or to a folder on its path) — the second rename would replace the first file's text. Hard links
 * are separate files here: each rename gives its name a new file.
 */
export function sameOutputFile(a: string, b: string): boolean {
  return resolve(a) === resolve(b) || landsIn(a) === landsIn(b);
}

/**
 * Checks, before any work, that --`flag` `path` can be written as writeOutputFiles will write it.
 * @throws InputError, one line naming the flag and the path (quoted and escaped), and why.
 */
export function checkOutputFile(flag: string, path: string): void {
  const named = `--${flag} ${quote(path)}`;
  if (path === '') throw new InputError(`--${flag} needs a file name, got ""`);
  // 'x/' names a folder, never a file: refused as such, not as "no such directory".
  if (path.endsWith('/')) throw new InputError(`${named} ends in /: it names a directory, not a file`);
  let where: Target;
  try {
    where = targetOf(path);
  } catch (err) {
    throw new InputError(`${named}: ${errnoText(err)}`);
  }
  const { stats, target } = where;
  if (stats?.isDirectory()) throw new InputError(`${named} is a directory`);
  if (stats?.isSocket()) throw new InputError(`${named} is a socket, not a file`);
  if (isDirect(stats)) {
    try {
      accessSync(target, constants.W_OK);
    } catch (err) {
      throw new InputError(`${named}: ${errnoText(err)}`);
    }
    return;
  }
  const temporary = temporaryOf(target);
  let fd: number;
  try {
    fd = openSync(temporary, 'wx');
  } catch (err) {
    if (code(err) === 'EEXIST') return; // a file can be made there (a leftover of a killed run of this pid)
    throw new InputError(`${named}: ${folderProblem(dirname(target), err)}`);
  }
  closeSync(fd);
  unlinkSync(temporary);
}

/**
 * Writes every file whole, or none of them: each regular file's text to a temporary file beside it,
 * the FIFOs and devices straight into, then every temporary file renamed over its target. A failure
 * removes the temporary files, so no target is left half-written or changed. (A rename fails only if
 * the folder changed during the run; the files renamed before it then stay written, and the message
 * says which.)
 * @throws Error, one line: `cannot write --<flag> "<path>": <why>` and which files were not written.
 */
export function writeOutputFiles(files: readonly OutputFile[]): void {
  const staged: { temporary: string; target: string; file: OutputFile }[] = [];
  const written: OutputFile[] = [];
  let current: OutputFile | null = null;
  try {
    const direct: { target: string; file: OutputFile }[] = [];
    for (const file of files) {
      current = file;
      const { stats, target } = targetOf(file.path);
      if (stats?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      if (isDirect(stats)) {
        direct.push({ target, file });
        continue;
      }
      const temporary = temporaryOf(target);
      staged.push({ temporary, target, file });
      writeFileSync(temporary, file.text);
    }
    for (const { target, file } of direct) {
      current = file;
      writeFileSync(target, file.text);
      written.push(file);
    }
    for (const { temporary, target, file } of staged) {
      current = file;
      renameSync(temporary, target);
      written.push(file);
    }
  } catch (err) {
    for (const { temporary } of staged) {
      try {
        unlinkSync(temporary);
      } catch {
        // renamed already, or never made
      }
    }
    const failed = current!;
    const unwritten = files.filter((f) => !written.includes(f)).map((f) => quote(f.path));
    throw new Error(`cannot write --${failed.flag} ${quote(failed.path)}: ${errnoText(err)}; ${unwritten.join(' and ')} not written`);
  }
}

/**
 * Writing an output file whole or not at all: the text goes to a temporary file beside it, which
 * is then renamed over the target, so a failed write (a full disk, a missing folder) never leaves a
 * half-written file under the name the user gave. Used for every file a command writes (train's
 * --out and --plot, the h sweep's --plot).
 * A symlink is followed (the file it names is replaced, not the link). A FIFO or device
 * (`--plot /dev/null`, `/dev/stdout`) is written straight into, as `> FILE` does: renaming over it
 * would replace the special file itself with a regular one (as root, /dev/null too).
 */
import { realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { escapeText, quoteIfNeeded } from '../text/quote.js';

/** @throws Error, one line: `cannot write "<path>": <code>` (the path quoted and escaped). */
export function writeWhole(path: string, text: string): void {
  let target = path;
  let temporary: string | null = null;
  try {
    const existing = statSync(path, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (existing !== undefined && !existing.isFile()) {
      writeFileSync(path, text);
      return;
    }
    if (existing !== undefined) target = realpathSync(path);
    temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (err) {
    try {
      if (temporary !== null) unlinkSync(temporary);
    } catch {
      // nothing was left behind
    }
    throw new Error(`cannot write ${quoteIfNeeded(path)}: ${escapeText((err as NodeJS.ErrnoException).code ?? (err as Error).message)}`);
  }
}

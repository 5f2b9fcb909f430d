/**
 * Writing an output file whole or not at all: the text goes to a temporary file beside it, which
 * is then renamed over the target, so a failed write (a full disk, a missing folder) never leaves a
 * half-written file under the name the user gave. Used for every file a command writes (train's
 * --out and --plot, the h sweep's --plot).
 */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { escapeText, quoteIfNeeded } from '../text/quote.js';

/** @throws Error, one line: `cannot write "<path>": <code>` (the path quoted and escaped). */
export function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (err) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was left behind
    }
    throw new Error(`cannot write ${quoteIfNeeded(path)}: ${escapeText((err as NodeJS.ErrnoException).code ?? (err as Error).message)}`);
  }
}

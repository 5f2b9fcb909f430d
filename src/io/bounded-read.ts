/**
 * Reading a user-named file without trusting it: only regular files, never more than a stated
 * number of bytes (so /dev/zero, a FIFO or a huge file is refused at once, naming the limit and
 * --max-bytes), every error one escaped line (InputError, exit 2 in the CLI).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';
import { quoteIfNeeded } from '../text/quote.js';

/** Files larger than this are refused unless --max-bytes raises it. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * A file's bytes, read only when it is a regular file of at most `maxBytes` bytes. Opened
 * non-blocking, so a FIFO with no writer is refused at once instead of waiting; the size is read
 * from the open descriptor (fstat), and at most maxBytes + 1 bytes are ever read, so a file that
 * grows while it is read is refused too.
 */
export function readBoundedFile(path: string, maxBytes: number, what = 'network file'): Buffer {
  const shown = quoteIfNeeded(path);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unknown error');
    throw new InputError(`cannot read ${what} ${shown}: ${why}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputError(`cannot read ${what} ${shown}: it is ${kindOf(stat)}, not a regular file`);
    const limit = `the limit is ${maxBytes} bytes; raise it with --max-bytes`;
    if (stat.size > maxBytes) throw new InputError(`${what} ${shown} is ${stat.size} bytes: ${limit}`);
    // The stated size is a first guess only (a /proc file says 0; a file may grow while read).
    let buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 4096)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw new InputError(`${what} ${shown} grew past ${maxBytes} bytes while being read: ${limit}`);
        const bigger = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read ${what} ${shown}: ${(err as NodeJS.ErrnoException).code ?? 'read error'}`);
  } finally {
    closeSync(fd);
  }
}


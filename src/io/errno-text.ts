/**
 * A failed system call's code as words a user can act on, with the code itself kept for searching:
 * `no space left on device (ENOSPC)`. Codes without words here are shown as they are.
 */
const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EIO: 'input/output error',
  EBADF: 'not open for writing',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  ENXIO: 'no reader on the other end',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
};

/** `reason (CODE)`, or the code alone when it has no words here, or 'unknown error' without a code. */
export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return 'unknown error';
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}

/** A progress bar on stderr for long finite-difference checks: only on a terminal, only after ~2 s of work. */
import type { Io } from './output.js';

export const PROGRESS_AFTER_MS = 2000;

export interface Progress {
  /** Pass to checkGradients; undefined when no bar can be shown (stderr is not a terminal). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Erases the bar, if one was drawn. */
  clear(): void;
}

export function progressBar(io: Io, afterMs: number = PROGRESS_AFTER_MS, now: () => number = Date.now): Progress {
  if (!io.stderrIsTty) return { clear() {} };
  const start = now();
  let drawn = false;
  return {
    onProgress(done, total) {
      if (now() - start < afterMs) return;
      const width = 30;
      const filled = Math.round((width * done) / Math.max(1, total));
      io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] finite differences: ${done} of ${total} parameters`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}

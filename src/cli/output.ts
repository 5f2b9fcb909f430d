/**
 * Where the CLI writes: stdout and stderr of the process, with write failures handled the way
 * other Unix tools handle them.
 * - A reader that closes the pipe early (`| head -1`: EPIPE) ends the run quietly, with the exit
 *   status the run already had.
 * - Any other write failure (`> /dev/full`: ENOSPC; EIO, EBADF…) is one line on stderr and exit 1.
 * - A closed stdout (`>&-`) is reopened on /dev/null by Node at start-up, so the output is discarded
 *   and the run ends as usual.
 * Node reports a failed write asynchronously (an 'error' event and the write's callback), so the
 * CLI waits for its writes to settle before it decides the exit status.
 */
import { errnoText } from '../io/errno-text.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars are drawn only there). */
  readonly stderrIsTty?: boolean;
  /** Waits for every write; returns the exit status to use (the run's own, or 1 after a write failure). */
  settle?(status: number): Promise<number>;
}

export function processIo(): Io {
  const pending: Promise<void>[] = [];
  let failure: NodeJS.ErrnoException | null = null;
  // Errors also arrive as 'error' events: without a listener they would end the process with a stack.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => void (failure ??= err));
  process.stderr.on('error', () => {});
  return {
    stdout(text) {
      if (failure) return;
      pending.push(new Promise((resolve) => process.stdout.write(text, (err) => resolve(void (err && (failure ??= err))))));
    },
    stderr(text) {
      process.stderr.write(text);
    },
    stderrIsTty: process.stderr.isTTY === true,
    async settle(status) {
      await Promise.all(pending);
      if (!failure) return status;
      if (failure.code === 'EPIPE') return status;
      process.stderr.write(`gradient-trace: cannot write the output: ${errnoText(failure)}\n`);
      return 1;
    },
  };
}

/** The progress bar: on a terminal and after the delay only, erased when done. */
import { expect, test } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';
import type { Io } from '../../src/cli/output.js';

function fakeIo(tty: boolean): Io & { text: () => string } {
  let err = '';
  return { stdout: () => {}, stderr: (t) => void (err += t), stderrIsTty: tty, text: () => err };
}

test('drawn on a terminal once the work has taken longer than the delay, then erased', () => {
  let clock = 0;
  const io = fakeIo(true);
  const bar = progressBar(io, 2000, () => clock);
  bar.onProgress!(10, 100);
  expect(io.text()).toBe(''); // under 2 s: nothing
  clock = 2500;
  bar.onProgress!(50, 100);
  expect(io.text()).toBe('\r[###############...............] finite differences: 50 of 100 parameters');
  bar.clear();
  expect(io.text().endsWith('\r\x1b[K')).toBe(true);
});

test('never drawn when stderr is not a terminal', () => {
  const io = fakeIo(false);
  const bar = progressBar(io, 0);
  expect(bar.onProgress).toBeUndefined();
  bar.clear();
  expect(io.text()).toBe('');
});

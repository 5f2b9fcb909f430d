/** A one-line progress bar for a terminal: redrawn in place with \r, cleared when done. */
import type { Progress } from '../train/train-loop.js';

const WIDTH = 24;

export function progressLine(p: Progress): string {
  const filled = Math.round((p.step / Math.max(1, p.steps)) * WIDTH);
  const loss = p.loss === null ? '' : `  loss ${p.loss.toPrecision(4)}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.step}/${p.steps} steps  ${p.stepsPerSecond.toFixed(0)} steps/s${loss}`;
}

export function progressBar(write: (text: string) => void): { update: (p: Progress) => void; clear: () => void } {
  let shown = false;
  return {
    update: (p) => {
      write(`\r\x1b[K${progressLine(p)}`);
      shown = true;
    },
    clear: () => {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

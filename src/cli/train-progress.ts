/** `train`'s progress bar on stderr (a terminal only): steps done, steps/s and the loss, redrawn in place with \r, cleared when done. */
import type { Progress } from '../train/train-loop.js';

const WIDTH = 24;

export function trainProgressLine(p: Progress): string {
  const filled = Math.round((p.step / Math.max(1, p.steps)) * WIDTH);
  const loss = p.loss === null ? '' : `  loss ${p.loss.toPrecision(4)}`;
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.step}/${p.steps} steps  ${p.stepsPerSecond.toFixed(0)} steps/s${loss}`;
}

export function trainProgressBar(write: (text: string) => void): { update: (p: Progress) => void; clear: () => void } {
  let shown = false;
  return {
    update: (p) => {
      write(`\r\x1b[K${trainProgressLine(p)}`);
      shown = true;
    },
    clear: () => {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

/** Training accuracy from a pass's record: the share of examples whose largest output probability is at their label. */
import type { Batch } from '../network/network.js';
import type { PassRecord } from '../record/pass-record.js';

/** Throws if the record kept no intermediates (the output probabilities are needed). */
export function accuracyOf(record: PassRecord, batch: Batch): number {
  if (!record.layers) throw new Error('accuracy needs the output probabilities: run the pass with intermediates');
  const p = record.layers[record.layers.length - 1].a;
  const C = batch.classes;
  let right = 0;
  for (let n = 0; n < batch.size; n++) {
    let best = 0;
    for (let i = 1; i < C; i++) if (p[n * C + i] > p[n * C + best]) best = i;
    if (best === batch.labels[n]) right++;
  }
  return right / batch.size;
}

/** Where the network and batch come from: a network file (JSON or .npz), or the lesson's built-in default. */
import { InputError } from '../errors.js';
import { readBoundedFile } from '../io/bounded-read.js';
import { lessonBatch, lessonNetwork } from '../network/lesson.js';
import type { Batch, Network } from '../network/network.js';
import { overrideActivations, parseNetworkFile } from '../network/network-file.js';
import { isZip } from '../npz/npz.js';
import { parseNetworkNpz } from '../npz/network-npz.js';
import { quoteIfNeeded } from '../text/quote.js';

export interface LoadedInput {
  readonly network: Network;
  readonly batch: Batch;
}

/**
 * The network and batch of `path` (the lesson's when null), with the hidden activations replaced
 * when `activation` (the --activation flag's text) is given.
 * @throws InputError naming the file or the flag.
 */
export function loadInput(path: string | null, maxBytes: number, activation: string | null = null): LoadedInput {
  const input = readInput(path, maxBytes);
  return activation === null ? input : { network: overrideActivations(input.network, activation), batch: input.batch };
}

function readInput(path: string | null, maxBytes: number): LoadedInput {
  if (path === null) return { network: lessonNetwork(), batch: lessonBatch() };
  const bytes = readBoundedFile(path, maxBytes);
  // A .npz (NumPy's zip of .npy arrays) is told apart by its zip signature, whatever its name.
  if (isZip(bytes)) return parseNetworkNpz(bytes, quoteIfNeeded(path));
  try {
    // TextDecoder drops a leading UTF-8 BOM (RFC 8259 lets a parser ignore it), as the page's does.
    return parseNetworkFile(new TextDecoder().decode(bytes));
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${quoteIfNeeded(path)}: ${err.message}`);
    throw err;
  }
}

/**
 * A network file as a .npz: arrays W1, b1, …, WL, bL and input + target or inputs + targets,
 * with the same meaning and shapes as the JSON network file (W_l out × in, inputs N × inDim,
 * targets as N class indices or N × classes one-hot). The arrays become the JSON document's
 * nested rows and go through the same validator, so every refusal names the key and index.
 */
import type { Batch, Network } from '../network/network.js';
import { parseNetworkDocument } from '../network/network-file.js';
import { InputError } from '../errors.js';
import { nestedRows, readNpz } from './npz.js';

/** @throws InputError naming the array and index, prefixed with `where` (the file's name). */
export function parseNetworkNpz(bytes: Uint8Array, where: string): { network: Network; batch: Batch } {
  const doc: Record<string, unknown> = {};
  for (const [name, array] of readNpz(bytes, where)) doc[name] = nestedRows(array, `${where}: ${name}`);
  try {
    return parseNetworkDocument(doc);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${where}: ${err.message}`);
    throw err;
  }
}

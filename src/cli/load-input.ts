/** Where the network and batch come from: a network file, or the lesson's built-in default. */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { lessonBatch, lessonNetwork } from '../network/lesson.js';
import type { Batch, Network } from '../network/network.js';
import { parseNetworkFile } from '../network/network-file.js';
import { isZip } from '../npz/npz.js';
import { parseNetworkNpz } from '../npz/network-npz.js';

export interface LoadedInput {
  readonly network: Network;
  readonly batch: Batch;
}

export function loadInput(path: string | null): LoadedInput {
  if (path === null) return { network: lessonNetwork(), batch: lessonBatch() };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? (err as Error).message);
    throw new InputError(`cannot read network file ${path}: ${why}`);
  }
  // A .npz (NumPy's zip of .npy arrays) is told apart by its zip signature, whatever its name.
  if (isZip(bytes)) return parseNetworkNpz(bytes, path);
  try {
    return parseNetworkFile(bytes.toString('utf8'));
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${path}: ${err.message}`);
    throw err;
  }
}

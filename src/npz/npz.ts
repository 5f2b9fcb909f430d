/**
 * NumPy .npz files (what np.savez / np.savez_compressed write): a zip archive of .npy arrays.
 * The zip is read with fflate and each .npy with npyjs — maintained parsers, no binary parsing of
 * our own beyond refusing what npyjs would misread. Format: "NEP 1 — A simple file format for
 * NumPy arrays" (numpy.lib.format). Browser-safe.
 */
import { unzipSync } from 'fflate';
import { parse } from 'npyjs';
import { InputError } from '../errors.js';
import { quote, quoteIfNeeded } from '../text/quote.js';

/** One array, its values converted to float64 and laid out row-major (C order) whatever the file's order. */
export interface NpyArray {
  readonly shape: readonly number[];
  /** numpy's dtype without byte order: f8, f4, i8, … */
  readonly dtype: string;
  readonly values: Float64Array;
}

const NUMERIC = /^(f2|f4|f8|i1|i2|i4|i8|u1|u2|u4|u8|b1)$/;

function fail(message: string): never {
  throw new InputError(message);
}

/** Fortran (column-major) order to C (row-major) order, for any number of dimensions. */
function toRowMajor(values: Float64Array, shape: readonly number[]): Float64Array {
  if (shape.length < 2) return values;
  const out = new Float64Array(values.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < values.length; c++) {
    // c walks row-major; f is the same element's column-major offset.
    let f = 0;
    for (let d = shape.length - 1; d >= 0; d--) f = f * shape[d] + index[d];
    out[c] = values[f];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/** Whether the bytes start with a zip local-file signature ("PK\x03\x04"), as every .npz does. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** One .npy file's bytes as an NpyArray. @throws InputError naming `where`. */
export function readNpy(bytes: Uint8Array, where: string): NpyArray {
  const buffer = bytes.slice().buffer;
  // npyjs reads data in the machine's byte order and ignores the header's; refuse big-endian files.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 256)));
  if (/'descr'\s*:\s*'>/.test(head)) fail(`${where}: big-endian arrays are not supported (save it with a '<' little-endian dtype)`);
  let array: ReturnType<typeof parse>;
  try {
    array = parse(buffer, { convertFloat16: true });
  } catch (err) {
    fail(`${where}: not a valid .npy array (${(err as Error).message.split('\n')[0]})`);
  }
  if (!NUMERIC.test(array.dtype)) fail(`${where}: dtype ${quoteIfNeeded(array.dtype)} is not a real number type (use float64 or float32)`);
  const count = array.shape.reduce((n, d) => n * d, 1);
  const data = array.data as unknown as ArrayLike<number | bigint>;
  if (data.length < count) fail(`${where}: the file holds ${data.length} values but its shape (${array.shape.join(', ')}) needs ${count} (truncated?)`);
  const values = new Float64Array(count);
  for (let k = 0; k < count; k++) values[k] = Number(data[k]);
  return { shape: array.shape, dtype: array.dtype, values: array.fortranOrder ? toRowMajor(values, array.shape) : values };
}

/**
 * A .npz archive's arrays by name (the entry name without `.npy`).
 * @throws InputError if it is not a zip, holds something other than .npy files, or an array is malformed.
 */
export function readNpz(bytes: Uint8Array, where: string): Map<string, NpyArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    fail(`${where}: not a .npz (zip) archive (${(err as Error).message.split('\n')[0]})`);
  }
  const arrays = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) fail(`${where}: entry ${quote(name)} is not a .npy array`);
    arrays.set(name.slice(0, -4), readNpy(data, `${where}: ${quoteIfNeeded(name.slice(0, -4))}`));
  }
  if (arrays.size === 0) fail(`${where}: the archive holds no arrays`);
  return arrays;
}

/** Nested rows (or a flat list, or a single number) from an array, for the JSON-shaped validators.
 *  @throws InputError for an array of more than 2 dimensions. */
export function nestedRows(array: NpyArray, where: string): unknown {
  if (array.shape.length === 0) return array.values[0];
  if (array.shape.length === 1) return Array.from(array.values);
  if (array.shape.length === 2) {
    const [rows, cols] = array.shape;
    return Array.from({ length: rows }, (_, i) => Array.from(array.values.subarray(i * cols, (i + 1) * cols)));
  }
  fail(`${where} has ${array.shape.length} dimensions (${array.shape.join(' x ')}); expected a vector or a matrix`);
}

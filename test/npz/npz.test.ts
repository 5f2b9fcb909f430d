/**
 * .npz input (NumPy's zip of .npy arrays) for networks and for `compare`, read with fflate + npyjs.
 * Fixtures in test/fixtures/npz were written by NumPy itself (make-npz.py there: np.savez,
 * np.savez_compressed, a Fortran-order array, float32, int64). The refusal tests build archives
 * here: .npy bytes written by hand from the format spec (NEP 1), zipped with fflate.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { parseNetworkFile } from '../../src/network/network-file.js';
import { parseNetworkNpz } from '../../src/npz/network-npz.js';
import { readNpz } from '../../src/npz/npz.js';
import { runCli } from '../support/run-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/npz/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gradient-trace-npz-'));

/** A version-1.0 .npy file per NEP 1: magic, version, header length (LE u16), a Python dict padded with spaces to a multiple of 64, then the data. */
function npy(descr: string, shape: number[], data: ArrayBufferView, fortran = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(Array.from(header, (c) => c.charCodeAt(0)), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
const npz = (entries: Record<string, Uint8Array>) => zipSync(entries, { level: 0 });
const writeNpz = (name: string, entries: Record<string, Uint8Array>) => {
  const path = join(dir, name);
  writeFileSync(path, npz(entries));
  return path;
};
const lessonArrays = (): Record<string, Uint8Array> => ({
  'W1.npy': npy('<f8', [3, 2], Float64Array.of(0.1, -0.2, 0.3, 0.4, -0.2, 0.5)),
  'b1.npy': npy('<f8', [3], Float64Array.of(0.05, -0.1, 0.2)),
  'W2.npy': npy('<f8', [2, 3], Float64Array.of(0.2, -0.3, 0.1, -0.1, 0.4, 0.2)),
  'b2.npy': npy('<f8', [2], Float64Array.of(0.1, -0.05)),
  'input.npy': npy('<f8', [2], Float64Array.of(0.5, 0.8)),
  'target.npy': npy('<i8', [], BigInt64Array.of(0n)),
});

describe('.npz networks', () => {
  test('the lesson as NumPy wrote it (np.savez, float64, int64 targets) prints exactly what the built-in lesson prints', async () => {
    const fromNpz = await runCli(['--network', fixture('lesson-network.npz'), '--backend', 'cpu']);
    const builtIn = await runCli(['--backend', 'cpu']);
    expect(fromNpz.stderr).toBe('');
    expect(fromNpz.code).toBe(0);
    expect(fromNpz.stdout).toBe(builtIn.stdout);
  });

  test('float32, a Fortran-order W1, one-hot targets, deflated (np.savez_compressed): the same network as the JSON copy', () => {
    const fromNpz = parseNetworkNpz(readFileSync(fixture('batch-network.npz')), 'batch-network.npz');
    const fromJson = parseNetworkFile(readFileSync(fixture('batch-network.json'), 'utf8'));
    expect(fromNpz).toEqual(fromJson);
    // Row-major after reading: W1[0][1] is −0.2 (in float32), not W1[1][0] = 0.3.
    expect(fromNpz.network.layers[0].W[1]).toBe(Math.fround(-0.2));
    expect(Array.from(fromNpz.batch.labels)).toEqual([0, 1, 1, 0]);
  });

  test('hand-written .npy bytes (per the format spec) read back as written, including a Fortran-order matrix', () => {
    const arrays = readNpz(
      npz({
        'c.npy': npy('<f4', [2, 3], Float32Array.of(1, 2, 3, 4, 5, 6)),
        'f.npy': npy('<f8', [2, 3], Float64Array.of(1, 4, 2, 5, 3, 6), true),
        'i.npy': npy('<i4', [3], Int32Array.of(-1, 0, 7)),
      }),
      'mem.npz',
    );
    expect(arrays.get('c')).toEqual({ shape: [2, 3], dtype: 'f4', values: Float64Array.of(1, 2, 3, 4, 5, 6) });
    expect(arrays.get('f')!.values).toEqual(Float64Array.of(1, 2, 3, 4, 5, 6));
    expect(arrays.get('i')!.values).toEqual(Float64Array.of(-1, 0, 7));
    const lesson = parseNetworkNpz(npz(lessonArrays()), 'lesson.npz');
    expect(Array.from(lesson.network.layers[1].W)).toEqual([0.2, -0.3, 0.1, -0.1, 0.4, 0.2]);
  });

  test.each([
    ['not a zip', () => new TextEncoder().encode('PK\x03\x04 but not really a zip'), /: not a \.npz \(zip\) archive/],
    ['a non-.npy entry', () => npz({ ...lessonArrays(), 'notes.txt': new Uint8Array([65]) }), /: entry "notes\.txt" is not a \.npy array/],
    ['a big-endian array', () => npz({ ...lessonArrays(), 'b1.npy': npy('>f8', [3], new Float64Array(3)) }), /: b1: big-endian arrays are not supported/],
    ['a truncated array', () => npz({ ...lessonArrays(), 'W1.npy': npy('<f8', [3, 2], new Float64Array(4)) }), /: W1: the file holds 4 values but its shape \(3, 2\) needs 6/],
    ['a string array', () => npz({ ...lessonArrays(), 'b1.npy': npy('<U1', [3], new Uint32Array(3)) }), /: b1: dtype U1 is not a real number type/],
    ['a 3-D array', () => npz({ ...lessonArrays(), 'W1.npy': npy('<f8', [3, 2, 1], new Float64Array(6)) }), /: W1 has 3 dimensions \(3 x 2 x 1\)/],
    ['a NaN weight', () => npz({ ...lessonArrays(), 'W2.npy': npy('<f8', [2, 3], Float64Array.of(0, 0, NaN, 0, 0, 0)) }), /: W2\[0\]\[2\] is not finite \(got NaN\)/],
    ['a wrong shape', () => npz({ ...lessonArrays(), 'b2.npy': npy('<f8', [3], new Float64Array(3)) }), /: b2 has 3 entries but W2 has 2 rows/],
  ])('refuses %s: one line naming the array, exit 2', async (_, bytes, message) => {
    const path = join(dir, 'bad.npz');
    writeFileSync(path, bytes());
    const { code, stdout, stderr } = await runCli(['--network', path, '--backend', 'cpu']);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^gradient-trace: [^\n]+\n$/);
    expect(stderr).toContain(path);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });
});

describe('.npz gradients for compare', () => {
  test('float32 gradients and intermediates computed by NumPy (an independent implementation) pass', async () => {
    const { code, stdout, stderr } = await runCli(['compare', fixture('numpy-grads.npz'), '--network', fixture('batch-network.npz')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^verdict: 13 of 13 tensors match; worst float32 distance \d+ ulp/m);
    expect(stdout).toMatch(/^dadz1 +4x3 +yes +yes +0\.00e\+00 +0 /m);
  });

  test('a wrong tensor in a .npz is caught and named; an unknown array name is refused', async () => {
    const arrays = readNpz(readFileSync(fixture('numpy-grads.npz')), 'numpy-grads.npz');
    const entries: Record<string, Uint8Array> = {};
    for (const [name, array] of arrays) entries[`${name}.npy`] = npy('<f8', [...array.shape], array.values);
    entries['db1.npy'] = npy('<f8', [3], new Float64Array(3));
    const zeroed = await runCli(['compare', writeNpz('zeroed.npz', entries), '--network', fixture('batch-network.npz')]);
    expect(zeroed.code).toBe(1);
    expect(zeroed.stdout).toMatch(/^verdict: MISMATCH at db1 .*worst at db1\[\d\]/m);

    entries['grad_W1.npy'] = npy('<f8', [1], new Float64Array(1));
    const unknown = await runCli(['compare', writeNpz('unknown.npz', entries), '--network', fixture('batch-network.npz')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/: unknown array "grad_W1" in the \.npz/);
  });
});

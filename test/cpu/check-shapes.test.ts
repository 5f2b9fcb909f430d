/**
 * A batch that does not fit the network is refused by float64Pass and lossAt (and, through the same
 * checkShapes, by the WebGPU engine: test/gpu/errors.test.ts) with one InputError line naming
 * expected vs given, instead of reading out of bounds into a plausible-looking loss.
 */
import { describe, expect, it, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { batchOf, layerFromRows, type Batch, type Network } from '../../src/network/network.js';
import { float64Pass, lossAt } from '../../src/reference/float64-pass.js';
import { checkShapes } from '../../src/network/check-shapes.js';
import { finiteDifferences } from '../../src/reference/finite-diff.js';
import { checkGradients } from '../../src/reference/fd-check.js';

const net = lessonNetwork();
const batch = lessonBatch();
const two: Batch = { size: 2, inDim: 2, classes: 2, inputs: Float64Array.of(0.5, 0.8, -1, 2), labels: Uint32Array.of(0, 1) };

describe('float64Pass refuses a batch that does not fit the network', () => {
  const cases: [string, Network, Batch, RegExp][] = [
    ['input width', net, { ...batch, inDim: 3, inputs: Float64Array.of(0.5, 0.8, 1) }, /^batch is 3 wide but the network takes 2 inputs \(W1 has 2 columns\)$/],
    ['inputs not N × width', net, { ...two, inputs: Float64Array.of(0.5, 0.8, -1) }, /^batch inputs has 3 values but 2 examples × 2 inputs need 4$/],
    ['labels count', net, { ...two, labels: Uint32Array.of(0) }, /^batch has 1 labels but 2 examples$/],
    ['label out of range', net, { ...two, labels: Uint32Array.of(0, 2) }, /^batch label 1 is 2, not a class index of the network's 2 outputs \(0\.\.1\)$/],
    ['classes', net, { ...two, classes: 3 }, /^batch has 3 classes but the network has 2 outputs$/],
    ['empty batch', net, { ...two, size: 0, inputs: new Float64Array(0), labels: new Uint32Array(0) }, /^batch size must be a whole number >= 1 \(got 0\)$/],
    ['W size', { layers: [{ ...net.layers[0], W: net.layers[0].W.subarray(1) }, net.layers[1]] }, batch, /^W1 has 5 values but is 3 × 2 \(6\)$/],
    ['b size', { layers: [net.layers[0], { ...net.layers[1], b: Float64Array.of(0) }] }, batch, /^b2 has 1 values but layer 2 has 2 units$/],
    ['layers chained', { layers: [net.layers[0], { ...net.layers[1], inDim: 2, W: new Float64Array(4) }] }, batch, /^layer 2 takes 2 inputs but layer 1 gives 3$/],
  ];
  test.each(cases)('%s', (_what, network, b, message) => {
    expect(() => float64Pass(network, b)).toThrow(InputError);
    expect(() => float64Pass(network, b)).toThrow(message);
    expect(() => lossAt(network, b)).toThrow(message);
  });

  test('an activation the op table lacks (a plain-JavaScript caller) is an InputError, not a TypeError inside the pass', () => {
    const gelu = { layers: [{ ...net.layers[0], activation: 'gelu' }, net.layers[1]] } as unknown as Network;
    for (const run of [() => float64Pass(gelu, batch), () => finiteDifferences(gelu, batch)]) {
      expect(run).toThrow(InputError);
      expect(run).toThrow(/^layer 1's activation "gelu" is not one of relu, sigmoid, tanh$/);
    }
  });

  test('a non-integer layer width is named as such, not as a W size', () => {
    const half = { layers: [net.layers[0], { ...net.layers[1], outDim: 2.5, W: new Float64Array(5), b: new Float64Array(2) }] };
    expect(() => float64Pass(half, batch)).toThrow(/^layer 2's width \(outDim\) must be a whole number >= 1 \(got 2\.5\)$/);
  });

  test('a batch that fits is not refused', () => {
    expect(() => float64Pass(net, two)).not.toThrow();
    expect(() => float64Pass(net, batch)).not.toThrow();
  });
});

describe('NaN and infinite weights, biases and inputs are refused, naming the element (relu would hide a NaN input)', () => {
  const withW = (l: number, k: number, v: number): Network => ({ layers: net.layers.map((layer, i) => (i === l ? { ...layer, W: layer.W.map((w, j) => (j === k ? v : w)) } : layer)) });
  const cases: [string, Network, Batch, string][] = [
    ['input NaN', net, { ...batch, inputs: Float64Array.of(NaN, 0.8) }, 'batch input [example 0][0] is NaN'],
    ['input -Infinity, second example', net, { ...two, inputs: Float64Array.of(0.5, 0.8, -1, -Infinity) }, 'batch input [example 1][1] is -Infinity'],
    ['W1[0][1] Infinity', withW(0, 1, Infinity), batch, 'W1[0][1] is Infinity'],
    ['W2[1][2] NaN', withW(1, 5, NaN), batch, 'W2[1][2] is NaN'],
    ['b2[1] NaN', { layers: [net.layers[0], { ...net.layers[1], b: Float64Array.of(0.1, NaN) }] }, batch, 'b2[1] is NaN'],
  ];
  test.each(cases)('%s', (_what, network, b, message) => {
    expect(() => float64Pass(network, b)).toThrow(InputError);
    expect(() => float64Pass(network, b)).toThrow(new RegExp(`^${message.replace(/[[\]]/g, '\\$&')}$`));
    expect(() => lossAt(network, b)).toThrow(message);
  });

  test('the scans can be turned off where non-finite values are the caller\'s own result (a diverged run, float32 overflow)', () => {
    expect(Number.isNaN(float64Pass(withW(1, 0, NaN), batch, null, { scanWeights: false }).loss)).toBe(true);
    expect(() => float64Pass(net, { ...batch, inputs: Float64Array.of(Infinity, 0.8) }, null, { scanBatch: false })).not.toThrow();
    // Off for the batch only: weights are still scanned.
    expect(() => float64Pass(withW(0, 0, NaN), batch, null, { scanBatch: false })).toThrow('W1[0][0] is NaN');
  });
});

describe('the fast scans find the first bad element wherever it is (the four running sums and maxima, and the tail)', () => {
  const network = lessonNetwork();
  const batchOf = (size: number, inputs: Float32Array | Float64Array, labels: Uint32Array) => ({ size, inDim: 2, classes: 2, inputs, labels });
  test.each([1, 2, 3, 4, 5, 7, 9])('batch of %i examples: every input position, NaN and ±Infinity, float32 and float64; every label position', (size) => {
    for (const Arr of [Float32Array, Float64Array]) {
      for (let k = 0; k < 2 * size; k++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          for (const laterToo of [false, true]) {
            const inputs = new Arr(2 * size).fill(0.5);
            if (laterToo) inputs[2 * size - 1] = NaN; // a later bad value must not be the one named
            inputs[k] = bad;
            const labels = new Uint32Array(size);
            expect(() => checkShapes(network, batchOf(size, inputs, labels))).toThrow(`batch input [example ${Math.floor(k / 2)}][${k % 2}] is ${bad}`);
          }
        }
      }
    }
    for (let n = 0; n < size; n++) {
      for (const laterToo of [false, true]) {
        const labels = new Uint32Array(size);
        if (laterToo) labels[size - 1] = 7;
        labels[n] = 2;
        expect(() => checkShapes(network, batchOf(size, new Float32Array(2 * size), labels))).toThrow(`batch label ${n} is 2,`);
      }
    }
    expect(() => checkShapes(network, batchOf(size, new Float32Array(2 * size).fill(1e38), new Uint32Array(size).fill(1)))).not.toThrow();
  });
});

describe('finiteDifferences and checkGradients check the batch even when handed a reference pass', () => {
  test('a clean reference with a NaN batch is refused, not judged', () => {
    const network = lessonNetwork();
    const clean = lessonBatch();
    const reference = float64Pass(network, clean);
    const poisoned = { ...clean, inputs: Float64Array.of(NaN, 0.8) };
    expect(() => finiteDifferences(network, poisoned, 1e-5, reference)).toThrow('batch input [example 0][0] is NaN');
    expect(() => checkGradients(network, poisoned, reference, { h: 1e-5 })).toThrow('batch input [example 0][0] is NaN');
    expect(() => checkGradients(network, clean, reference, { h: 1e-5 })).not.toThrow();
  });
});

describe('batchOf refuses what it would silently change', () => {
  it.each([
    [[[1, 2], [3]], [0, 1], /^batchOf: input row 1 has 1 values, row 0 has 2$/],
    [[[1, 2], [3, 4, 5]], [0, 1], /^batchOf: input row 1 has 3 values, row 0 has 2$/],
    [[], [], /^batchOf: no input rows$/],
    [[[1, 2]], [0, 1], /^batchOf: 2 labels for 1 input rows$/],
    [[[1, 2]], [-1], /^batchOf: label 0 is -1, not a class index in \[0, 2\)$/],
    [[[1, 2]], [1.5], /^batchOf: label 0 is 1.5, not a class index in \[0, 2\)$/],
    [[[1, 2]], [NaN], /^batchOf: label 0 is NaN, not a class index in \[0, 2\)$/],
    [[[1, 2]], [2], /^batchOf: label 0 is 2, not a class index in \[0, 2\)$/],
  ])('%j, labels %j', (inputs, labels, message) => {
    expect(() => batchOf(inputs as number[][], labels as number[], 2)).toThrow(InputError);
    expect(() => batchOf(inputs as number[][], labels as number[], 2)).toThrow(message);
  });

  it('a valid batch is flattened row-major', () => {
    const b = batchOf([[1, 2], [3, 4]], [1, 0], 2);
    expect([...b.inputs]).toEqual([1, 2, 3, 4]);
    expect([...b.labels]).toEqual([1, 0]);
  });
});

describe('layerFromRows refuses ragged weights', () => {
  it.each([
    [[[1, 2], [3]], [0, 0], /^layerFromRows: W row 1 has 1 values, row 0 has 2$/],
    [[], [], /^layerFromRows: W has no rows$/],
    [[[1, 2]], [0, 0], /^layerFromRows: b has 2 values for 1 rows of W$/],
  ])('%j, b %j', (W, b, message) => {
    expect(() => layerFromRows(W as number[][], b as number[])).toThrow(InputError);
    expect(() => layerFromRows(W as number[][], b as number[])).toThrow(message);
  });
});

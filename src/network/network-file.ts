/**
 * The network file: JSON with W1, b1, …, WL, bL plus either `input` + `target` (one example) or
 * `inputs` + `targets` (a batch). A target is a one-hot vector or a class index. An optional
 * `activation` names the hidden layers' activation: one name for every hidden layer, or a list
 * with one name per hidden layer (default "relu"; the names are the op table's, src/ops/activations.ts).
 * Every rejection is one line naming the key, the index and the expected vs actual shape.
 */
import { InputError } from '../errors.js';
import { ACTIVATION_NAMES, DEFAULT_ACTIVATION, isActivationName, type ActivationName } from '../ops/activations.js';
import { escapeText, quote } from '../text/quote.js';
import { hiddenActivations, rowsOf, type Batch, type Layer, type Network } from './network.js';

const EXAMPLE_KEYS = ['input', 'target', 'inputs', 'targets'] as const;
const ACTIVATION_KEY = 'activation';

type Json = unknown;

function fail(message: string): never {
  throw new InputError(message);
}

export function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return quote(value, 20);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function finiteNumber(value: Json, where: string): number {
  if (typeof value !== 'number') fail(`${where} is not a number (got ${describe(value)})`);
  // JSON like 1e400 parses to Infinity; NaN cannot come from JSON but can from callers.
  if (!Number.isFinite(value)) fail(`${where} is not finite (got ${value})`);
  return value;
}

function numberVector(value: Json, where: string): number[] {
  if (!Array.isArray(value)) fail(`${where} must be an array of numbers (got ${describe(value)})`);
  if (value.length === 0) fail(`${where} is empty`);
  return value.map((v, i) => finiteNumber(v, `${where}[${i}]`));
}

function numberMatrix(value: Json, where: string): number[][] {
  if (!Array.isArray(value)) fail(`${where} must be an array of rows (got ${describe(value)})`);
  if (value.length === 0) fail(`${where} is empty`);
  const rows = value.map((row, i) => {
    if (!Array.isArray(row)) fail(`${where}[${i}] must be a row of numbers (got ${describe(row)})`);
    return row;
  });
  const width = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== width) fail(`${where} row ${i} has ${row.length} entries but row 0 has ${width} (ragged rows)`);
  });
  if (width === 0) fail(`${where} rows are empty`);
  return rows.map((row, i) => row.map((v: Json, j: number) => finiteNumber(v, `${where}[${i}][${j}]`)));
}

function parseLayers(doc: Record<string, Json>): Layer[] {
  const layerKeys = Object.keys(doc).filter((k) => /^[Wb]\d+$/.test(k));
  const depth = Math.max(0, ...layerKeys.map((k) => Number(k.slice(1))));
  if (depth === 0 || !('W1' in doc)) fail('missing key W1 (a network needs W1, b1, … WL, bL)');
  const layers: Layer[] = [];
  for (let l = 1; l <= depth; l++) {
    if (!(`W${l}` in doc)) fail(`missing key W${l} (the file has layer ${depth}, so W1 … W${depth} are all needed)`);
    if (!(`b${l}` in doc)) fail(`missing key b${l} (every W${l} needs a b${l})`);
    const W = numberMatrix(doc[`W${l}`], `W${l}`);
    const b = numberVector(doc[`b${l}`], `b${l}`);
    if (b.length !== W.length) fail(`b${l} has ${b.length} entries but W${l} has ${W.length} rows`);
    const prev = layers[l - 2];
    if (prev && W[0].length !== prev.outDim) {
      fail(`W${l} has ${W[0].length} columns but layer ${l - 1} has ${prev.outDim} units`);
    }
    const flat = new Float64Array(W.length * W[0].length);
    W.forEach((row, i) => flat.set(row, i * W[0].length));
    layers.push({ inDim: W[0].length, outDim: W.length, W: flat, b: Float64Array.from(b) });
  }
  return layers;
}

/**
 * The `activation` key: absent (every hidden layer relu), one name for every hidden layer, or a
 * list with exactly one name per hidden layer. Returns one name per hidden layer.
 */
function parseActivations(doc: Record<string, Json>, hidden: number, label = ACTIVATION_KEY): ActivationName[] {
  const names = ACTIVATION_NAMES.map((n) => `"${n}"`).join(', ');
  if (!(ACTIVATION_KEY in doc)) return Array<ActivationName>(hidden).fill(DEFAULT_ACTIVATION);
  const value = doc[ACTIVATION_KEY];
  if (isActivationName(value)) return Array<ActivationName>(hidden).fill(value);
  if (!Array.isArray(value)) {
    fail(`${label} must be one of ${names} or a list with one per hidden layer (got ${describe(value)})`);
  }
  if (value.length !== hidden) {
    fail(`${label} has ${value.length} entries but the network has ${hidden} hidden layer${hidden === 1 ? '' : 's'}`);
  }
  return value.map((v: Json, l: number) => {
    if (!isActivationName(v)) fail(`${label}[${l}] must be one of ${names} (got ${describe(v)})`);
    return v;
  });
}

/** The layers with the hidden ones' activations set (one name per hidden layer; the output layer keeps none). */
function withActivations(layers: readonly Layer[], activations: readonly ActivationName[]): Layer[] {
  return layers.map((layer, l) => (l < activations.length ? { ...layer, activation: activations[l] } : layer));
}

/**
 * The CLI's --activation NAME[,NAME…]: one name for every hidden layer, or one per hidden layer
 * (comma-separated, first hidden layer first), validated as the file's `activation` key is. It
 * replaces whatever activations the network had.
 * @throws InputError naming the flag.
 */
export function overrideActivations(network: Network, text: string): Network {
  const parts = text.split(',');
  const value = parts.length === 1 ? text : parts;
  return { layers: withActivations(network.layers, parseActivations({ [ACTIVATION_KEY]: value }, network.layers.length - 1, '--activation')) };
}

/** A target as a class index: either the index itself or the hot position of a one-hot vector. */
function classOf(value: Json, where: string, classes: number): number {
  if (typeof value === 'number') {
    finiteNumber(value, where);
    if (!Number.isInteger(value) || value < 0 || value >= classes) {
      fail(`${where} ${value} is not a class index: the output layer has ${classes} classes (0..${classes - 1})`);
    }
    return value;
  }
  const vector = numberVector(value, where);
  if (vector.length !== classes) fail(`${where} has ${vector.length} entries but the output layer has ${classes} units`);
  const hot = vector.indexOf(1);
  const oneHot = hot >= 0 && vector.every((v, i) => (i === hot ? v === 1 : v === 0));
  if (!oneHot) fail(`${where} ${vector.length <= 10 ? `[${vector.join(', ')}]` : `(${vector.length} entries)`} is not one-hot (one entry 1, the rest 0)`);
  return hot;
}

function inputRow(value: Json, where: string, inDim: number): number[] {
  const x = numberVector(value, where);
  if (x.length !== inDim) fail(`${where} has ${x.length} entries but W1 has ${inDim} columns`);
  return x;
}

function parseBatch(doc: Record<string, Json>, inDim: number, classes: number): Batch {
  const single = 'input' in doc || 'target' in doc;
  const many = 'inputs' in doc || 'targets' in doc;
  if (single && many) fail('give either input + target (one example) or inputs + targets (a batch), not both');
  if (!single && !many) fail('missing key input (or inputs for a batch)');
  let xs: number[][];
  let labels: number[];
  if (single) {
    if (!('input' in doc)) fail('missing key input (target is given)');
    if (!('target' in doc)) fail('missing key target (input is given)');
    xs = [inputRow(doc.input, 'input', inDim)];
    labels = [classOf(doc.target, 'target', classes)];
  } else {
    if (!('inputs' in doc)) fail('missing key inputs (targets is given)');
    if (!('targets' in doc)) fail('missing key targets (inputs is given)');
    if (!Array.isArray(doc.inputs)) fail(`inputs must be an array of examples (got ${describe(doc.inputs)})`);
    if (!Array.isArray(doc.targets)) fail(`targets must be an array (got ${describe(doc.targets)})`);
    if (doc.inputs.length === 0) fail('inputs is empty: a batch needs at least one example');
    if (doc.targets.length !== doc.inputs.length) {
      fail(`targets has ${doc.targets.length} entries but inputs has ${doc.inputs.length} examples`);
    }
    xs = doc.inputs.map((x: Json, n: number) => inputRow(x, `inputs[${n}]`, inDim));
    labels = doc.targets.map((t: Json, n: number) => classOf(t, `targets[${n}]`, classes));
  }
  const inputs = new Float64Array(xs.length * inDim);
  xs.forEach((x, n) => inputs.set(x, n * inDim));
  return { size: xs.length, inDim, classes, inputs, labels: Uint32Array.from(labels) };
}

/**
 * The first key that appears twice in one object of `text`, or null. `text` must already have
 * parsed as JSON (JSON.parse keeps the last copy silently), so the scan only has to follow strings
 * and brackets: a string right after `{` or after a `,` inside an object is a key. Keys compare
 * by their decoded value ("W\u0031" is "W1"). One pass, no tree: files of 10^6 weights stay fast.
 */
export function firstDuplicateKey(text: string): string | null {
  // One entry per open bracket: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const keys = open[open.length - 1];
      if (keyNext && keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        keyNext = false;
      }
      i = j;
    } else if (c === 0x7b) {
      open.push(new Set());
      keyNext = true;
    } else if (c === 0x5b) {
      open.push(null);
      keyNext = false;
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
      keyNext = false;
    } else if (c === 0x2c) {
      keyNext = open[open.length - 1] != null;
    }
  }
  return null;
}

/**
 * Refuses JSON text in which one object repeats a key (JSON.parse keeps the last copy silently).
 * @throws InputError naming the key.
 */
export function refuseDuplicateKey(text: string): void {
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== null) fail(`duplicate key ${quote(duplicate)} (each key may appear once; JSON readers disagree on which copy wins)`);
}

/**
 * Parse and validate a network file's text (JSON; schemas/network.schema.json).
 * @throws InputError with a one-line message naming the key and index (exit 2 in the CLI).
 */
export function parseNetworkFile(text: string): { network: Network; batch: Batch } {
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // V8's message quotes a piece of the text: escaped and capped like every echoed input.
    fail(`not valid JSON: ${escapeText((err as Error).message.split('\n')[0].slice(0, 160))}`);
  }
  refuseDuplicateKey(text);
  return parseNetworkDocument(doc);
}

/**
 * Validate an already-decoded network document (parsed JSON, or arrays read from a .npz converted
 * to nested arrays) and build the network and batch: W_l is outDim × inDim, inputs N × inDim.
 * @throws InputError naming the key and index.
 */
export function parseNetworkDocument(doc: unknown): { network: Network; batch: Batch } {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    fail(`the file must hold a JSON object with keys W1, b1, … (got ${describe(doc)})`);
  }
  const record = doc as Record<string, Json>;
  for (const key of Object.keys(record)) {
    if (!/^[Wb][1-9]\d*$/.test(key) && !(EXAMPLE_KEYS as readonly string[]).includes(key) && key !== ACTIVATION_KEY) {
      fail(`unknown key ${quote(key)} (expected W1, b1, …, WL, bL, input + target or inputs + targets, and optionally activation)`);
    }
  }
  const parsed = parseLayers(record);
  const layers = withActivations(parsed, parseActivations(record, parsed.length - 1));
  const batch = parseBatch(record, layers[0].inDim, layers[layers.length - 1].outDim);
  return { network: { layers }, batch };
}

/** The network and batch as a network file (what the page downloads). Round-trips through parseNetworkFile. */
export function networkFileJson(network: Network, batch: Batch): string {
  const doc: Record<string, Json> = {};
  network.layers.forEach((layer, l) => {
    doc[`W${l + 1}`] = rowsOf(layer.W, layer.outDim, layer.inDim);
    doc[`b${l + 1}`] = Array.from(layer.b);
  });
  // Written only when some hidden layer is not relu, so the lesson's file stays as it was.
  const activations = hiddenActivations(network);
  if (activations.some((a) => a !== DEFAULT_ACTIVATION)) {
    doc[ACTIVATION_KEY] = activations.every((a) => a === activations[0]) ? activations[0] : activations;
  }
  const xs = rowsOf(batch.inputs, batch.size, batch.inDim);
  const oneHot = (label: number) => Array.from({ length: batch.classes }, (_, i) => (i === label ? 1 : 0));
  if (batch.size === 1) {
    doc.input = xs[0];
    doc.target = oneHot(batch.labels[0]);
  } else {
    doc.inputs = xs;
    doc.targets = Array.from(batch.labels);
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Every bad network file is refused with one line that names the culprit. */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { networkFileJson, parseNetworkFile } from '../../src/network/network-file.js';
import { randomNetwork } from '../support/random-network.js';

const lesson = {
  W1: [[0.1, -0.2], [0.3, 0.4], [-0.2, 0.5]],
  b1: [0.05, -0.1, 0.2],
  W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]],
  b2: [0.1, -0.05],
  input: [0.5, 0.8],
  target: [1, 0],
};

function refusal(doc: unknown): string {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  try {
    parseNetworkFile(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the file was accepted');
}

describe('network files', () => {
  test('the lesson as a file parses to the built-in network', () => {
    const { network, batch } = parseNetworkFile(JSON.stringify(lesson));
    expect(network).toEqual(lessonNetwork());
    expect(batch).toEqual(lessonBatch());
  });

  test('a class-index target equals its one-hot vector', () => {
    const a = parseNetworkFile(JSON.stringify({ ...lesson, target: 1 }));
    const b = parseNetworkFile(JSON.stringify({ ...lesson, target: [0, 1] }));
    expect(a.batch.labels).toEqual(b.batch.labels);
  });

  test('a batch with mixed target forms', () => {
    const { input: _i, target: _t, ...weights } = lesson;
    const { batch } = parseNetworkFile(JSON.stringify({ ...weights, inputs: [[1, 2], [3, 4], [5, 6]], targets: [1, [1, 0], 0] }));
    expect(batch.size).toBe(3);
    expect(Array.from(batch.labels)).toEqual([1, 0, 0]);
  });

  test('networkFileJson round-trips', () => {
    const { network, batch } = parseNetworkFile(JSON.stringify(lesson));
    expect(parseNetworkFile(networkFileJson(network, batch))).toEqual({ network, batch });
  });

  test('"activation": one name for every hidden layer, or one per hidden layer', () => {
    const three = { ...lesson, W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2], [0.3, 0.1, -0.2]], b2: [0.1, -0.05, 0], W3: [[1, 2, 3], [4, 5, 6]], b3: [0, 0] };
    const names = (doc: object) => parseNetworkFile(JSON.stringify(doc)).network.layers.map((l) => l.activation);
    expect(names(lesson)).toEqual(['relu', undefined]);
    expect(names({ ...three, activation: 'tanh' })).toEqual(['tanh', 'tanh', undefined]);
    expect(names({ ...three, activation: ['sigmoid', 'relu'] })).toEqual(['sigmoid', 'relu', undefined]);
  });

  test('networkFileJson writes "activation" only when a hidden layer is not relu, and round-trips it', () => {
    expect(networkFileJson(lessonNetwork(), lessonBatch())).not.toContain('activation');
    for (const activation of ['sigmoid', ['tanh', 'relu'], ['sigmoid', 'sigmoid']] as const) {
      const { network, batch } = randomNetwork({ dims: [2, 3, 3, 2], batch: 2, seed: 3, activation: typeof activation === 'string' ? activation : [...activation] });
      const text = networkFileJson(network, batch);
      const doc = JSON.parse(text);
      expect(doc.activation).toEqual(Array.isArray(activation) && activation[0] !== activation[1] ? activation : typeof activation === 'string' ? activation : activation[0]);
      const again = parseNetworkFile(text).network;
      expect(again.layers.map((l) => l.activation ?? 'relu').slice(0, -1)).toEqual(network.layers.slice(0, -1).map((l) => l.activation));
    }
  });

  const { input: _input, target: _target, ...weightsOnly } = lesson;
  const refusals: [string, unknown, RegExp][] = [
    ['not JSON', '{"W1": [[1, 2]', /^not valid JSON/],
    ['not an object', [1, 2], /must hold a JSON object/],
    ['missing W1', { b1: [1], input: [1], target: 0 }, /missing key W1/],
    ['missing b2', { ...lesson, b2: undefined }, /missing key b2/],
    ['missing W2 while W3 is given', { ...lesson, W2: undefined, W3: [[1, 2]], b3: [0] }, /missing key W2/],
    ['wrong column count', { ...lesson, W2: [[0.2, -0.3], [-0.1, 0.4]] }, /^W2 has 2 columns but layer 1 has 3 units$/],
    ['ragged rows', { ...lesson, W1: [[0.1, -0.2], [0.3], [-0.2, 0.5]] }, /^W1 row 1 has 1 entries but row 0 has 2/],
    ['bias length', { ...lesson, b1: [0.05, -0.1] }, /^b1 has 2 entries but W1 has 3 rows$/],
    ['a string weight', { ...lesson, W1: [[0.1, 'x'], [0.3, 0.4], [-0.2, 0.5]] }, /^W1\[0\]\[1\] is not a number \(got "x"\)$/],
    ['a null bias', { ...lesson, b2: [0.1, null] }, /^b2\[1\] is not a number \(got null\)$/],
    ['1e400 is Infinity', '{"W1":[[1e400,0],[0,0],[0,0]],"b1":[0,0,0],"W2":[[0,0,0],[0,0,0]],"b2":[0,0],"input":[1,1],"target":0}', /^W1\[0\]\[0\] is not finite \(got Infinity\)$/],
    ['input length', { ...lesson, input: [0.5, 0.8, 1] }, /^input has 3 entries but W1 has 2 columns$/],
    ['class index out of range', { ...lesson, target: 2 }, /^target 2 is not a class index: the output layer has 2 classes \(0\.\.1\)$/],
    ['fractional class index', { ...lesson, target: 0.5 }, /^target 0.5 is not a class index/],
    ['target not one-hot', { ...lesson, target: [0.5, 0.5] }, /^target \[0.5, 0.5\] is not one-hot/],
    ['target length', { ...lesson, target: [1, 0, 0] }, /^target has 3 entries but the output layer has 2 units$/],
    ['empty batch', { ...weightsOnly, inputs: [], targets: [] }, /^inputs is empty/],
    ['targets count', { ...weightsOnly, inputs: [[1, 2], [3, 4]], targets: [0] }, /^targets has 1 entries but inputs has 2 examples$/],
    ['batch input length', { ...weightsOnly, inputs: [[1, 2], [3]], targets: [0, 1] }, /^inputs\[1\] has 1 entries but W1 has 2 columns$/],
    ['batch class out of range', { ...weightsOnly, inputs: [[1, 2]], targets: [7] }, /^targets\[0\] 7 is not a class index/],
    ['no example', weightsOnly, /^missing key input/],
    ['input without target', { ...weightsOnly, input: [1, 2] }, /^missing key target/],
    ['both forms', { ...lesson, inputs: [[1, 2]], targets: [0] }, /not both/],
    ['unknown key', { ...lesson, W_2: [] }, /^unknown key "W_2"/],
    ['empty weights', { ...lesson, W1: [] }, /^W1 is empty$/],
    ['empty rows', { ...lesson, W1: [[], [], []] }, /^W1 rows are empty$/],
    ['unknown activation', { ...lesson, activation: 'gelu' }, /^activation must be one of "relu", "sigmoid", "tanh" or a list with one per hidden layer \(got "gelu"\)$/],
    ['activation not a string', { ...lesson, activation: 1 }, /^activation must be one of .* \(got 1\)$/],
    ['activation list too long', { ...lesson, activation: ['relu', 'tanh'] }, /^activation has 2 entries but the network has 1 hidden layer$/],
    ['activation list entry', { ...lesson, activation: ['Sigmoid'] }, /^activation\[0\] must be one of "relu", "sigmoid", "tanh" \(got "Sigmoid"\)$/],
    ['activation null', { ...lesson, activation: null }, /^activation must be one of .* \(got null\)$/],
  ];
  for (const [label, doc, expected] of refusals) {
    test(`refuses: ${label}`, () => {
      expect(refusal(doc)).toMatch(expected);
    });
  }
});

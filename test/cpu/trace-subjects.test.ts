/** Each trace line carries what it is about (the page finds it in the diagram from this, never from the text). */
import { expect, test } from 'vitest';
import { keyOfSubject } from '../../src/page/diagram.js';
import { renderTrace, traceSections } from '../../src/print/trace.js';
import { InputError } from '../../src/errors.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { randomNetwork } from '../support/random-network.js';

test('every line has a subject, and the subject names what the line computes', () => {
  const { network, batch } = randomNetwork({ dims: [2, 3, 4, 2], batch: 3, seed: 51, activation: ['tanh', 'sigmoid'] });
  const sections = traceSections(network, batch, float64Pass(network, batch));
  for (const section of sections) expect(section.subjects.length, section.id).toBe(section.lines.length);
  const L = network.layers.length;
  // The name each line starts with, and the diagram key its subject gives.
  const keyed = sections.flatMap((s) => s.lines.map((line, n) => [line.trimStart().split(' ')[0], keyOfSubject(s.subjects[n], L)]));
  const keyOf = (name: string) => keyed.filter(([n]) => n === name).map(([, k]) => k);
  expect(keyOf('z1[2]')).toEqual(['u:0:2']);
  expect(keyOf('a2[3]')).toEqual(['u:1:3']);
  expect(keyOf('p[1]')).toEqual(['u:2:1']);
  expect(keyOf('dL/dz3[0]')).toEqual(['u:2:0']);
  expect(keyOf('dL/dW3[1][2]')).toEqual(['e:2:1:2']);
  expect(keyOf('dL/da2[3]')).toEqual(['u:1:3']);
  expect(keyOf('dL/dz1[1]')).toEqual(['u:0:1']);
  expect(keyOf('dL/db1[1]')).toEqual(['u:0:1']);
  expect(keyOf('L(example')).toEqual(['u:3:0']);
  expect(keyOf('input')).toEqual([null]);
});

test('traceSections refuses an example outside the batch instead of tracing NaN beside the real batch sums', () => {
  const network = lessonNetwork();
  const batch = lessonBatch();
  const record = float64Pass(network, batch);
  for (const example of [1, -1, 0.5, NaN]) {
    expect(() => traceSections(network, batch, record, { example }), String(example)).toThrow(InputError);
  }
  expect(() => traceSections(network, batch, record, { example: 1 })).toThrow(/^example 1 is out of range: the batch has 1 example \(0\.\.0\)$/);
  expect(renderTrace(traceSections(network, batch, record, { example: 0 }))).not.toContain('NaN');
});

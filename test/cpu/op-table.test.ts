/** The op table a newcomer reads: the README's copy is the table in src/ops/, and every test it points at exists. */
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/ops/activations.js';
import { OP_TABLE, opTableMarkdown } from '../../src/ops/op-table.js';

test('the README has the op table, as src/ops/op-table.ts builds it', () => {
  expect(readFileSync('README.md', 'utf8')).toContain(opTableMarkdown());
});

test('one row per op: linear, every activation, softmax + cross-entropy; each row names test files that exist', () => {
  expect(OP_TABLE.map((o) => o.op)).toEqual(['linear', ...ACTIVATION_NAMES, 'softmax + cross-entropy']);
  for (const row of OP_TABLE) for (const file of row.test.split(', ')) expect(existsSync(file), `${row.op}: ${file}`).toBe(true);
});

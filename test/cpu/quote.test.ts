/** The one escaping rule for echoed input, and the duplicate-key scan of network files. */
import { expect, test } from 'vitest';
import { firstDuplicateKey } from '../../src/network/network-file.js';
import { printable } from '../../src/page/file-io.js';
import { escapeText, quote, quoteIfNeeded } from '../../src/text/quote.js';

test('quote escapes every control, separator, bidi and lone surrogate, and caps the length', () => {
  expect(quote('evil\rgradient-trace: all fine')).toBe('"evil\\rgradient-trace: all fine"');
  expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
  expect(quote('\x1b[2J\x7f\x9b\u2028\u202e\u2066\ud800x')).toBe('"\\u001b[2J\\u007f\\u009b\\u2028\\u202e\\u2066\\ud800x"');
  // Invisible characters, and the bidi mark U+061C: "W\u200b1" must not print as W1.
  expect(quote('\u061c\u200bW\u200c\u200d1\u2060\ufeff')).toBe('"\\u061c\\u200bW\\u200c\\u200d1\\u2060\\ufeff"');
  expect(quote('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…" (100 characters)`);
  expect(quote('😀'.repeat(40))).not.toMatch(/\\ud83d…/); // never cut inside a surrogate pair
  for (let c = 0; c < 0x20; c++) expect(quote(String.fromCharCode(c))).toMatch(/^"\\[a-z0-9]+"$/);
  expect(escapeText('plain "text" stays')).toBe('plain "text" stays');
  expect(quoteIfNeeded('net/work-1.json')).toBe('net/work-1.json');
  expect(quoteIfNeeded('my net.json')).toBe('"my net.json"');
});

test("the page's messages escape as the CLI's do: a right-to-left override in a file name cannot reverse the line", () => {
  expect(printable('evil\u202enosj.json: \u200bW1\n\x1b[2J\ufffd')).toBe('evil\\u202enosj.json: \\u200bW1\\n\\u001b[2J?');
});

test('firstDuplicateKey finds repeats per object, by decoded value, and ignores strings that look like keys', () => {
  expect(firstDuplicateKey('{"W1": "oops", "W1": [[1]]}')).toBe('W1');
  expect(firstDuplicateKey('{"W\\u0031": 1, "W1": 2}')).toBe('W1');
  expect(firstDuplicateKey('{"a": {"b": 1, "b": 2}}')).toBe('b');
  expect(firstDuplicateKey('{"a": {"b": 1}, "b": {"a": 2}}')).toBeNull();
  expect(firstDuplicateKey('{"a": ["a", "a", {"a": 1}], "b": "a"}')).toBeNull();
  expect(firstDuplicateKey('{"a\\"": "{\\"a\\": 1, \\"a\\": 2}", "x": "]"}')).toBeNull();
  expect(firstDuplicateKey('[{"k": 1}, {"k": 2}]')).toBeNull();
});

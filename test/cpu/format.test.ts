/** The number formats must write what the lesson's Python writes (and non-finite values the one way the tool writes them). */
import { expect, test } from 'vitest';
import { fixed, sci2, signed, significant, whole } from '../../src/print/format.js';

test('%+.6f keeps the sign of negative zero', () => {
  expect(signed(-0, 6)).toBe('-0.000000');
  expect(signed(0, 6)).toBe('+0.000000');
  expect(signed(0.3700000001, 4)).toBe('+0.3700');
  expect(signed(-0.06000000000000003, 6)).toBe('-0.060000');
});

test('%.6f', () => {
  expect(fixed(0, 6)).toBe('0.000000');
  expect(fixed(-0, 6)).toBe('-0.000000');
  expect(fixed(0.46033353214124767, 6)).toBe('0.460334');
});

test('%.2e writes a two-digit exponent', () => {
  expect(sci2(0)).toBe('0.00e+00');
  expect(sci2(4.12e-12)).toBe('4.12e-12');
  expect(sci2(123456)).toBe('1.23e+05');
  expect(sci2(1e-100)).toBe('1.00e-100');
});

test('non-finite values are NaN, Infinity, -Infinity in every format, as --json and JavaScript write them', () => {
  for (const format of [(x: number) => fixed(x, 6), sci2, whole]) {
    expect([NaN, Infinity, -Infinity].map(format)).toEqual(['NaN', 'Infinity', '-Infinity']);
  }
  for (const format of [(x: number) => signed(x, 6), (x: number) => significant(x, 9)]) {
    expect([NaN, Infinity, -Infinity].map(format)).toEqual(['NaN', '+Infinity', '-Infinity']);
  }
  expect([NaN, Infinity, -Infinity].map(String)).toEqual(['NaN', 'Infinity', '-Infinity']);
});

test('significant digits with a sign; whole numbers', () => {
  expect(significant(0.37000003457069397, 9)).toBe('+0.370000035');
  expect(significant(-0, 9)).toBe('-0.00000000');
  expect(significant(-1.2345678912e-7, 9)).toBe('-1.23456789e-7');
  expect(whole(1049241493)).toBe('1049241493');
});

test('one format: exponent form when fixed-point would be too wide or show a non-zero value as zero', () => {
  expect(signed(-1e-9, 6)).toBe('-1.000000e-09');
  expect(signed(4e-7, 6)).toBe('+4.000000e-07');
  expect(signed(6e-7, 6)).toBe('+0.000001');
  expect(signed(999999999.5, 6)).toBe('+999999999.500000');
  expect(signed(1e21 + 1e6, 6)).toBe('+1.000000e+21');
  expect(fixed(-3e38, 4)).toBe('-3.0000e+38');
  expect(signed(1e-5, 4)).toBe('+1.0000e-05');
  expect(signed(-0, 6)).toBe('-0.000000');
});

/** The number formats must write what the lesson's Python writes. */
import { expect, test } from 'vitest';
import { fixed, sci2, signed } from '../../src/print/format.js';

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
  expect(sci2(Infinity)).toBe('inf');
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

/** cmp per tensor: exact / approx / max |diff| / max float32 ULP distance, and where. */
import { describe, expect, test } from 'vitest';
import { compareRecords } from '../../src/compare/record-compare.js';
import { compareTensor } from '../../src/compare/tensor-compare.js';
import { ulpDistanceF32 as ulpDistance32 } from '../../src/compare/ulp.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { float64Pass } from '../../src/reference/float64-pass.js';

const next32 = (x: number) => {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  u[0] += x >= 0 ? 1 : -1;
  return f[0];
};

describe('ulpDistance32', () => {
  test('adjacent float32s are 1 apart, across zero too', () => {
    expect(ulpDistance32(1, next32(1))).toBe(1);
    expect(ulpDistance32(Math.fround(0.1), next32(next32(Math.fround(0.1))))).toBe(2);
    expect(ulpDistance32(0, -0)).toBe(0);
    expect(ulpDistance32(1.401298464324817e-45, -1.401298464324817e-45)).toBe(2); // the two smallest subnormals
    expect(ulpDistance32(NaN, 1)).toBe(Infinity);
  });
});

describe('compareTensor', () => {
  test('exact means equal to the float64 value or its float32 rounding', () => {
    const ours = Float64Array.of(0.1, -0.2, 1 / 3);
    const r = compareTensor('x', ours, Array.from(ours, Math.fround));
    expect(r).toMatchObject({ name: 'x', size: 3, exact: true, approx: true, maxUlp: 0 });
    expect(r.maxAbsDiff).toBeGreaterThan(0); // rounding to float32 is not nothing
  });
  test('reports the worst element by ULPs and approx by the table\'s float32 rule', () => {
    const ours = Float64Array.of(1, 2, 3);
    const theirs = [Math.fround(1), next32(next32(next32(2))), 3];
    expect(compareTensor('y', ours, theirs)).toMatchObject({ exact: false, approx: true, maxUlp: 3, worstIndex: 1 });
    expect(compareTensor('y', ours, [1, 2, 3.01])).toMatchObject({ approx: false, worstIndex: 2 });
    expect(() => compareTensor('y', ours, [1, 2])).toThrow(/y: 2 values to compare with 3/);
  });
});

describe('compareRecords', () => {
  test('names every intermediate of the lesson in the order of the pass; a record equals itself', () => {
    const cpu = float64Pass(lessonNetwork(), lessonBatch());
    const rows = compareRecords(cpu, cpu);
    expect(rows.map((r) => r.name)).toEqual(['z1', 'a1', 'z2', 'p', 'L', 'dz2', 'dW2', 'db2', 'da1', 'dz1', 'dW1', 'db1']);
    expect(rows.every((r) => r.exact && r.approx && r.maxAbsDiff === 0 && r.maxUlp === 0)).toBe(true);
  });
});

/** cmp per tensor: exact / approx / max |diff| / max float32 ULP distance (past the absolute floor), and where, by coordinates. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { compareAgrees, compareNotes, compareRecords, compareReport, compareVerdict, renderCompareTable, tensorVerdict } from '../../src/compare/record-compare.js';
import { compareTensor as compareMetrics } from '../../src/compare/metrics.js';
import { compareTensor, type ElementFloat32 } from '../../src/compare/tensor-compare.js';
import type { TensorSpec } from '../../src/compare/tensors.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import { batchOf, type Network } from '../../src/network/network.js';
import { ulpDistanceF32 as ulpDistance32 } from '../../src/compare/ulp.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { parseNetworkFile } from '../../src/network/network-file.js';
import { float32Passes, float64PassOnFloat32Inputs } from '../../src/reference/float32-inputs.js';
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

const vector = (name: string, n: number): TensorSpec => ({ name, shape: [1, n], rank: 1, kind: 'db', layer: 0 });
const perExample = (name: string, rows: number, cols: number): TensorSpec => ({ name, shape: [rows, cols], rank: 2, kind: 'z', layer: 0 });

describe('compareTensor', () => {
  test('exact means equal to the float64 value or its float32 rounding', () => {
    const ours = Float64Array.of(0.1, -0.2, 1 / 3);
    const r = compareTensor(vector('x', 3), ours, Array.from(ours, Math.fround));
    expect(r).toMatchObject({ name: 'x', size: 3, exact: true, approx: true, exactCount: 3, approxCount: 3, maxUlp: 0, nearZero: 0 });
    expect(r.maxAbsDiff).toBeGreaterThan(0); // rounding to float32 is not nothing
  });
  test("reports the worst element by ULPs and approx by the table's float32 rule", () => {
    const ours = Float64Array.of(1, 2, 3);
    const theirs = [Math.fround(1), next32(next32(next32(2))), 3];
    expect(compareTensor(vector('y', 3), ours, theirs)).toMatchObject({ exact: false, approx: true, exactCount: 2, approxCount: 3, maxUlp: 3, maxUlpAt: 1 });
    expect(compareTensor(vector('y', 3), ours, [1, 2, 3.01])).toMatchObject({ approx: false, approxCount: 2, maxUlpAt: 2 });
    expect(() => compareTensor(vector('y', 3), ours, [1, 2])).toThrow(/y: 2 values to compare with 3/);
  });
  test('elements nearer zero than atol are left out of the max ULP and counted; a NaN never is', () => {
    // 3e-17 vs 1e-9: within atol (correct for float32), but hundreds of millions of ULPs apart.
    const ours = Float64Array.of(3e-17, 0.5, 0.25);
    const r = compareTensor(vector('z', 3), ours, [1e-9, next32(0.5), 0.25]);
    expect(r).toMatchObject({ approx: true, maxUlp: 1, maxUlpAt: 1, nearZero: 1 });
    expect(compareTensor(vector('z', 3), ours, [NaN, 0.5, 0.25])).toMatchObject({ approx: false, maxUlp: Infinity, maxUlpAt: 0, nearZero: 0 });
    expect(compareTensor(vector('z', 2), Float64Array.of(0, 1e-7), [1e-9, 0])).toMatchObject({ maxUlp: -1, maxUlpAt: -1, nearZero: 2 });
  });
});

/** The float64 record with every value rounded to float32, as a correct float32 pass might give it. */
function rounded(record: PassRecord): PassRecord {
  const f = (a: Float64Array) => Float64Array.from(a, Math.fround);
  return {
    ...record,
    backend: 'webgpu',
    loss: Math.fround(record.loss),
    layers: record.layers!.map((l) => ({ z: f(l.z), a: f(l.a), local: l.local && f(l.local), da: l.da && f(l.da), dz: f(l.dz) })),
    grads: { dW: record.grads.dW.map(f), db: record.grads.db.map(f) },
  };
}

describe('compareRecords', () => {
  test('names every intermediate of the lesson in the order of the pass; a record equals itself', () => {
    const cpu = float64Pass(lessonNetwork(), lessonBatch());
    const rows = compareRecords(cpu, cpu);
    expect(rows.map((r) => r.name)).toEqual(['z1', 'a1', 'z2', 'p', 'L', 'dz2', 'dW2', 'db2', 'da1', 'dz1', 'dW1', 'db1']);
    expect(rows.every((r) => r.exact && r.approx && r.maxAbsDiff === 0 && r.maxUlp === 0)).toBe(true);
  });

  test('the headline leaves out elements nearer zero than atol, says how many, and names elements by their coordinates', () => {
    // z1[example 0][0] = 0.1·1 + 0.2·0.8 − 0.26 is ~3e-17 in float64; a float32 pass lands ~1e-9 off it.
    const network: Network = { layers: [{ inDim: 2, outDim: 2, W: Float64Array.of(0.1, 0.2, 0.3, 0.4), b: Float64Array.of(-0.26, -0.1), activation: 'tanh' }, { inDim: 2, outDim: 2, W: Float64Array.of(0.2, -0.3, -0.1, 0.4), b: Float64Array.of(0.1, -0.05) }] };
    const batch = batchOf([[1, 0.8], [-1, 2], [0.3, -0.4]], [0, 1, 1], 2);
    const cpu = float64Pass(network, batch);
    expect(Math.abs(cpu.layers![0].z[0])).toBeLessThan(1e-15);
    const gpu = rounded(cpu);
    (gpu.layers![0].z as Float64Array)[0] = 1e-9;
    (gpu.grads.dW[0] as Float64Array)[3] = next32(next32(Math.fround(cpu.grads.dW[0][3]))); // dW1[1][1], 2 ULP off
    (gpu.layers![0].dz as Float64Array)[5] = next32(next32(next32(Math.fround(cpu.layers![0].dz[5])))); // dz1[example 2][1], 3 ULP off
    const rows = compareRecords(cpu, gpu);
    const z1 = rows.find((r) => r.name === 'z1')!;
    expect(z1).toMatchObject({ approx: true, nearZero: 1 });
    const verdict = compareVerdict(rows);
    expect(verdict).toMatch(/^cmp: 12 of 12 tensors approximately equal \(\d+ exact\); worst 3 ULP at dz1\[example 2\]\[1\] \(over elements with \|f64\| >= 1e-5; (\d+) of 55 nearer zero left out, where ULP counts mean nothing\)$/);
    const left = Number(/; (\d+) of 55 nearer zero/.exec(verdict)![1]);
    expect(left).toBe(rows.reduce((n, r) => n + r.nearZero, 0));
    expect(left).toBeGreaterThanOrEqual(1);
    const table = renderCompareTable(rows);
    expect(table.find((line) => line.startsWith('dW1 '))).toMatch(/^dW1 +2x2 +no +yes +\S+ +2 +0  dW1\[1\]\[1\]$/);
    expect(table.find((line) => line.startsWith('L '))).toMatch(/ L$/);
    const report = compareReport(rows, 'test adapter');
    expect(report.worstUlp).toEqual({ tensor: 'dz1', ulp: 3, at: 'dz1[example 2][1]', index: [2, 1] });
    expect(report.tensors.find((t) => t.name === 'dW1')).toMatchObject({ shape: [2, 2], size: 4, approx: 4, maxUlp: { ulp: 2, at: 'dW1[1][1]', index: [1, 1] }, verdict: 'approx' });
    expect(report.tensors.find((t) => t.name === 'db1')).toMatchObject({ shape: [2], maxUlp: { at: expect.stringMatching(/^db1\[\d\]$/) } });
    expect(report.tensors.find((t) => t.name === 'L')).toMatchObject({ shape: [], maxUlp: { at: 'L', index: [] } });
    expect(report).toMatchObject({ verdict: 'approx', approxTensors: 12, failing: [], nearZero: left });
  });

  test('a tensor off by more than the tolerance is named in the verdict and the report', () => {
    const cpu = float64Pass(lessonNetwork(), lessonBatch());
    const gpu = rounded(cpu);
    (gpu.grads.db[0] as Float64Array)[1] += 0.01;
    const rows = compareRecords(cpu, gpu);
    expect(compareVerdict(rows)).toMatch(/^cmp: 11 of 12 tensors approximately equal \(\d+ exact\); NOT approx: db1; worst \d+ ULP at db1\[1\] /);
    expect(compareReport(rows, 'a')).toMatchObject({ verdict: 'mismatch', failing: ['db1'], worstUlp: { tensor: 'db1', at: 'db1[1]', index: [1] } });
  });
});

describe('float32 overflow is neither exact nor approx', () => {
  test('an Infinity where float64 has 1e40 (whose float32 rounding is Infinity) is a mismatch, not exact', () => {
    const c = compareTensor(perExample('z1', 1, 2), Float64Array.of(1e40, 0.5), Float32Array.of(Infinity, 0.5));
    expect([c.exact, c.approx, c.exactCount, c.approxCount]).toEqual([false, false, 1, 1]);
  });
});


describe("f32-input: what float32 rounding of the inputs/weights changes is not a kernel error (the gradient table's rule, per element)", () => {
  const ours = Float64Array.of(0, 0);
  const stub = (f32Input: number[], samples: number[][] | null, range = false): ElementFloat32 => ({ f32Input: (k) => f32Input[k], samples: samples && ((k) => samples[k]), range });
  const verdict = (theirs: number[], float32: ElementFloat32) => {
    const r = compareTensor(vector('t', theirs.length), ours, theirs, float32);
    return r.f32Input ? 'f32-input' : r.f32Cond ? 'f32-cond' : r.f32Range ? 'f32-range' : r.approx ? 'approx' : 'mismatch';
  };
  test('each element past the tolerance is f32-input when within it of the f32-input pass, before the conditioning test is asked', () => {
    // Element 1 within the tolerance of float64; element 0 of the f32-input pass (its samples would say mismatch).
    expect(verdict([1, 0], stub([1, 7], [[5, 5], [9, 9]]))).toBe('f32-input');
    expect(verdict([1, 0], stub([1 + 2e-5, 7], null))).toBe('f32-input'); // the tolerance at the f32-input value; the conditioning test not run
    expect(verdict([1, 0], stub([1 + 2e-4, 7], null))).toBe('mismatch');
    // One f32-input element and one f32-cond one: not all of it can be judged, so f32-cond.
    expect(verdict([1, 2], stub([1, 5], [[1, 1], [1.5, 2.5]]))).toBe('f32-cond');
    // One f32-input element and one that nothing explains: a mismatch.
    expect(verdict([1, 2], stub([1, 5], [[1, 1], [5, 5]]))).toBe('mismatch');
    expect(verdict([1, 2], stub([1, 5], null))).toBe('mismatch');
    // Not finite is never f32-input.
    expect(verdict([NaN, 0], stub([NaN, 0], null))).toBe('mismatch');
    expect(verdict([Infinity, 0], stub([Infinity, 0], null))).toBe('mismatch');
  });

  test("f32-range: a non-finite element where float32-range warned, judged in the table's order (after f32-input, before the conditioning test)", () => {
    // Not finite, range warned: f32-range, whether the conditioning test runs (its non-finite sample would say f32-cond) or not.
    expect(verdict([NaN, 0], stub([NaN, 0], [[NaN, 1], [0, 0]], true))).toBe('f32-range');
    expect(verdict([NaN, 0], stub([NaN, 0], [[NaN, 1], [0, 0]]))).toBe('f32-cond');
    expect(verdict([Infinity, 0], stub([Infinity, 0], null, true))).toBe('f32-range');
    // A finite value is never f32-range: the conditioning test, then a mismatch.
    expect(verdict([5, 0], stub([0, 0], [[0, 0], [0, 0]], true))).toBe('mismatch');
    expect(verdict([5, 0], stub([0, 0], null, true))).toBe('mismatch');
    // With an f32-input element it is f32-range; with an f32-cond one f32-cond; with a mismatch a mismatch.
    expect(verdict([NaN, 1], stub([NaN, 1], null, true))).toBe('f32-range');
    expect(verdict([NaN, 2], stub([NaN, 5], [[0, 0], [1.5, 2.5]], true))).toBe('f32-cond');
    expect(verdict([NaN, 2], stub([NaN, 5], [[0, 0], [5, 5]], true))).toBe('mismatch');
  });

  test('a pass that agrees runs no float32 pass (the lesson, to float32)', () => {
    const cpu = float64Pass(lessonNetwork(), lessonBatch());
    const never = () => {
      throw new Error('a float32 pass was run');
    };
    const rows = compareRecords(cpu, rounded(cpu), { f32Input: never, samples: never, skipped: null }, true);
    expect(rows.every((r) => r.approx && !r.f32Input && !r.f32Cond)).toBe(true);
  });

  test('flip.json (a weight rounds to 1 in float32, a ReLU gate flips): the tensors it changes are f32-input, the run passes; a wrong value still mismatches', () => {
    const { network, batch } = parseNetworkFile(readFileSync(new URL('../fixtures/float32/flip.json', import.meta.url), 'utf8'));
    const cpu = float64Pass(network, batch);
    const gpu = rounded(float64PassOnFloat32Inputs(network, batch)); // a correct float32 pass, as far as rounding the inputs goes
    expect(compareAgrees(compareRecords(cpu, gpu))).toBe(false);
    const rows = compareRecords(cpu, gpu, float32Passes(network, batch));
    const changed = ['z1', 'a1', 'dW2', 'dz1', 'dW1', 'db1'];
    expect(rows.filter((r) => tensorVerdict(r) === 'f32-input').map((r) => r.name)).toEqual(changed);
    expect(rows.filter((r) => !r.f32Input).every((r) => r.approx)).toBe(true);
    expect(compareAgrees(rows)).toBe(true);
    expect(compareVerdict(rows)).toMatch(/^cmp: 6 of 12 tensors approximately equal \(\d+ exact\); 6 f32-input \(float32 rounding of the inputs\/weights, not a kernel error\): z1, a1, dW2, dz1, dW1, db1; worst \d+ ULP at dW1\[0\]\[0\] /);
    expect(compareNotes(rows)).toEqual([
      '  f32-input  z1, a1, dW2, dz1, dW1, db1: float32 rounding of the inputs/weights changes these values (e.g. a ReLU gate flips); WebGPU matches a float64 pass on the float32-rounded inputs and weights: not a kernel error',
    ]);
    const table = renderCompareTable(rows);
    expect(table[0]).toBe('tensor  shape    exact     approx  max |diff|     max ULP  near 0  at');
    expect(table.find((line) => line.startsWith('dW1 '))).toMatch(/^dW1 +2x2 +no +f32-input +6\.00e\+03 /);
    expect(table.find((line) => line.startsWith('z2 '))).toMatch(/^z2 +1x2 +\w+ +yes /);
    expect(compareReport(rows, 'a')).toMatchObject({ verdict: 'f32-input', failing: [], f32Input: changed, approxTensors: 6 });
    expect(compareReport(rows, 'a')).not.toHaveProperty('f32Cond');
    // A kernel error is still one: dW1[1][0] off by 1 matches neither pass.
    (gpu.grads.dW[0] as Float64Array)[2] += 1;
    const wrong = compareRecords(cpu, gpu, float32Passes(network, batch));
    expect(wrong.filter((r) => tensorVerdict(r) === 'mismatch').map((r) => r.name)).toEqual(['dW1']);
    expect(compareAgrees(wrong)).toBe(false);
    expect(compareReport(wrong, 'a')).toMatchObject({ verdict: 'mismatch', failing: ['dW1'], f32Input: ['z1', 'a1', 'dW2', 'dz1', 'db1'] });
  });
});

describe('a float64 value that is not finite', () => {
  // |theirs − Infinity| = Infinity ≤ atol + rtol·Infinity: any finite value, or the other infinity, "passed".
  test('is never approx against any value of theirs (metrics: NaN and ±Infinity never pass)', () => {
    const tol = { atol: 1e-5, rtol: 1e-4 };
    const m = compareMetrics([5, Infinity, -Infinity], Float64Array.of(Infinity, -Infinity, -Infinity), null, tol);
    expect(m).toMatchObject({ approx: false, approxCount: 0, exactCount: 0 });
    expect(compareMetrics([5], Float64Array.of(1), null, tol).worst).toBe(0);
    const w = compareMetrics([1, 5], Float64Array.of(1, Infinity), null, tol);
    expect(w.worst).toBe(1); // the finite value against float64's Infinity is the worst, not a NaN ratio passed over
  });
  test('--cmp: a finite WebGPU value where float64 is infinite is a mismatch, not f32-input (nor silently judged)', () => {
    const ours = Float64Array.of(1, Infinity);
    const float32: ElementFloat32 = { f32Input: (k) => [1, Infinity][k], samples: () => [Infinity, Infinity], range: true };
    const r = compareTensor(vector('db1', 2), ours, [Math.fround(1), 5], float32);
    expect(r).toMatchObject({ approx: false, f32Input: false, f32Cond: false, f32Range: false, judgedCount: 1 });
    // Both infinite where float32 cannot hold the pass: f32-range (n/a), as before.
    expect(compareTensor(vector('db1', 2), ours, [Math.fround(1), Infinity], float32)).toMatchObject({ f32Range: true, judgedCount: 1 });
  });
});

describe("the verdict's worst ULP says which elements it is over", () => {
  test('elements not judged (f32-cond, n/a) are left out of the worst, and the verdict says so — not "over all N elements"', () => {
    const float32: ElementFloat32 = { f32Input: () => 0, samples: () => [1.5, 2.5], range: false };
    // Element 1 (2.4 where float64 has 2) is f32-cond, 0.4 off: left out of the worst ULP, which is 0 at x[0].
    const rows = [compareTensor(vector('x', 2), Float64Array.of(1, 2), [1, 2.4], float32)];
    expect(rows[0].f32Cond).toBe(true);
    const verdict = compareVerdict(rows);
    expect(verdict).toMatch(/; worst 0 ULP at x\[0\] \(over the judged elements: 1 of 2 not judged \(f32-cond\), left out\)$/);
    expect(verdict).not.toContain('over all 2 elements');
  });
});

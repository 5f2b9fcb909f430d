/**
 * The whole pass (per-op and fused) against the float64 reference and against central finite
 * differences of the float64 loss, on random networks of depth 1–4.
 *
 * Tolerance: gradients are compared as |gpu − f64| ≤ GRAD_TOL · (largest |gradient| of the
 * network) + 1e-9. f32 carries ~7 significant digits (u = 6e-8); each gradient is a dot product
 * through the layers (error ~ width · u) and then a sum over the batch, added in blocks of ≤ 256
 * and a 64-way tree (error ~ (block + 64 · levels) · u relative to Σ|terms|, and the terms of a
 * mean-loss gradient mostly share a sign at these sizes). 1e-4 leaves a margin of ~10× over
 * the worst seen; the loss (a mean of O(1) values) is held to 1e-5 relative.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch, Network } from '../../src/network/network.js';
import { parameterArray, parameterRefs, gradientAt } from '../../src/network/parameters.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { float64Pass, lossAt } from '../../src/reference/float64-pass.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { gradientRows } from '../../src/print/gradient-table.js';
import { checkGradients } from '../../src/reference/fd-check.js';
import { randomNetwork as randomActivated } from '../support/random-network.js';
import { acquireTestGpu, gradientError, maxAbs, maxAbsDiff, randomBatch, randomNetwork } from './gpu-fixture.js';

const GRAD_TOL = 1e-4;
const LOSS_TOL = 1e-5;

const gpu = await acquireTestGpu();
afterAll(() => gpu?.release());

const worst = { rel: 0, label: '', abs: 0, absLabel: '' };
afterAll(() => {
  if (!gpu) return;
  console.log(`worst GPU-vs-float64 gradient error, relative to the network's largest gradient: ${worst.rel.toExponential(2)} on ${worst.label}`);
  console.log(`worst absolute GPU-vs-float64 gradient error: ${worst.abs.toExponential(2)} on ${worst.absLabel}`);
});

async function expectMatchesReference(network: Network, batch: Batch, label: string, path: 'per-op' | 'fused', fusedKernel?: 'small' | 'tiled' | 'gemm') {
  const ref = float64Pass(network, batch);
  const got = await gpu!.engine.run(network, batch, { path, fusedKernel, intermediates: path === 'per-op' });
  const { worst: err, scale } = gradientError(got.grads, ref.grads);
  const rel = err / Math.max(scale, 1e-12);
  const where = `${label} (${path}${fusedKernel ? `/${fusedKernel}` : ''})`;
  if (rel > worst.rel) Object.assign(worst, { rel, label: where });
  if (err > worst.abs) Object.assign(worst, { abs: err, absLabel: where });
  expect(err, `${label} ${path}: worst gradient error ${err} (scale ${scale})`).toBeLessThanOrEqual(GRAD_TOL * scale + 1e-9);
  expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(LOSS_TOL * Math.max(1, Math.abs(ref.loss)));
  expect(got.backend).toBe('webgpu');
  expect(got.dims).toEqual(ref.dims);
  if (path === 'per-op') {
    // Every intermediate the printer shows, to f32 accuracy relative to its own layer's scale.
    got.layers!.forEach((layer, l) => {
      const r = ref.layers![l];
      for (const key of ['z', 'a', 'dz'] as const) {
        const scaleOf = Math.max(1e-12, maxAbs(r[key]));
        expect(maxAbsDiff(layer[key], r[key]), `${key}${l + 1}`).toBeLessThanOrEqual(GRAD_TOL * scaleOf);
      }
      if (r.da) expect(maxAbsDiff(layer.da!, r.da)).toBeLessThanOrEqual(GRAD_TOL * Math.max(1e-12, maxAbs(r.da)));
      // The local derivative the renderers read (relu's 0/1 mask, σ(1−σ), 1−tanh²): absolute, as it is ≤ 1.
      if (r.local) expect(maxAbsDiff(layer.local!, r.local), `local${l + 1}`).toBeLessThanOrEqual(GRAD_TOL);
      else expect(layer.local).toBeNull();
    });
    expect(maxAbsDiff(got.lossPerExample!, ref.lossPerExample!)).toBeLessThanOrEqual(LOSS_TOL * Math.max(1, maxAbs(ref.lossPerExample!)));
  } else {
    expect(got.layers).toBeNull();
  }
  return got;
}

const NETWORKS: { dims: number[]; batch: number }[] = [
  { dims: [2, 2], batch: 1 }, // depth 1: softmax regression
  { dims: [3, 17, 2], batch: 7 },
  { dims: [17, 3, 64, 3], batch: 64 },
  { dims: [2, 3, 2], batch: 1000 },
  { dims: [64, 130, 17, 3, 2], batch: 64 }, // depth 4
  { dims: [784, 17, 10], batch: 7 },
  { dims: [2, 3, 3, 2], batch: 65537 },
];

describe.skipIf(!gpu)('whole pass vs float64', () => {
  it('the lesson network and input, both paths', async () => {
    for (const path of ['per-op', 'fused'] as const) await expectMatchesReference(lessonNetwork(), lessonBatch(), 'lesson', path);
  });

  it('per-op: a dead unit\'s zero gradients carry the reference\'s sign (the trace prints -0.000000)', async () => {
    const ref = float64Pass(lessonNetwork(), lessonBatch());
    const got = await gpu!.engine.run(lessonNetwork(), lessonBatch());
    ref.grads.dW.forEach((dW, l) =>
      dW.forEach((g, k) => {
        if (g === 0) expect(Object.is(got.grads.dW[l][k], g), `dW${l + 1}[${k}] is ${g}`).toBe(true);
      }),
    );
    ref.grads.db.forEach((db, l) =>
      db.forEach((g, k) => {
        if (g === 0) expect(Object.is(got.grads.db[l][k], g), `db${l + 1}[${k}] is ${g}`).toBe(true);
      }),
    );
  });

  it.each(NETWORKS)('random $dims, batch $batch', async ({ dims, batch }) => {
    const seed = dims.reduce((s, d) => s * 31 + d, batch);
    const network = randomNetwork(dims, seed);
    const data = randomBatch(batch, dims[0], dims[dims.length - 1], seed + 1);
    const label = `${dims.join('-')} N=${batch}`;
    await expectMatchesReference(network, data, label, 'per-op');
    await expectMatchesReference(network, data, label, 'fused');
    if (dims.every((d) => d <= 16)) await expectMatchesReference(network, data, label, 'fused', 'tiled');
  });

  it('all-dead hidden layers give exactly zero gradients below them', async () => {
    const network = randomNetwork([5, 4, 6, 3], 11);
    // Layer 2's biases far below any reachable z: every unit dead for every example.
    network.layers[1].b.fill(-1e3);
    const batch = randomBatch(100, 5, 3, 12);
    for (const path of ['per-op', 'fused'] as const) {
      const got = await expectMatchesReference(network, batch, 'dead 5-4-6-3', path);
      for (const l of [0, 1]) {
        expect(got.grads.dW[l].every((g) => g === 0), `dW${l + 1} all 0 (${path})`).toBe(true);
        expect(got.grads.db[l].every((g) => g === 0), `db${l + 1} all 0 (${path})`).toBe(true);
      }
      // The output layer sees a = 0: its dW is 0 too, but its bias still learns.
      expect(got.grads.dW[2].every((g) => g === 0)).toBe(true);
      expect(got.grads.db[2].some((g) => g !== 0)).toBe(true);
    }
  });

  it('saturated logits (hundreds) stay finite and match', async () => {
    const network = randomNetwork([4, 8, 3], 21, 60);
    const batch = randomBatch(257, 4, 3, 22, 3);
    const ref = float64Pass(network, batch);
    const maxLogit = maxAbs(ref.layers![1].z);
    expect(maxLogit).toBeGreaterThan(100);
    for (const path of ['per-op', 'fused'] as const) {
      const got = await expectMatchesReference(network, batch, 'saturated 4-8-3', path);
      expect(Number.isFinite(got.loss)).toBe(true);
      got.grads.dW.forEach((g) => expect(g.every(Number.isFinite)).toBe(true));
    }
  });

  it('one-hot targets and class-index targets give the same pass', async () => {
    const network = randomNetwork([3, 5, 4], 31);
    const byIndex = randomBatch(33, 3, 4, 32);
    // The same targets written one-hot, then reduced to their hot position (the loader's rule).
    const oneHot = Array.from(byIndex.labels, (c) => Array.from({ length: 4 }, (_, i) => (i === c ? 1 : 0)));
    const fromOneHot: Batch = { ...byIndex, labels: Uint32Array.from(oneHot, (row) => row.indexOf(1)) };
    const a = await gpu!.engine.run(network, byIndex);
    const b = await gpu!.engine.run(network, fromOneHot);
    expect(b.grads).toEqual(a.grads);
    expect(b.loss).toBe(a.loss);
  });
});

describe.skipIf(!gpu)('sigmoid and tanh hidden layers on every path', () => {
  // Each case: float64 vs finite differences within the float64 tolerance, and WebGPU (per-op and
  // every fused kernel that takes the shape) vs float64 within the float32 one — the CLI's own
  // match rule (gradientRows), plus every per-op intermediate (expectMatchesReference).
  const cases: { dims: number[]; batch: number; activation: ActivationName | ActivationName[]; bias?: [number, number, number][]; kernels: ('small' | 'tiled' | 'gemm')[] }[] = [
    { dims: [3, 4], batch: 8, activation: 'sigmoid', kernels: ['small'] }, // depth 1: no hidden layer
    { dims: [2, 3, 2], batch: 1, activation: 'sigmoid', kernels: ['small'] },
    { dims: [3, 5, 4], batch: 64, activation: 'tanh', bias: [[0, 1, 20], [0, 3, -20]], kernels: ['small'] },
    { dims: [4, 6, 5, 3], batch: 33, activation: ['sigmoid', 'tanh'], bias: [[0, 0, -25]], kernels: ['tiled'] },
    { dims: [3, 6, 5, 4, 3], batch: 16, activation: ['tanh', 'relu', 'sigmoid'], bias: [[2, 1, 20]], kernels: ['small'] },
    { dims: [40, 12, 3], batch: 64, activation: 'sigmoid', bias: [[0, 2, 30]], kernels: ['gemm'] },
    { dims: [40, 12, 6, 3], batch: 20, activation: ['tanh', 'sigmoid'], kernels: ['gemm'] },
  ];
  it.each(cases)('$activation $dims, batch $batch', async ({ dims, batch, activation, bias, kernels }) => {
    const { network, batch: data } = randomActivated({ dims, batch, seed: dims.length * 7 + batch, activation, bias });
    const cpu = float64Pass(network, data);
    if (bias) expect(cpu.layers!.some((l) => l.local?.some((d) => Math.abs(d) < 1e-3)), 'a saturated unit').toBe(true);
    const fd = checkGradients(network, data, cpu, { h: 1e-5 });
    const label = `${activation} ${dims.join('-')} N=${batch}`;
    const runs = [await expectMatchesReference(network, data, label, 'per-op')];
    for (const kernel of kernels) runs.push(await expectMatchesReference(network, data, label, 'fused', kernel));
    for (const gpuRecord of runs) {
      const bad = gradientRows(network, cpu.grads, fd, gpuRecord.grads).filter((r) => !r.match);
      expect(bad.map((r) => `${r.name}: f64 ${r.analytical} webgpu ${r.webgpu} fd ${r.fd}`)).toEqual([]);
    }
  });
});

describe.skipIf(!gpu)('whole pass vs finite differences', () => {
  /** Central differences of the float64 loss; h balances truncation (h²) against rounding (u/h). */
  const H = 1e-5;

  it.each([
    { dims: [2, 3, 2], batch: 5 },
    { dims: [3, 4, 4, 2], batch: 9 },
    { dims: [4, 5, 3, 4, 3], batch: 6 },
  ])('$dims, batch $batch', async ({ dims, batch }) => {
    const network = randomNetwork(dims, dims.length * 100 + batch);
    const data = randomBatch(batch, dims[0], dims[dims.length - 1], batch);
    const ref = float64Pass(network, data);
    const got = await gpu!.engine.run(network, data, { path: 'per-op' });
    const fused = await gpu!.engine.run(network, data, { path: 'fused' });
    let checked = 0;
    for (const p of parameterRefs(network)) {
      const arr = parameterArray(network, p);
      const saved = arr[p.index];
      arr[p.index] = saved + H;
      const up = lossAt(network, data);
      arr[p.index] = saved - H;
      const down = lossAt(network, data);
      arr[p.index] = saved;
      const fd = (up - down) / (2 * H);
      const analytic = gradientAt(ref.grads, p);
      // A ReLU kink inside ±h makes the difference quotient meaningless for that parameter.
      if (Math.abs(fd - analytic) > 1e-6) continue;
      checked++;
      // f32 gradients: ~1e-7 relative to the gradients' size (≤ 1), well inside 1e-5.
      expect(Math.abs(gradientAt(got.grads, p) - fd), p.name).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(gradientAt(fused.grads, p) - fd), p.name).toBeLessThanOrEqual(1e-5);
    }
    expect(checked).toBeGreaterThan(parameterRefs(network).length * 0.9);
  });
});

describe.skipIf(!gpu)('a zero gradient keeps the float64 reference\'s sign on every path', () => {
  // Dead ReLU units (bias −50) give exact zero gradients whose sign depends on the upstream
  // gradients' signs: −0 when every term is −0 (batch 1 often), +0 once terms of both signs meet.
  // The fused kernels started their sums from a −0.0 literal, which SwiftShader receives as +0.
  it.each([
    { dims: [2, 3, 2], kernels: ['small', 'tiled'] as const },
    { dims: [4, 20, 3], kernels: ['tiled'] as const },
    { dims: [40, 12, 3], kernels: ['tiled', 'gemm'] as const },
    { dims: [40, 12, 6, 3], kernels: ['gemm'] as const },
  ])('$dims', async ({ dims, kernels }) => {
    const network = randomNetwork(dims, 4242);
    network.layers.slice(0, -1).forEach((layer) => layer.b.forEach((_, i, b) => i % 2 === 0 && (b[i] = -50)));
    const signs = (g: Float64Array | Float32Array | readonly number[]) => Array.from(g, (x) => (x !== 0 ? 'x' : Object.is(x, -0) ? '-0' : '+0')).join(',');
    const flat = (grads: { dW: readonly ArrayLike<number>[]; db: readonly ArrayLike<number>[] }) => signs([...grads.dW, ...grads.db].flatMap((t) => Array.from(t)));
    let negativeZeros = 0;
    for (const size of [1, 2, 4, 37]) {
      const data = randomBatch(size, dims[0], dims[dims.length - 1], size);
      const want = flat(float64Pass(network, data).grads);
      negativeZeros += want.split(',').filter((s) => s === '-0').length;
      expect(flat((await gpu!.engine.run(network, data, { path: 'per-op', intermediates: false })).grads), `per-op, batch ${size}`).toBe(want);
      for (const fusedKernel of kernels) {
        expect(flat((await gpu!.engine.run(network, data, { path: 'fused', fusedKernel })).grads), `fused ${fusedKernel}, batch ${size}`).toBe(want);
      }
    }
    expect(negativeZeros, 'the networks must have −0 gradients to test').toBeGreaterThan(0);
  });

  // A dead unit's dL/da = Σ_i dL/dz_i · W_ij starts from +0 in the float64 reference (and per-op):
  // when every term is −0 the sum is +0, and the dead unit below passes that sign on. fused-small
  // summed the terms alone (−0 + −0 = −0), so on this 6-layer mixed network W4's and b4's zero
  // gradients came out with the other sign (QA: batch 3 and 3000).
  it.each([3, 1000])('4-6-5-4-6-3-2 relu,sigmoid,tanh,relu,relu with dead units, batch %i', async (size) => {
    const dims = [4, 6, 5, 4, 6, 3, 2];
    const kill = dims.slice(1, -1).flatMap((width, l) => Array.from({ length: width }, (_, u) => [l, u] as [number, number]).filter(([, u]) => u % 2 === 0));
    const { network, batch } = randomActivated({ dims, batch: size, seed: 101 + size, activation: ['relu', 'sigmoid', 'tanh', 'relu', 'relu'], kill });
    const signs = (g: { dW: readonly ArrayLike<number>[]; db: readonly ArrayLike<number>[] }) =>
      [...g.dW, ...g.db].flatMap((t) => Array.from(t, (x) => (x !== 0 ? 'x' : Object.is(x, -0) ? '-0' : '+0'))).join(',');
    const want = signs(float64Pass(network, batch).grads);
    expect(want).toContain('+0');
    expect(signs((await gpu!.engine.run(network, batch, { path: 'per-op', intermediates: false })).grads), 'per-op').toBe(want);
    for (const fusedKernel of ['small', 'tiled', 'gemm'] as const) {
      expect(signs((await gpu!.engine.run(network, batch, { path: 'fused', fusedKernel })).grads), `fused ${fusedKernel}`).toBe(want);
    }
  });
});

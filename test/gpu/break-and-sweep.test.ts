/**
 * Issue 11's GPU views: every "break it" bug runs in the WGSL kernels (the BUG override constant)
 * exactly as in the float64 backward pass, and the h sweep's one-dispatch float32 finite
 * differences agree with float32 arithmetic on the CPU.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUGS } from '../../src/break/bugs.js';
import { runBroken } from '../../src/break/break-run.js';
import { nudgedFiniteDifferences } from '../../src/gpu/sweep/nudged-losses.js';
import { findParam, hSweep, SWEEP_HS } from '../../src/hsweep/h-sweep.js';
import { lossAt32 } from '../../src/hsweep/loss32.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { cloneNetwork, type Batch, type Network } from '../../src/network/network.js';
import { gradientAt, parameterArray, parameterRefs } from '../../src/network/parameters.js';
import { gpuMatches } from '../../src/print/gradient-table.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { acquireTestGpu, type TestGpu } from './gpu-fixture.js';

let gpu: TestGpu | null = null;
beforeAll(async () => {
  gpu = await acquireTestGpu();
});
afterAll(() => gpu?.release());

/** 2 → 3 → 2 with a batch of 3: hidden unit 0 dead on every example, unit 2 at z = 0 exactly on example 0. */
function brokenFixture(): { network: Network; batch: Batch } {
  const network = cloneNetwork(lessonNetwork());
  network.layers[0].W.set([0.1, -0.2, 0.3, 0.4, 0.5, -0.25]);
  network.layers[0].b.set([-1, -0.1, -0.05]); // z1[2] = -0.05 + 0.5·0.5 − 0.25·0.8 = 0 for x = [0.5, 0.8]
  const batch: Batch = { size: 3, inDim: 2, classes: 2, inputs: Float64Array.from([0.5, 0.8, -1, 2, 1.5, -0.5]), labels: Uint32Array.from([0, 1, 1]) };
  return { network, batch };
}

describe('break it on WebGPU', () => {
  test('the z = 0 fixture really has a pre-activation at exactly 0', () => {
    const { network, batch } = brokenFixture();
    expect(float64Pass(network, batch).layers![0].z[2]).toBe(0);
  });

  for (const bug of BUGS) {
    test(`${bug.name}: the WGSL variant computes the float64 pass's broken gradients`, async () => {
      if (!gpu) return;
      const { network, batch } = brokenFixture();
      const broken = float64Pass(network, batch, bug.name);
      const correct = float64Pass(network, batch);
      const record = await gpu.engine.run(network, batch, { path: 'per-op', intermediates: true, bug: bug.name });
      for (const ref of parameterRefs(network)) {
        const want = gradientAt(broken.grads, ref);
        const got = gradientAt(record.grads, ref);
        expect(gpuMatches(want, Math.abs(got - want)), `${ref.name}: WebGPU ${got} vs broken float64 ${want}`).toBe(true);
      }
      // The bug changes something here, so the comparison above could fail.
      const changed = parameterRefs(network).some((ref) => Math.abs(gradientAt(broken.grads, ref) - gradientAt(correct.grads, ref)) > 1e-3);
      expect(changed, `${bug.name} changes no gradient on this fixture`).toBe(true);
      // And finite differences catch it (relu'(0) too: at z = 0 the central difference sees ½).
      expect(runBroken(network, batch, bug.name, record.grads).caught.length).toBeGreaterThan(0);
    });
  }

  test('without a bug the pipelines are the plain ones (no override leaks between runs)', async () => {
    if (!gpu) return;
    const { network, batch } = brokenFixture();
    await gpu.engine.run(network, batch, { path: 'per-op', bug: 'mean-dropped' });
    const plain = await gpu.engine.run(network, batch, { path: 'per-op' });
    const want = float64Pass(network, batch);
    for (const ref of parameterRefs(network)) expect(gpuMatches(gradientAt(want.grads, ref), Math.abs(gradientAt(plain.grads, ref) - gradientAt(want.grads, ref)))).toBe(true);
  });
});

describe('the h sweep on WebGPU', () => {
  test('sigmoid and tanh layers too: the kernel takes each layer\'s activation from the op table', async () => {
    if (!gpu) return;
    const { network: base, batch } = brokenFixture();
    const network = { layers: [{ ...base.layers[0], activation: 'tanh' as const }, base.layers[1]] };
    const ref = findParam(network, 'W1[1][0]');
    const onGpu = await nudgedFiniteDifferences(gpu.handle.device, network, batch, ref);
    const copy = cloneNetwork(network);
    const values = parameterArray(copy, ref);
    const theta = values[ref.index];
    const at = (k: number) => {
      values[ref.index] = theta + SWEEP_HS[k];
      const plus = lossAt32(copy, batch);
      values[ref.index] = theta - SWEEP_HS[k];
      const minus = lossAt32(copy, batch);
      values[ref.index] = theta;
      return (plus - minus) / (2 * SWEEP_HS[k]);
    };
    for (const k of [0, 2, 4, 8]) expect(Math.abs(onGpu[k] - at(k)), `h = ${SWEEP_HS[k]}`).toBeLessThanOrEqual((16 * 2 ** -24) / (2 * SWEEP_HS[k]) + 1e-6);
  });

  test('one dispatch of nudged copies gives float32 central differences like float32 arithmetic on the CPU', async () => {
    if (!gpu) return;
    const network = lessonNetwork();
    const batch = lessonBatch();
    const ref = findParam(network, 'W2[0][1]');
    const onGpu = await nudgedFiniteDifferences(gpu.handle.device, network, batch, ref);
    expect(onGpu).toHaveLength(SWEEP_HS.length);
    const copy = cloneNetwork(network);
    const values = parameterArray(copy, ref);
    const theta = values[ref.index];
    SWEEP_HS.forEach((h, k) => {
      values[ref.index] = theta + h;
      const plus = lossAt32(copy, batch);
      values[ref.index] = theta - h;
      const minus = lossAt32(copy, batch);
      values[ref.index] = theta;
      const cpu = (plus - minus) / (2 * h);
      // The two differ only by float32 rounding of the losses (exp/log and FMA may differ): a few ULPs of L over 2h.
      const ulpsOfL = (8 * 2 ** -24 * 0.8) / (2 * h);
      expect(Math.abs(onGpu[k] - cpu), `h = ${h}`).toBeLessThanOrEqual(ulpsOfL + 1e-6);
    });
    const sweep = hSweep(network, batch, ref, gradientAt(float64Pass(network, batch).grads, ref), { fd: onGpu, source: 'WebGPU' });
    const [f64, f32] = sweep.curves;
    // float64's best h sits between truncation and round-off (the lesson's 1e-5 neighbourhood); float32's is larger and worse.
    expect(f64.bestH).toBeGreaterThanOrEqual(1e-7);
    expect(f64.bestH).toBeLessThanOrEqual(1e-3);
    expect(Math.min(...f64.error)).toBeLessThan(1e-10);
    expect(Math.min(...f32.error)).toBeGreaterThan(1e-8);
    // Past h ≈ ulp(θ) the float32 nudge vanishes and so does the estimate.
    expect(f32.fd.at(-1)).toBe(0);
  });
});

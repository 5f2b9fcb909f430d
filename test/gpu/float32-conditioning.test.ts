/**
 * The float32 conditioning test against the real kernels: QA's repro (logits 1.7e8 apart by 0.15)
 * on WebGPU is f32-cond, not a mismatch, in the table and in --cmp's tensors; the kernels' own
 * activations, local derivatives and softmax lie within the error bounds the model draws from
 * (the op table's float32Error, softmaxFloat32Error); and each "break it" bug, injected into the
 * kernels (the BUG override, as the break view runs it) on well-conditioned networks, stays a
 * mismatch against the correct float64 pass. Likewise --cmp's f32-input (float32 rounding of the
 * inputs/weights, flip.json): the tensors a flipped ReLU gate changes, and no bug's.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BugName } from '../../src/break/bugs.js';
import { compareAgrees, compareRecords, tensorVerdict } from '../../src/compare/record-compare.js';
import { lessonBatch, lessonNetwork } from '../../src/network/lesson.js';
import { parseNetworkFile } from '../../src/network/network-file.js';
import { activationRule, type Batch, type Network } from '../../src/network/network.js';
import { softmaxFloat32Error } from '../../src/ops/softmax-cross-entropy.js';
import { gradientRows } from '../../src/print/gradient-table.js';
import { float32Context, float32Passes } from '../../src/reference/float32-inputs.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { cmpBugsCaught, expectBugsStayMismatches } from '../support/bug-verdicts.js';
import { randomNetwork } from '../support/random-network.js';
import { acquireTestGpu, type TestGpu } from './gpu-fixture.js';

let gpu: TestGpu | null = null;
beforeAll(async () => {
  gpu = await acquireTestGpu();
});
afterAll(() => gpu?.release());

const fixture = (name: string) => parseNetworkFile(readFileSync(new URL(`../fixtures/float32/${name}`, import.meta.url), 'utf8'));

describe('QA\'s repro on WebGPU (cond.json)', () => {
  test('every gradient was a mismatch and is now f32-cond; --cmp\'s p, L, dz, dW, db likewise, z1 judged', async () => {
    if (!gpu) return;
    const { network, batch } = fixture('cond.json');
    const cpu = float64Pass(network, batch);
    const record = await gpu.engine.run(network, batch, { path: 'per-op', intermediates: true });
    expect(Array.from(record.layers![0].a)).toEqual([0.5, 0.5]); // float32 made the logits equal
    const context = float32Context(network, batch, cpu.grads, record.grads, false);
    expect(gradientRows(network, cpu.grads, null, record.grads, { ...context, f32Cond: null }).map((r) => r.gpu)).toEqual(Array(6).fill('mismatch'));
    expect(gradientRows(network, cpu.grads, null, record.grads, context).map((r) => r.gpu)).toEqual(Array(6).fill('f32-cond'));
    expect(compareAgrees(compareRecords(cpu, record))).toBe(false);
    const rows = compareRecords(cpu, record, float32Passes(network, batch));
    expect(rows.filter((r) => r.f32Cond).map((r) => r.name)).toEqual(['p', 'L', 'dz1', 'dW1', 'db1']);
    expect(compareAgrees(rows)).toBe(true);
  });
});

describe("the kernels' WGSL functions stay within the model's float32 error bounds", () => {
  test('tanh and sigmoid activations and local derivatives, and softmax p, of a random network', async () => {
    if (!gpu) return;
    const { network, batch } = randomNetwork({ dims: [3, 8, 8, 4], batch: 16, seed: 5, activation: ['tanh', 'sigmoid'], bias: [[0, 0, 3], [1, 1, -4]] });
    const record = await gpu.engine.run(network, batch, { path: 'per-op', intermediates: true });
    const layers = record.layers!;
    let checked = 0;
    network.layers.slice(0, -1).forEach((layer, l) => {
      const rule = activationRule(layer);
      layers[l].z.forEach((z, k) => {
        // Each function from the GPU's own float32 argument: only that function's error is measured.
        const a = rule.forward(z);
        expect(Math.abs(layers[l].a[k] - a), `${rule.name}(${z})`).toBeLessThanOrEqual(rule.float32Error.forward(z, a));
        const ga = layers[l].a[k];
        expect(Math.abs(layers[l].local![k] - rule.derivative(ga)), `${rule.name}'(a = ${ga})`).toBeLessThanOrEqual(rule.float32Error.derivative(ga));
        checked++;
      });
    });
    const out = layers.at(-1)!;
    const C = batch.classes;
    for (let n = 0; n < batch.size; n++) {
      const logits = out.z.subarray(n * C, (n + 1) * C);
      const exact = new Float64Array(C);
      let max = -Infinity;
      for (const z of logits) max = Math.max(max, z);
      let sum = 0;
      logits.forEach((z, i) => (sum += exact[i] = Math.exp(z - max)));
      exact.forEach((e, i) => (exact[i] = e / sum));
      const bound = softmaxFloat32Error(logits, exact, new Float64Array(C));
      for (let i = 0; i < C; i++) expect(Math.abs(out.a[n * C + i] - exact[i]), `p[${n}][${i}]`).toBeLessThanOrEqual(bound[i]);
    }
    expect(checked).toBe(16 * 16);
  });
});

describe('a bug in the kernels stays a mismatch on well-conditioned networks', () => {
  const networks: [string, { network: Network; batch: Batch }][] = [
    ['the lesson', { network: lessonNetwork(), batch: lessonBatch() }],
    // (test/cpu/float32-conditioning.test.ts runs a third, 2-5-3 relu, in float32 on the CPU.)
    ['3-4-4-2 tanh/sigmoid, batch 6', randomNetwork({ dims: [3, 4, 4, 2], batch: 6, seed: 12, activation: ['tanh', 'sigmoid'] })],
  ];
  for (const [label, { network, batch }] of networks) {
    test(label, async () => {
      if (!gpu) return;
      const engine = gpu.engine;
      const broken = async (bug: BugName) => (await engine.run(network, batch, { path: 'per-op', bug })).grads;
      expect(await expectBugsStayMismatches(network, batch, broken), 'the bugs change gradients here').toBeGreaterThan(0);
    });
  }
});

describe("--cmp's f32-input on the kernels (flip.json: W1[0][0] = 1.00000003 is 1 in float32, z1[0] is 0, the ReLU gate closes)", () => {
  test('the six tensors the flipped gate changes are f32-input, the rest approx: the run passes', async () => {
    if (!gpu) return;
    const { network, batch } = fixture('flip.json');
    const cpu = float64Pass(network, batch);
    const record = await gpu.engine.run(network, batch, { path: 'per-op', intermediates: true });
    expect(compareAgrees(compareRecords(cpu, record))).toBe(false);
    const rows = compareRecords(cpu, record, float32Passes(network, batch));
    expect(rows.map((r) => [r.name, tensorVerdict(r) === 'f32-input' ? 'f32-input' : r.approx ? 'approx' : 'no'])).toEqual(
      [['z1', 'f32-input'], ['a1', 'f32-input'], ['z2', 'approx'], ['p', 'approx'], ['L', 'approx'], ['dz2', 'approx'], ['dW2', 'f32-input'], ['db2', 'approx'], ['da1', 'approx'], ['dz1', 'f32-input'], ['dW1', 'f32-input'], ['db1', 'f32-input']],
    );
    expect(compareAgrees(rows)).toBe(true);
  });

  // The bug in the kernels (the BUG override): f32-input takes in none of its changes.
  const caught: [string, { network: Network; batch: Batch }, BugName[]][] = [
    ['flip.json', fixture('flip.json'), ['w-not-transposed', 'p-not-p-minus-t']],
    ['the lesson', { network: lessonNetwork(), batch: lessonBatch() }, ['relu-mask-forgotten', 'w-not-transposed', 'p-not-p-minus-t']],
  ];
  for (const [label, { network, batch }, bugs] of caught) {
    test(`a bug in the kernels, ${label}: ${bugs.join(', ')} caught, each changed tensor a mismatch`, async () => {
      if (!gpu) return;
      const engine = gpu.engine;
      expect(await cmpBugsCaught(network, batch, (bug) => engine.run(network, batch, { path: 'per-op', bug, intermediates: true }))).toEqual(bugs);
    });
  }
});

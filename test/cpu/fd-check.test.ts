/**
 * The finite-difference verdicts must not call a correct gradient wrong (kinks, steps below
 * resolution) and must still catch a wrong one (sampled parameters and the random direction).
 */
import { describe, expect, test } from 'vitest';
import { lessonNetwork } from '../../src/network/lesson.js';
import { batchOf, cloneNetwork, type Network } from '../../src/network/network.js';
import { parameterRefs } from '../../src/network/parameters.js';
import { allAgree, gradientRows } from '../../src/print/gradient-table.js';
import { checkGradients, checkStep, SAMPLE_PER_TENSOR } from '../../src/reference/fd-check.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import { ACTIVATION_NAMES } from '../../src/ops/activations.js';
import { randomNetwork, rng } from '../support/random-network.js';

const H = 1e-5;
const check = (network: Network, batch: Parameters<typeof float64Pass>[1], opts: { mode?: 'auto' | 'all'; budget?: number; record?: PassRecord } = {}) => {
  const record = opts.record ?? float64Pass(network, batch);
  return { record, fd: checkGradients(network, batch, record, { h: H, ...opts }) };
};
const statusOf = (fd: ReturnType<typeof checkGradients>, name: string) => fd.rows.find((r) => r?.ref.name === name)?.status;

describe('ReLU kinks', () => {
  test('a 100 000-example random batch of the lesson network: kinks, not mismatches', () => {
    const next = rng(5);
    const inputs = Array.from({ length: 100_000 }, () => [next() * 4 - 2, next() * 4 - 2]);
    const batch = batchOf(inputs, inputs.map(() => Math.floor(next() * 2)), 2);
    const network = lessonNetwork();
    const { record, fd } = check(network, batch);
    const rows = gradientRows(network, record.grads, fd);
    expect(rows.filter((r) => !r.match).map((r) => r.name)).toEqual([]);
    expect(allAgree(rows, fd)).toBe(true);
    const kinks = fd.rows.filter((r) => r?.status === 'kink');
    expect(kinks.length).toBeGreaterThan(0);
    for (const row of kinks) {
      expect(row!.kinkExamples).toBeGreaterThan(0);
      expect(row!.oneSided?.matches).toBe(true);
    }
  });

  test('a hand-made z = 0 (relu\'(0) = 0): the bias row is a kink, judged by the backward difference', () => {
    const network = lessonNetwork();
    network.layers[0].b[1] = -(0.3 * 0.5 + 0.4 * 0.8); // z1[1] = 0 exactly for input [0.5, 0.8]
    const batch = batchOf([[0.5, 0.8]], [0], 2);
    const { record, fd } = check(network, batch);
    expect(record.layers![0].z[1]).toBe(0);
    const row = fd.rows.find((r) => r?.ref.name === 'b1[1]')!;
    expect(row.status).toBe('kink');
    expect(row.kinkExamples).toBe(1);
    expect(row.oneSided).toMatchObject({ side: 'backward', matches: true });
    expect(allAgree(gradientRows(network, record.grads, fd), fd)).toBe(true);
  });

  test('a wrong gradient at a kink is still caught by the one-sided check', () => {
    const network = lessonNetwork();
    network.layers[0].b[1] = -(0.3 * 0.5 + 0.4 * 0.8);
    const batch = batchOf([[0.5, 0.8]], [0], 2);
    const record = float64Pass(network, batch);
    const wrong = { ...record, grads: { dW: record.grads.dW, db: record.grads.db.map((b) => b.slice()) } };
    wrong.grads.db[0][1] = 0.05;
    const { fd } = check(network, batch, { record: wrong });
    expect(allAgree(gradientRows(network, wrong.grads, fd), fd)).toBe(false);
  });
});

test('smooth activations have no kink: z = 0 under sigmoid and tanh is an ordinary matching row', () => {
  for (const activation of ['sigmoid', 'tanh'] as const) {
    const lesson = lessonNetwork();
    const network: Network = { layers: lesson.layers.map((l, i) => (i === 0 ? { ...l, activation } : l)) };
    network.layers[0].b[1] = -(0.3 * 0.5 + 0.4 * 0.8); // z1[1] = 0 exactly for input [0.5, 0.8]
    const batch = batchOf([[0.5, 0.8]], [0], 2);
    const { record, fd } = check(network, batch);
    expect(record.layers![0].z[1]).toBe(0);
    expect(statusOf(fd, 'b1[1]')).toBe('match');
    expect(fd.rows.filter((r) => r?.status === 'kink')).toEqual([]);
  }
});

describe('steps the loss or the parameter cannot resolve', () => {
  test('logits of 1e8: rows are unresolvable (with the reason), not mismatches', () => {
    const network = lessonNetwork();
    network.layers[1].W.forEach((w, i) => (network.layers[1].W[i] = w * 1e9));
    const batch = batchOf([[0.5, 0.8]], [1], 2);
    const { record, fd } = check(network, batch);
    expect(Math.max(...record.layers![1].z.map(Math.abs))).toBeGreaterThan(1e7);
    const rows = gradientRows(network, record.grads, fd);
    expect(rows.filter((r) => !r.match)).toEqual([]);
    const unresolved = fd.rows.filter((r) => r?.status === 'unresolvable');
    expect(unresolved.length).toBeGreaterThan(0);
    expect(unresolved[0]!.reason).toMatch(/round-off/);
  });

  test('a weight of 3e38: the step scales with it (h * |theta|) instead of rounding away', () => {
    const network = lessonNetwork();
    network.layers[0].W[0] = 3e38; // unit 0 of layer 1 sees x[0] = 0.5 → z ~ 1.5e38, dead if negative…
    network.layers[0].W[0] = -3e38; // …so make it dead: the gradient is exactly 0 and the check can tell
    const batch = batchOf([[0.5, 0.8]], [0], 2);
    const { record, fd } = check(network, batch);
    const row = fd.rows.find((r) => r?.ref.name === 'W1[0][0]')!;
    expect(row.step).toBeCloseTo(3e33, -30);
    expect(row.estimate).toBe(0);
    expect(row.status).toBe('match');
    expect(allAgree(gradientRows(network, record.grads, fd), fd)).toBe(true);
  });

  test('an --h no parameter can use is refused, naming the rule', () => {
    const network = lessonNetwork();
    expect(() => checkStep(network, 1e-300)).toThrow(/--h 1e-300 is below float64's resolution/);
    expect(() => checkStep(network, 1e308)).toThrow(/--h 1e\+308 is too large: 2h is not finite/);
    expect(() => checkStep(network, 1e-5)).not.toThrow();
  });

  test('a correct gradient with inputs of 100 (large truncation term) still matches', () => {
    const { network } = randomNetwork({ dims: [3, 5, 3], batch: 1, seed: 21 });
    const batch = batchOf([[100, -80, 60], [-50, 90, 70]], [0, 2], 3);
    const { record, fd } = check(network, batch);
    const rows = gradientRows(network, record.grads, fd);
    expect(rows.filter((r) => !r.match).map((r) => `${r.name} ${r.fdRow?.status}`)).toEqual([]);
  });
});

describe('the tolerance still catches a wrong gradient', () => {
  test('one wrong entry is a mismatch', () => {
    const { network, batch } = randomNetwork({ dims: [4, 6, 3], batch: 5, seed: 22 });
    const record = float64Pass(network, batch);
    const refs = parameterRefs(network);
    for (const k of [0, 10, refs.length - 1]) {
      const grads = { dW: record.grads.dW.map((g) => g.slice()), db: record.grads.db.map((g) => g.slice()) };
      const ref = refs[k];
      (ref.kind === 'W' ? grads.dW : grads.db)[ref.layer][ref.index] *= 1.001;
      (ref.kind === 'W' ? grads.dW : grads.db)[ref.layer][ref.index] += 1e-7;
      const fd = checkGradients(network, batch, { ...record, grads }, { h: H });
      expect(statusOf(fd, ref.name), ref.name).toBe('mismatch');
    }
  });
});

describe('sampling for large networks', () => {
  const { network, batch } = randomNetwork({ dims: [40, 50, 4], batch: 3, seed: 23 });

  test('past the budget, a seeded sample of each tensor plus a random direction; --fd all checks all', () => {
    const sampled = check(network, batch, { budget: 0 }).fd;
    expect(sampled.sample).toEqual({ mode: 'sample', seed: 1, perTensor: SAMPLE_PER_TENSOR });
    expect(sampled.checked).toBe(32 + 32 + 32 + 4);
    expect(sampled.rows.filter((r) => r !== null).length).toBe(sampled.checked);
    expect(sampled.direction?.status).toBe('match');
    expect(check(network, batch, { budget: 0 }).fd.rows.map((r) => r?.ref.name)).toEqual(sampled.rows.map((r) => r?.ref.name)); // seeded
    const all = check(network, batch, { budget: 0, mode: 'all' }).fd;
    expect(all.checked).toBe(all.total);
    expect(all.direction).toBeNull();
  });

  test('a wrong gradient outside the sample is caught by the random direction', () => {
    const record = float64Pass(network, batch);
    const fd0 = checkGradients(network, batch, record, { h: H, budget: 0 });
    const unsampled = fd0.rows.findIndex((r, i) => r === null && parameterRefs(network)[i].kind === 'W');
    const ref = parameterRefs(network)[unsampled];
    const grads = { dW: record.grads.dW.map((g) => g.slice()), db: record.grads.db.map((g) => g.slice()) };
    grads.dW[ref.layer][ref.index] += 0.05;
    const fd = checkGradients(network, batch, { ...record, grads }, { h: H, budget: 0 });
    expect(fd.rows[unsampled]).toBeNull();
    expect(fd.direction?.status).toBe('mismatch');
    expect(allAgree(gradientRows(network, grads, fd), fd)).toBe(false);
  });
});

test('the check leaves the network untouched', () => {
  const { network, batch } = randomNetwork({ dims: [3, 4, 2], batch: 2, seed: 10 });
  const before = cloneNetwork(network);
  check(network, batch, { budget: 0 });
  expect(network).toEqual(before);
});

test('no false alarm on 400 random networks: every hidden activation, depths 2-4, widths 1-8, batches 1-50, saturated softmax, large inputs, h from 1e-7 to 1e-2', () => {
  const next = rng(999);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const alarms: string[] = [];
  for (let t = 0; t < 400; t++) {
    const dims = Array.from({ length: 3 + Math.floor(next() * 3) }, () => 1 + Math.floor(next() * 8));
    const size = 1 + Math.floor(next() * 50);
    const activation = dims.slice(2).map(() => pick(ACTIVATION_NAMES));
    const { network, batch } = randomNetwork({ dims, batch: size, seed: t, logitScale: pick([1, 1, 10, 100, 1e4]), activation });
    const inputScale = pick([1, 1, 10, 100, 0.001]);
    batch.inputs.forEach((x, i) => (batch.inputs[i] = x * inputScale));
    const h = pick([1e-5, 1e-5, 1e-3, 1e-7, 1e-2]);
    const record = float64Pass(network, batch);
    const fd = checkGradients(network, batch, record, { h });
    for (const row of fd.rows) if (row && !row.ok) alarms.push(`network ${t} (${dims.join('-')}, h ${h}): ${row.ref.name} ${row.status}`);
  }
  expect(alarms).toEqual([]);
});

test('a wrong gradient of 0 where the loss is large is a mismatch, not "unresolvable"', () => {
  const network = lessonNetwork();
  network.layers[1].W.forEach((w, i) => (network.layers[1].W[i] = w * 1e4)); // logits ~1e3: round-off R ~ 4e-7
  const batch = batchOf([[0.5, 0.8]], [0], 2);
  const record = float64Pass(network, batch);
  const grads = { dW: record.grads.dW.map((g) => g.slice()), db: record.grads.db.map((g) => g.slice()) };
  expect(Math.abs(grads.db[1][0])).toBeGreaterThan(0.5);
  grads.db[1][0] = 0;
  const fd = checkGradients(network, batch, { ...record, grads }, { h: H });
  expect(statusOf(fd, 'b2[0]')).toBe('mismatch');
});

/**
 * The op table (src/ops/): every activation's forward rule and local derivative, checked against
 * each other (a central difference of the forward rule), at the edges (relu'(0), saturation, huge
 * |z|), and through every CPU path that takes its rules from the table: the float64 pass's record,
 * the trace's wording and the benchmark's loops.
 */
import { describe, expect, test } from 'vitest';
import { float32LoopGradients, float64LoopGradients } from '../../bench/impls/cpu-loops.js';
import { activationRule } from '../../src/network/network.js';
import { ACTIVATION_NAMES, ACTIVATIONS, BLOCKED_BELOW, isActivationName, isBlocked, type ActivationName } from '../../src/ops/activations.js';
import { renderTrace, traceSections } from '../../src/print/trace.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { randomNetwork } from '../support/random-network.js';

const SAMPLES = [-6, -3.2, -1, -0.37, -0.01, 0.02, 0.5, 1.7, 4, 6.5];

describe('each activation in the table', () => {
  test('the table has exactly relu, sigmoid and tanh, each under its own name', () => {
    expect([...ACTIVATION_NAMES].sort()).toEqual(['relu', 'sigmoid', 'tanh']);
    for (const name of ACTIVATION_NAMES) {
      expect(ACTIVATIONS[name].name).toBe(name);
      expect(isActivationName(name)).toBe(true);
    }
    expect(isActivationName('Relu')).toBe(false);
    expect(isActivationName('toString')).toBe(false);
  });

  for (const name of ACTIVATION_NAMES) {
    test(`${name}: the local derivative is the slope of the forward rule (central difference)`, () => {
      const rule = ACTIVATIONS[name];
      for (const z of SAMPLES) {
        const h = 1e-6;
        const slope = (rule.forward(z + h) - rule.forward(z - h)) / (2 * h);
        expect(Math.abs(rule.derivative(rule.forward(z)) - slope), `${name}'(${z})`).toBeLessThan(1e-8);
      }
    });

    test(`${name}: finite for huge |z|, and the derivative there is blocked`, () => {
      const rule = ACTIVATIONS[name];
      for (const z of [-1e3, -50, 50, 1e3]) {
        const a = rule.forward(z);
        expect(Number.isFinite(a), `${name}(${z})`).toBe(true);
        const d = rule.derivative(a);
        expect(Number.isFinite(d)).toBe(true);
        if (name !== 'relu' || z < 0) expect(isBlocked(d), `${name}'(${z}) = ${d}`).toBe(true);
      }
    });
  }

  test('relu: max(z, 0) with +0 for a dead unit, and relu\'(0) = 0 (the lesson\'s convention)', () => {
    const relu = ACTIVATIONS.relu;
    expect(relu.forward(0.37)).toBe(0.37);
    expect(Object.is(relu.forward(-0.06), 0)).toBe(true);
    expect(Object.is(relu.forward(-0), 0)).toBe(true);
    expect(relu.derivative(relu.forward(0))).toBe(0);
    expect(relu.derivative(relu.forward(1e-300))).toBe(1);
    expect(relu.derivative(relu.forward(-1e-300))).toBe(0);
  });

  test('sigmoid and tanh forward rules: values a newcomer can check by hand', () => {
    expect(ACTIVATIONS.sigmoid.forward(0)).toBe(0.5);
    expect(ACTIVATIONS.sigmoid.forward(Math.log(3))).toBeCloseTo(0.75, 15);
    expect(ACTIVATIONS.sigmoid.forward(-Math.log(3))).toBeCloseTo(0.25, 15);
    expect(ACTIVATIONS.sigmoid.derivative(0.5)).toBe(0.25);
    expect(ACTIVATIONS.tanh.forward(Math.log(2))).toBeCloseTo(0.6, 15);
    expect(ACTIVATIONS.tanh.derivative(0)).toBe(1);
  });

  test('blocked means |local derivative| < 1e-3: sigmoid saturates past |z| ≈ 6.9, tanh past ≈ 4.1', () => {
    expect(BLOCKED_BELOW).toBe(1e-3);
    const blockedAt = (name: ActivationName, z: number) => isBlocked(ACTIVATIONS[name].derivative(ACTIVATIONS[name].forward(z)));
    expect(blockedAt('sigmoid', 6.8)).toBe(false);
    expect(blockedAt('sigmoid', 7)).toBe(true);
    expect(blockedAt('sigmoid', -7)).toBe(true);
    expect(blockedAt('tanh', 4.1)).toBe(false);
    expect(blockedAt('tanh', 4.2)).toBe(true);
    expect(blockedAt('relu', 0.001)).toBe(false);
    expect(blockedAt('relu', -0.001)).toBe(true);
    expect(isBlocked(-0.0011)).toBe(false);
    expect(isBlocked(-0.0009)).toBe(true);
  });
});

describe('the float64 pass takes its rules from the table', () => {
  test('each hidden layer applies its own activation and records its local derivative; the output layer records none', () => {
    const activation: ActivationName[] = ['sigmoid', 'tanh', 'relu'];
    const { network, batch } = randomNetwork({ dims: [3, 4, 5, 4, 2], batch: 6, seed: 21, activation });
    const record = float64Pass(network, batch);
    const layers = record.layers!;
    expect(layers.at(-1)!.local).toBeNull();
    layers.slice(0, -1).forEach((layer, l) => {
      const rule = ACTIVATIONS[activation[l]];
      expect(activationRule(network.layers[l]).name).toBe(activation[l]);
      layer.z.forEach((z, k) => {
        expect(layer.a[k]).toBe(rule.forward(z));
        expect(layer.local![k]).toBe(rule.derivative(layer.a[k]));
        expect(layer.dz[k]).toBe(layer.da![k] * layer.local![k]);
      });
    });
  });
});

describe('the trace words each activation from the table', () => {
  test("sigmoid: step 5 reads dL/dz1[j] = dL/da1[j] * sigmoid'(z1[j]) with σ(1−σ)'s value, and flags a saturated unit", () => {
    const { network, batch } = randomNetwork({ dims: [2, 3, 2], batch: 1, seed: 22, activation: 'sigmoid', bias: [[0, 1, 20]] });
    const record = float64Pass(network, batch);
    const text = renderTrace(traceSections(network, batch, record));
    const hidden = record.layers![0];
    expect(text).toContain('hidden activations  a1 = sigmoid(z1)');
    expect(text).toContain("step 5: dL/dz1[j] = dL/da1[j] * sigmoid'(z1[j])");
    const d0 = hidden.local![0];
    expect(d0).toBeCloseTo(hidden.a[0] * (1 - hidden.a[0]), 15);
    expect(text).toContain(`  dL/dz1[0] = ${fmt(hidden.da![0])} * ${d0.toFixed(6)} = ${fmt(hidden.dz[0])}   [alive]`);
    expect(text).toMatch(/ {2}a1\[1\] = sigmoid\(\+\d+\.\d{6}\) = 1\.000000 {3}\[SATURATED/);
    // A saturated unit's tiny values print in exponent form (print/format.ts: never a non-zero shown as 0).
    expect(text).toMatch(/ {2}dL\/dz1\[1\] = [-+]\d\.\d{6} \* \d\.\d{6}e-\d{2} = [-+]\d\.\d{6}e-\d{2} {3}\[SATURATED: gradient nearly blocked\]/);
    expect(text).not.toContain('relu');
  });

  test("tanh: step 5 names tanh' and prints 1 − tanh² for each unit", () => {
    const { network, batch } = randomNetwork({ dims: [2, 3, 2], batch: 1, seed: 23, activation: 'tanh' });
    const record = float64Pass(network, batch);
    const text = renderTrace(traceSections(network, batch, record));
    const hidden = record.layers![0];
    expect(text).toContain("dL/da1[j] * tanh'(z1[j])");
    for (let j = 0; j < 3; j++) expect(text).toContain(` * ${(1 - hidden.a[j] ** 2).toFixed(6)} = ${fmt(hidden.dz[j])}`);
  });
});

function fmt(x: number): string {
  return (x < 0 || Object.is(x, -0) ? '-' : '+') + Math.abs(x).toFixed(6);
}

describe("the benchmark's CPU loops take their rules from the table", () => {
  for (const activation of [...ACTIVATION_NAMES, ['tanh', 'sigmoid'] as ActivationName[]]) {
    test(`float64 and float32 loops agree with the float64 pass: ${activation}`, () => {
      const { network, batch } = randomNetwork({ dims: [4, 6, 5, 3], batch: 9, seed: 24, activation, bias: [[0, 2, 9]] });
      const reference = float64Pass(network, batch).grads;
      const loop = float64LoopGradients(network, batch);
      const layers32 = network.layers.map((l) => ({ inDim: l.inDim, outDim: l.outDim, W: Float32Array.from(l.W), b: Float32Array.from(l.b), rule: activationRule(l) }));
      const loop32 = float32LoopGradients(layers32, Float32Array.from(batch.inputs), batch.labels, batch.size);
      reference.dW.forEach((dW, l) => {
        dW.forEach((g, k) => {
          expect(Math.abs(loop.dW[l][k] - g)).toBeLessThan(1e-12);
          expect(Math.abs(loop32.dW[l][k] - g)).toBeLessThan(1e-5 + 1e-4 * Math.abs(g));
        });
        reference.db[l].forEach((g, k) => expect(Math.abs(loop.db[l][k] - g)).toBeLessThan(1e-12));
      });
    });
  }
});

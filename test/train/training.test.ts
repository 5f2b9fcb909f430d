/**
 * Training on the CPU: the SGD rule, the data sets, seeded minibatches, the float64 trainer, the
 * checked step (it must catch a wrong gradient and must not call a right one wrong), the loss plot.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetworkFile } from '../../src/network/network-file.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { CpuTrainer } from '../../src/train/cpu-trainer.js';
import { DATASET_NAMES, makeDataset } from '../../src/train/datasets.js';
import { initLimit, initNetwork } from '../../src/train/init.js';
import { lossCurveSvg, lossesNotDrawn } from '../../src/train/loss-plot.js';
import { MinibatchSampler } from '../../src/train/minibatches.js';
import { sgdStep, zeroVelocity } from '../../src/train/sgd.js';
import { checkSummaryLine, checkTrainingStep, NO_CHECKS, nothingJudged, tallyStep } from '../../src/train/step-check.js';
import { GradientDriftError, NonFiniteStepError, runTraining } from '../../src/train/train-loop.js';
import type { Trainer } from '../../src/train/trainer.js';
import type { PassRecord } from '../../src/record/pass-record.js';
import { batchOf, cloneNetwork } from '../../src/network/network.js';

describe('SGD', () => {
  it('plain: w ← w − lr·g', () => {
    const net = initNetwork([2, 2], 'relu', 1);
    const before = cloneNetwork(net);
    const grads = { dW: [Float64Array.from([1, -2, 0.5, 0])], db: [Float64Array.from([0.25, -1])] };
    sgdStep(net, grads, zeroVelocity(net), { lr: 0.1, momentum: 0 });
    net.layers[0].W.forEach((w, k) => expect(w).toBeCloseTo(before.layers[0].W[k] - 0.1 * grads.dW[0][k], 15));
    expect(net.layers[0].b[1]).toBeCloseTo(0.1, 15);
  });

  it('momentum: v ← μv + g, w ← w − lr·v', () => {
    const net = initNetwork([1, 1], 'relu', 1);
    const w0 = net.layers[0].W[0];
    const v = zeroVelocity(net);
    const g = { dW: [Float64Array.from([1])], db: [Float64Array.from([0])] };
    sgdStep(net, g, v, { lr: 0.5, momentum: 0.9 });
    sgdStep(net, g, v, { lr: 0.5, momentum: 0.9 });
    // v1 = 1, v2 = 0.9 + 1 = 1.9; w = w0 − 0.5·(1 + 1.9)
    expect(v.dW[0][0]).toBeCloseTo(1.9, 15);
    expect(net.layers[0].W[0]).toBeCloseTo(w0 - 1.45, 15);
  });
});

describe('data sets', () => {
  it.each(DATASET_NAMES)('%s: shapes, every class present, same seed same data', (name) => {
    const a = makeDataset(name, 3).batch;
    const b = makeDataset(name, 3).batch;
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    expect(a.inputs.length).toBe(a.size * a.inDim);
    expect(a.inputs.every(Number.isFinite)).toBe(true);
    for (let c = 0; c < a.classes; c++) expect(a.labels.includes(c)).toBe(true);
  });

  it('xor is the 4 points of XOR', () => {
    const { batch } = makeDataset('xor', 1);
    expect(Array.from(batch.inputs)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(Array.from(batch.labels)).toEqual([0, 1, 1, 0]);
  });

  it('spirals: 200 points per class, radius up to 5 plus noise, a new seed moves only the noise', () => {
    const a = makeDataset('spirals', 1).batch;
    const b = makeDataset('spirals', 2).batch;
    expect(a.size).toBe(400);
    expect(a.labels.filter((l) => l === 0).length).toBe(200);
    let worst = 0;
    for (let n = 0; n < a.size; n++) {
      expect(Math.hypot(a.inputs[2 * n], a.inputs[2 * n + 1])).toBeLessThan(5 + 0.1 * Math.SQRT2 + 1e-9);
      worst = Math.max(worst, Math.abs(a.inputs[2 * n] - b.inputs[2 * n]));
    }
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(0.2 + 1e-12);
    // The second spiral is the first turned by π: point i of class 1 ≈ −(point i of class 0).
    expect(a.inputs[2 * 300] + a.inputs[2 * 100]).toBeLessThan(0.21);
  });

  it('circles: the inner class inside radius 2.5 + noise, the ring outside 3.5 − noise', () => {
    const { batch } = makeDataset('circles', 4);
    for (let n = 0; n < batch.size; n++) {
      const r = Math.hypot(batch.inputs[2 * n], batch.inputs[2 * n + 1]);
      if (n < 200) expect(r).toBeLessThanOrEqual(2.5);
      else expect(r).toBeGreaterThanOrEqual(3.5);
    }
  });

  it('iris: 150 × 4, 50 per species, standardised features', () => {
    const { batch } = makeDataset('iris', 1);
    expect([batch.size, batch.inDim, batch.classes]).toEqual([150, 4, 3]);
    for (let c = 0; c < 3; c++) expect(batch.labels.filter((l) => l === c).length).toBe(50);
    for (let k = 0; k < 4; k++) {
      let mean = 0;
      for (let n = 0; n < 150; n++) mean += batch.inputs[n * 4 + k] / 150;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
    }
  });

  it('refuses an unknown name', () => {
    expect(() => makeDataset('moons', 1)).toThrow(/unknown data set "moons"/);
  });
});

describe('initialisation and minibatches', () => {
  it('He for relu, Glorot for tanh; biases zero; seeded', () => {
    const relu = initNetwork([2, 16, 2], 'relu', 5);
    const tanh = initNetwork([2, 16, 2], 'tanh', 5);
    expect(Math.max(...relu.layers[0].W.map(Math.abs))).toBeLessThanOrEqual(initLimit('he', 2, 16));
    expect(Math.max(...tanh.layers[0].W.map(Math.abs))).toBeLessThanOrEqual(initLimit('glorot', 2, 16));
    expect(Math.max(...relu.layers[0].W.map(Math.abs))).toBeGreaterThan(initLimit('glorot', 2, 16));
    expect(tanh.layers[0].activation).toBe('tanh');
    expect(tanh.layers[1].activation).toBeUndefined();
    expect(relu.layers[0].b.every((b) => b === 0)).toBe(true);
    expect(Array.from(initNetwork([2, 16, 2], 'relu', 5).layers[1].W)).toEqual(Array.from(relu.layers[1].W));
  });

  it('every minibatch has the asked size, each epoch visits every example once, the seed fixes the order', () => {
    const data = batchOf(Array.from({ length: 10 }, (_, i) => [i]), Array.from({ length: 10 }, (_, i) => i % 2), 2);
    const draw = (seed: number) => {
      const s = new MinibatchSampler(data, 5, seed);
      return Array.from({ length: 4 }, () => Array.from(s.draw().inputs));
    };
    const seen = draw(1);
    seen.forEach((b) => expect(b.length).toBe(5));
    expect([...seen[0], ...seen[1]].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...seen[2], ...seen[3]].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(draw(1)).toEqual(seen);
    expect(draw(2)).not.toEqual(seen);
    expect(new MinibatchSampler(data, null, 1).draw()).toBe(data);
  });
});

describe('the float64 trainer and the loop', () => {
  it('one step applies float64Pass gradients', async () => {
    const { batch } = makeDataset('gaussians', 1);
    const net = initNetwork([2, 5, 2], 'tanh', 1);
    const trainer = new CpuTrainer(net, { lr: 0.2, momentum: 0 });
    const record = await trainer.inspectStep(batch);
    const ref = float64Pass(net, batch);
    const after = await trainer.weights();
    after.layers.forEach((layer, l) => layer.W.forEach((w, k) => expect(w).toBe(net.layers[l].W[k] - 0.2 * ref.grads.dW[l][k])));
    expect(record.loss).toBe(ref.loss);
  });

  it('records the loss every K steps and at the last, and learns XOR with tanh', async () => {
    const { batch } = makeDataset('xor', 1);
    const result = await runTraining(new CpuTrainer(initNetwork([2, 4, 2], 'tanh', 1), { lr: 0.5, momentum: 0 }), batch, { steps: 2000, batchSize: null, seed: 1, every: 300, checkEvery: 700 });
    expect(result.lossSteps).toEqual([0, 300, 600, 900, 1200, 1500, 1800, 1999]);
    expect(result.losses.length).toBe(8);
    expect(result.losses[0]).toBeGreaterThan(result.losses[7]);
    expect(result.final.loss).toBeLessThan(0.05);
    expect(result.accuracy).toBe(1);
    expect(result.checks).toMatchObject({ steps: 3, unjudgedSteps: [] });
  });
});

describe('checked steps', () => {
  const { batch } = makeDataset('circles', 2);
  const weights = initNetwork([2, 6, 2], 'relu', 2);

  it('pass a correct gradient, even with z exactly at the ReLU kink (zero biases, zero inputs)', () => {
    const xor = makeDataset('xor', 1).batch;
    const net = initNetwork([2, 4, 2], 'relu', 2);
    expect(checkTrainingStep(0, net, xor, float64Pass(net, xor), 1).failure).toBeNull();
    expect(checkTrainingStep(0, weights, batch, float64Pass(weights, batch), 1).failure).toBeNull();
  });

  it('name the parameter of a webgpu gradient that drifted past the tolerance', () => {
    const good = float64Pass(weights, batch);
    const dW = good.grads.dW.map((g) => g.slice());
    dW[1][3] += 1e-3;
    const drifted: PassRecord = { ...good, backend: 'webgpu', grads: { dW, db: good.grads.db } };
    expect(checkTrainingStep(7, weights, batch, drifted, 1)).toMatchObject({ kind: 'drift', failure: expect.stringMatching(/^step 7: webgpu gradient of W2\[0\]\[3\] /) });
    const close: PassRecord = { ...good, backend: 'webgpu', grads: { dW: good.grads.dW.map((g) => g.map((v) => v * (1 + 1e-6))), db: good.grads.db } };
    expect(checkTrainingStep(7, weights, batch, close, 1).failure).toBeNull();
  });

  it('name a float64 gradient that finite differences disagree with', () => {
    const good = float64Pass(weights, batch);
    const db = good.grads.db.map((g) => g.slice());
    db[1][0] += 1e-4;
    const wrong: PassRecord = { ...good, grads: { dW: good.grads.dW, db } };
    expect(checkTrainingStep(3, weights, batch, wrong, 1)).toMatchObject({ kind: 'drift', failure: expect.stringMatching(/^step 3: finite-difference gradient of b2\[0\] /) });
  });
});

describe('checked steps that could not judge anything do not pass (fail closed, as the main command\'s NOTHING CHECKED)', () => {
  // W1[0][0] = 1e20 and an input of 1e20: a 1e40 logit, a saturated loss, every finite-difference row n/a.
  const big = parseNetworkFile(JSON.stringify({ W1: [[1e20, -0.2], [0.3, 0.4], [-0.2, 0.5]], b1: [0.05, -0.1, 0.2], W2: [[0.2, -0.3, 0.1], [-0.1, 0.4, 0.2]], b2: [0.1, -0.05], input: [1e20, 0.8], target: 0 }));

  it('a step counts the rows it judged; on the CPU float64 is the pass itself, so only finite differences judge', () => {
    const check = checkTrainingStep(0, big.network, big.batch, float64Pass(big.network, big.batch), 1);
    expect(check).toEqual({ checked: { f64: 0, fd: 17, fdJudged: 0 }, failure: null, kind: null });
    const { batch } = makeDataset('circles', 2);
    const weights = initNetwork([2, 6, 2], 'relu', 2);
    expect(checkTrainingStep(0, weights, batch, float64Pass(weights, batch), 1).checked).toEqual({ f64: 0, fd: 32, fdJudged: 32 });
    expect(checkTrainingStep(0, weights, batch, { ...float64Pass(weights, batch), backend: 'webgpu' }, 1).checked).toEqual({ f64: 32, fd: 32, fdJudged: 32 });
  });

  it('a run whose checked steps judged nothing is NOTHING CHECKED; one that judged some says which steps did not', async () => {
    const result = await runTraining(new CpuTrainer(big.network, { lr: 0.1, momentum: 0 }), big.batch, { steps: 3, batchSize: null, seed: 1, every: 1, checkEvery: 1 });
    expect(result.checks).toEqual({ steps: 3, unjudgedSteps: [0, 1, 2], f64: 0, fd: 51, fdJudged: 0 });
    expect(nothingJudged(result.checks)).toBe(true);
    expect(checkSummaryLine(result.checks)).toBe('NOTHING CHECKED: none of the gradients of the 3 steps checked could be judged (finite differences: 51 rows, all n/a): no drift found, and no agreement shown either');
    const mixed = tallyStep(tallyStep(NO_CHECKS, 0, { f64: 0, fd: 17, fdJudged: 15 }), 5, { f64: 0, fd: 17, fdJudged: 0 });
    expect(nothingJudged(mixed)).toBe(false);
    expect(checkSummaryLine(mixed)).toBe('checked the gradients of 2 steps against finite differences: all within tolerance (15 of 34 finite-difference rows judged, 19 n/a: could not be judged); nothing could be judged at step 5');
    expect(checkSummaryLine(NO_CHECKS)).toBeNull();
    expect(nothingJudged(NO_CHECKS)).toBe(false);
  });
});

describe('checked steps: values that are not finite are named as such, not as drift', () => {
  const { batch } = makeDataset('circles', 2);
  const weights = initNetwork([2, 6, 2], 'relu', 2);
  const fixture = (name: string) => parseNetworkFile(readFileSync(new URL(`../fixtures/float32/${name}`, import.meta.url), 'utf8'));
  const nan = (record: PassRecord): PassRecord => ({ ...record, backend: 'webgpu', loss: NaN, grads: { dW: record.grads.dW.map((g) => g.map(() => NaN)), db: record.grads.db.map((g) => g.map(() => NaN)) } });

  it('weights that are no longer finite: the run diverged (either backend)', () => {
    const diverged = cloneNetwork(weights);
    diverged.layers[1].b[1] = Infinity;
    const record = float64Pass(diverged, batch, null, { scanWeights: false });
    for (const pass of [record, { ...record, backend: 'webgpu' } as PassRecord]) {
      expect(checkTrainingStep(4, diverged, batch, pass, 1)).toEqual({ checked: { f64: 0, fd: 0, fdJudged: 0 }, kind: 'non-finite', failure: 'training diverged by step 4: the weights are no longer finite (b2[1] is Infinity); try a smaller --lr' });
    }
  });

  it('float32 overflow on the GPU where float64 stays finite: the step and the float64 value past float32\'s range', () => {
    const { network, batch: one } = fixture('ovf32.json');
    const f64 = float64Pass(network, one);
    expect(Number.isFinite(f64.loss)).toBe(true);
    expect(checkTrainingStep(9, network, one, nan(f64), 1)).toMatchObject({
      kind: 'non-finite',
      failure: `step 9: float32 overflow on the GPU, not drift: the webgpu loss is NaN where float64 gives ${f64.loss.toExponential(6)}; float64 reaches z1[example 0][0] = 1.000e+40, past float32's largest finite value 3.403e+38`,
    });
    // One infinite gradient, no float64 value past float32's range: still not drift.
    const good = float64Pass(weights, batch);
    const dW = good.grads.dW.map((g) => g.slice());
    dW[1][3] = -Infinity;
    expect(checkTrainingStep(2, weights, batch, { ...good, backend: 'webgpu', grads: { dW, db: good.grads.db } }, 1)).toMatchObject({
      kind: 'non-finite',
      failure: expect.stringMatching(/^step 2: float32 overflow on the GPU, not drift: the webgpu gradient of W2\[0\]\[3\] is -Infinity where float64 gives \S+; the float64 pass is finite at the same weights$/),
    });
  });

  it('float64 not finite at finite weights: named as the float64 pass\'s, with or without a finite webgpu pass', () => {
    const { network, batch: one } = fixture('ovf.json');
    const f64 = float64Pass(network, one);
    expect(Number.isFinite(f64.loss)).toBe(false);
    const finite: PassRecord = { ...f64, backend: 'webgpu', loss: 0.5, grads: { dW: f64.grads.dW.map((g) => g.map(() => 0)), db: f64.grads.db.map((g) => g.map(() => 0)) } };
    expect(checkTrainingStep(1, network, one, finite, 1)).toMatchObject({ kind: 'non-finite', failure: `step 1: the float64 loss is ${f64.loss} where webgpu gives 5.000000e-1: float64 overflows at these (finite) weights, not drift` });
    expect(checkTrainingStep(1, network, one, f64, 1)).toMatchObject({ kind: 'non-finite', failure: `step 1: the pass is not finite at finite weights: the float64 loss is ${f64.loss}; try a smaller --lr` });
    expect(checkTrainingStep(1, network, one, nan(f64), 1).failure).toBe(`step 1: the pass is not finite at finite weights: the float64 loss is ${f64.loss} (webgpu's loss: NaN); try a smaller --lr`);
  });
});

/** A CPU trainer that reports as WebGPU, each checked step's pass changed by `alter` (given how many came before). */
function posingAsWebGpu(alter: (record: PassRecord, inspected: number) => PassRecord): Trainer {
  const inner = new CpuTrainer(initNetwork([2, 3, 2], 'tanh', 1), { lr: 0.1, momentum: 0 });
  let inspected = 0;
  return {
    backend: 'webgpu',
    step: (b, record) => inner.step(b, record),
    inspectStep: async (b) => alter({ ...(await inner.inspectStep(b)), backend: 'webgpu' }, inspected++),
    takeLosses: () => inner.takeLosses(),
    weights: () => inner.weights(),
    evaluate: (b) => inner.evaluate(b),
    dispose: () => inner.dispose(),
  };
}

it('a checked step whose gradients drifted stops the loop with the step and the parameter named', async () => {
  const { batch } = makeDataset('gaussians', 1);
  // From the third checked step (step 20) on, one gradient is off by 1e-3.
  const drifting = posingAsWebGpu((record, inspected) => {
    if (inspected < 2) return record;
    const db = record.grads.db.map((g) => g.slice());
    db[0][2] += 1e-3;
    return { ...record, grads: { dW: record.grads.dW, db } };
  });
  const config = { steps: 100, batchSize: null, seed: 1, every: 10, checkEvery: 10 };
  await expect(runTraining(drifting, batch, config)).rejects.toThrow(/^step 20: webgpu gradient of b1\[2\] /);
  await expect(runTraining(drifting, batch, config)).rejects.toThrow(GradientDriftError);
  await expect(runTraining(drifting, batch, config)).rejects.not.toThrow(NonFiniteStepError);
});

it('a checked step whose webgpu pass overflowed stops the loop with NonFiniteStepError, not GradientDriftError', async () => {
  const { batch } = makeDataset('gaussians', 1);
  const overflowing = posingAsWebGpu((record) => ({ ...record, loss: Infinity }));
  const config = { steps: 20, batchSize: null, seed: 1, every: 10, checkEvery: 10 };
  await expect(runTraining(overflowing, batch, config)).rejects.toThrow(NonFiniteStepError);
  await expect(runTraining(overflowing, batch, config)).rejects.toThrow(/^step 0: float32 overflow on the GPU, not drift: the webgpu loss is Infinity /);
});

describe('step timing leaves the checks out', () => {
  // A fake clock that only the trainer and the check move, queued as a GPU queues: a step takes 1 ms,
  // spent when the trainer next waits for the GPU (takeLosses, weights, inspectStep); reading the
  // weights back takes 1 s and the check itself 10 s. Check time in the step times, or queued step
  // time in the checks', shows at once.
  async function timedRun(hooks: { progress?: number[] }) {
    let clock = 0;
    let queued = 0;
    const sync = () => ((clock += queued), (queued = 0));
    const inner = new CpuTrainer(initNetwork([2, 3, 2], 'tanh', 1), { lr: 0.1, momentum: 0 });
    const trainer: Trainer = {
      backend: 'cpu',
      step: async (b, record) => ((queued += 1), inner.step(b, record)),
      inspectStep: async (b) => (sync(), (clock += 1), inner.inspectStep(b)),
      takeLosses: async () => (sync(), inner.takeLosses()),
      weights: async () => (sync(), (clock += 1000), inner.weights()),
      evaluate: (b) => inner.evaluate(b),
      dispose: () => inner.dispose(),
    };
    let checked = 0;
    const checkStep: typeof checkTrainingStep = (...args) => ((clock += 10_000), checked++, checkTrainingStep(...args));
    const { batch } = makeDataset('xor', 1);
    const progress = hooks.progress;
    const result = await runTraining(trainer, batch, { steps: 11, batchSize: null, seed: 1, every: 5, checkEvery: 5 }, {
      now: () => clock,
      checkStep,
      ...(progress ? { progressMs: 0, onProgress: (p: { stepsPerSecond: number }) => void progress.push(p.stepsPerSecond) } : {}),
    });
    return { result, checked };
  }

  it('steps/s, the first step and stepsMs measure the steps; checksMs the checks', async () => {
    const { result, checked } = await timedRun({});
    expect(checked).toBe(3); // steps 0, 5 and 10
    expect(result.checks.steps).toBe(3);
    expect(result.firstStepMs).toBe(1);
    // The steps queued before a check (1-4, 6-9) are step time, though the GPU finishes them only then.
    expect(result.stepsMs).toBe(11);
    expect(result.stepsPerSecond).toBe(1000);
    expect(result.checksMs).toBe(3 * 11_000);
  });

  it('the progress bar\'s steps/s too', async () => {
    const progress: number[] = [];
    await timedRun({ progress });
    expect(progress.length).toBeGreaterThan(5);
    // The first redraw (after step 1) has no time after the first step to divide by.
    for (const rate of progress.slice(1)) expect(rate).toBeCloseTo(1000, 9);
  });
});

it('the loss plot is an SVG with one curve on a log axis', () => {
  const svg = lossCurveSvg([0, 10, 20], [0.7, 0.1, 0.001], 'xor <test>');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('xor &lt;test&gt;');
  expect(svg.match(/<path d="M[^"]+"/g)).toHaveLength(1);
  expect(svg).toContain('>1e-3<');
});

it('the loss plot names every loss it cannot draw (0 on a log axis, NaN, Infinity) instead of dropping it unsaid', () => {
  // A perfect fit: every loss 0. Before, an SVG with no curve and no word why.
  const zeros = lossCurveSvg([0, 1, 2], [0, 0, 0], 'fit');
  expect(zeros).not.toContain('<path');
  expect(zeros).toContain('not drawn: 3 of 0, no place on a log axis (at steps 0, 1, 2)');
  const mixed = lossCurveSvg([0, 10, 20, 30, 40], [0.7, Infinity, 0.1, NaN, 0], 't');
  expect(lossesNotDrawn([0, 10, 20, 30, 40], [0.7, Infinity, 0.1, NaN, 0])).toBe('2 not finite (Infinity or NaN at steps 10, 30); 1 of 0, no place on a log axis (at step 40)');
  expect(mixed).toContain('>not drawn: 2 not finite (Infinity or NaN at steps 10, 30); 1 of 0');
  expect(mixed).not.toMatch(/NaN"|Infinity"|"-?Infinity|"NaN/); // no coordinate is NaN or infinite
  // The x axis still runs to the last recorded step (40), though its loss is not drawn.
  expect(mixed).toMatch(/>40<\/text>/);
  expect(lossesNotDrawn([0, 1], [0.5, 0.25])).toBeNull();
  expect(lossCurveSvg([0, 1], [0.5, 0.25], 't')).not.toContain('not drawn');
});

it('the loss plot labels every k-th decade when a decade is narrower than a label (a diverging run spans hundreds)', () => {
  const svg = lossCurveSvg([0, 1, 2], [0.5, 1e305, 3e307], 'diverging');
  const labels = [...svg.matchAll(/<text x="62" y="([\d.]+)" text-anchor="end">([^<]+)<\/text>/g)].map((m) => [Number(m[1]), m[2]] as const);
  expect(labels.length).toBeGreaterThan(5);
  expect(labels.length).toBeLessThanOrEqual(21); // 320 px of plot / 16 px a label, and one more
  for (let k = 1; k < labels.length; k++) expect(labels[k - 1][0] - labels[k][0]).toBeGreaterThanOrEqual(16);
  expect(labels.every(([, text]) => /^(1|10|1e\+\d+|0\.1)$/.test(text))).toBe(true);
  // A small range keeps every decade.
  const small = lossCurveSvg([0, 10, 20], [0.7, 0.1, 0.001], 't');
  expect([...small.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1])).toEqual(['1e-3', '0.01', '0.1', '1']);
});

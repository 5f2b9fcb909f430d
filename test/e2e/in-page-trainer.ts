/**
 * Bundled by a test (bundleForPage) and run on a page's main thread: the float64 trainer in this
 * process, in the browser itself — the page's worker must match it bit for bit. (Node's V8 is no
 * reference for that: its Math.sin, cos, exp and log differ from Chromium's in the last bit for a
 * few per cent of arguments, so the same code drifts apart over hundreds of steps.)
 */
import type { ActivationName } from '../../src/ops/activations.js';
import { boundaryProbabilities } from '../../src/page/boundary.js';
import { CpuTrainer } from '../../src/train/cpu-trainer.js';
import { makeDataset, type DatasetName } from '../../src/train/datasets.js';
import { initNetwork } from '../../src/train/init.js';

export interface InPageRun {
  /** Per layer, W and b after the steps. */
  readonly layers: { W: number[]; b: number[] }[];
  /** The loss of step 0 and of the last step (each before its update). */
  readonly firstLoss: number;
  readonly lastLoss: number;
  /** The decision boundary's probabilities (boundaryProbabilities) after each of `boundaryAt`'s steps, in its order. */
  readonly boundaries: number[][];
}

/**
 * The Train panel's run: data set and initial weights drawn with seed 1, full-batch SGD without
 * momentum; the boundary computed here, on the main thread, after each step count in `boundaryAt`.
 */
async function trainInPage(data: DatasetName, hidden: number[], activation: ActivationName, lr: number, steps: number, boundaryAt: number[] = []): Promise<InPageRun> {
  const batch = makeDataset(data, 1).batch;
  const trainer = new CpuTrainer(initNetwork([batch.inDim, ...hidden, batch.classes], activation, 1), { lr, momentum: 0 });
  const losses: number[] = [];
  const boundaries = new Map<number, number[]>();
  const boundaryAfter = async (s: number) => {
    if (boundaryAt.includes(s)) boundaries.set(s, Array.from(boundaryProbabilities(await trainer.weights(), batch) ?? []));
  };
  await boundaryAfter(0);
  for (let s = 0; s < steps; s++) {
    losses.push((await trainer.inspectStep(batch)).loss);
    await boundaryAfter(s + 1);
  }
  const trained = await trainer.weights();
  return {
    layers: trained.layers.map((l) => ({ W: Array.from(l.W), b: Array.from(l.b) })),
    firstLoss: losses[0],
    lastLoss: losses.at(-1)!,
    boundaries: boundaryAt.map((s) => boundaries.get(s) ?? []),
  };
}

(globalThis as unknown as { trainInPage: typeof trainInPage }).trainInPage = trainInPage;

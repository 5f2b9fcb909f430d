/**
 * What gets measured: the networks, their batch sizes, and the deterministic data each worker
 * regenerates from a seed (so no process ships 400 MB of inputs to another).
 */
import { lessonNetwork } from '../src/network/lesson.js';
import type { Batch, Layer, Network } from '../src/network/network.js';
import { rng } from '../src/util/seeded-random.js';

export { rng };

export interface NetworkPlan {
  /** Layer widths, input first. */
  readonly dims: readonly number[];
  readonly batches: readonly number[];
}

export interface Plan {
  readonly networks: readonly NetworkPlan[];
  readonly runs: number;
  readonly warmup: number;
  /** Seconds one (implementation, network, batch) cell may take, warm-up included. */
  readonly budgetS: number;
  /** Directory holding the float64 reference gradients, one file per (network, batch). */
  readonly refDir: string;
  readonly seed: number;
}

export const DEFAULT_NETWORKS: readonly NetworkPlan[] = [
  { dims: [2, 3, 2], batches: [1, 16, 256, 4096, 65536, 2 ** 20] },
  { dims: [784, 128, 10], batches: [1, 16, 256, 1024, 8192, 65536] },
];

export const QUICK_NETWORKS: readonly NetworkPlan[] = [
  { dims: [2, 3, 2], batches: [16, 256, 16384] },
  { dims: [784, 128, 10], batches: [1, 16, 128] },
];

/** Batches for `--dims` networks the defaults do not name. */
export const GENERIC_BATCHES: readonly number[] = [1, 16, 256, 4096, 65536];

export function networkName(dims: readonly number[]): string {
  return dims.join('-');
}

/** Bytes of one batch as a float32 GPU path holds it: inputs (f32) + labels (u32). */
export function batchBytes(dims: readonly number[], n: number): number {
  return n * (dims[0] + 1) * 4;
}


/** The lesson's weights for 2-3-2; He-style uniform weights for any other shape. */
export function makeNetwork(dims: readonly number[], seed: number): Network {
  if (dims.length === 3 && dims[0] === 2 && dims[1] === 3 && dims[2] === 2) return lessonNetwork();
  const rand = rng(seed ^ 0x9e3779b9);
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const inDim = dims[l];
    const outDim = dims[l + 1];
    const scale = Math.sqrt(6 / inDim);
    const W = new Float64Array(outDim * inDim);
    for (let i = 0; i < W.length; i++) W[i] = (rand() * 2 - 1) * scale;
    const b = new Float64Array(outDim);
    for (let i = 0; i < outDim; i++) b[i] = (rand() * 2 - 1) * 0.1;
    layers.push({ inDim, outDim, W, b });
  }
  return { layers };
}

/**
 * The largest batch of a network; smaller batches are prefixes of it (`prefixBatch`).
 * Inputs are uniform in [−1, 1] (2-wide) or [0, 1] (wide, pixel-like); labels uniform over classes.
 */
export function makeBatch(dims: readonly number[], n: number, seed: number): Batch {
  const inDim = dims[0];
  const classes = dims[dims.length - 1];
  const rand = rng(seed);
  const inputs = new Float64Array(n * inDim);
  const lo = inDim <= 16 ? -1 : 0;
  const span = inDim <= 16 ? 2 : 1;
  for (let i = 0; i < inputs.length; i++) inputs[i] = lo + rand() * span;
  const labels = new Uint32Array(n);
  for (let i = 0; i < n; i++) labels[i] = Math.floor(rand() * classes) % classes;
  return { size: n, inDim, classes, inputs, labels };
}

export function prefixBatch(batch: Batch, n: number): Batch {
  if (n === batch.size) return batch;
  return {
    size: n,
    inDim: batch.inDim,
    classes: batch.classes,
    inputs: batch.inputs.subarray(0, n * batch.inDim),
    labels: batch.labels.subarray(0, n),
  };
}

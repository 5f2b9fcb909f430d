/**
 * The data sets `gradient-trace train` and the page's Train panel learn. Each is a Batch (N × inDim
 * inputs, row-major, and a class index per example) generated from a seed with mulberry32, so a seed
 * names one exact data set.
 *
 * The 2-D sets follow TensorFlow Playground's generators (github.com/tensorflow/playground,
 * src/dataset.ts), coordinates unscaled (radius up to 5), 200 points per class, noise 0.1:
 * - `xor`: the 4 points of XOR, inputs 0/1, class = x1 XOR x2 (Rumelhart, Hinton & Williams 1986);
 * - `circles`: class 0 inside radius 2.5, class 1 on a ring from 3.5 to 5, each point's label from
 *   where it lands after noise·U(−5, 5) is added to each coordinate (Playground's classifyCircleData);
 * - `spirals`: two interleaved spirals of 1.75 turns, r = 5·i/n, t = 1.75·2π·i/n (+π for the second),
 *   noise·U(−1, 1) added to each coordinate (Playground's classifySpiralData);
 * - `gaussians`: two normal clouds around (2, 2) and (−2, −2), variance 0.5 + 7·noise
 *   (Playground's classifyTwoGaussData, its noise-to-variance scale 0 → 0.5, 0.5 → 4);
 * - `iris`: Fisher's Iris (data/iris.csv, 150 × 4, 3 classes), each feature standardised to mean 0
 *   and standard deviation 1 over the 150 flowers; the seed does not change it.
 */
import irisCsv from '../../data/iris.csv?raw';
import { InputError } from '../errors.js';
import type { Batch } from '../network/network.js';
import { rng } from '../util/seeded-random.js';

export const DATASET_NAMES = ['xor', 'circles', 'spirals', 'gaussians', 'iris'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface Dataset {
  readonly name: DatasetName;
  readonly batch: Batch;
  /** One line: what the points are. */
  readonly description: string;
  readonly classNames: readonly string[];
}

export const POINTS_PER_CLASS = 200;
export const DEFAULT_NOISE = 0.1;

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

/** The named data set drawn with `seed`. Throws InputError for an unknown name. */
export function makeDataset(name: string, seed: number): Dataset {
  const rand = rng(seed);
  switch (name) {
    case 'xor':
      return twoD('xor', 'the 4 points of XOR (inputs 0/1)', [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]);
    case 'circles':
      return twoD('circles', describe('a disc inside a ring'), ...circles(rand, POINTS_PER_CLASS, DEFAULT_NOISE));
    case 'spirals':
      return twoD('spirals', describe('two interleaved spirals of 1.75 turns'), ...spirals(rand, POINTS_PER_CLASS, DEFAULT_NOISE));
    case 'gaussians':
      return twoD('gaussians', describe('two normal clouds around (2, 2) and (-2, -2)'), ...gaussians(rand, POINTS_PER_CLASS, DEFAULT_NOISE));
    case 'iris':
      return iris();
    default:
      throw new InputError(`unknown data set "${name}" (expected ${DATASET_NAMES.join(', ')})`);
  }
}

function describe(what: string): string {
  return `${what}, ${POINTS_PER_CLASS} points per class, noise ${DEFAULT_NOISE}`;
}

type Points = [number[][], number[]];

function twoD(name: DatasetName, description: string, xs: number[][], labels: number[]): Dataset {
  const inputs = new Float64Array(xs.length * 2);
  xs.forEach((p, n) => inputs.set(p, n * 2));
  return { name, description, classNames: ['0', '1'], batch: { size: xs.length, inDim: 2, classes: 2, inputs, labels: Uint32Array.from(labels) } };
}

const uniform = (rand: () => number, lo: number, hi: number) => lo + rand() * (hi - lo);

/** Marsaglia's polar method, as Playground's normalRandom: mean + √variance · N(0, 1). */
function normal(rand: () => number, mean: number, variance: number): number {
  let v1: number;
  let v2: number;
  let s: number;
  do {
    v1 = 2 * rand() - 1;
    v2 = 2 * rand() - 1;
    s = v1 * v1 + v2 * v2;
  } while (s > 1 || s === 0);
  return mean + Math.sqrt(variance) * Math.sqrt((-2 * Math.log(s)) / s) * v1;
}

function spirals(rand: () => number, n: number, noise: number): Points {
  const xs: number[][] = [];
  const labels: number[] = [];
  for (const [label, deltaT] of [[0, 0], [1, Math.PI]] as const) {
    for (let i = 0; i < n; i++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      xs.push([r * Math.sin(t) + uniform(rand, -1, 1) * noise, r * Math.cos(t) + uniform(rand, -1, 1) * noise]);
      labels.push(label);
    }
  }
  return [xs, labels];
}

function circles(rand: () => number, n: number, noise: number): Points {
  const radius = 5;
  const xs: number[][] = [];
  const labels: number[] = [];
  for (const [lo, hi] of [[0, radius * 0.5], [radius * 0.7, radius]] as const) {
    for (let i = 0; i < n; i++) {
      const r = uniform(rand, lo, hi);
      const angle = uniform(rand, 0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const nx = x + uniform(rand, -radius, radius) * noise;
      const ny = y + uniform(rand, -radius, radius) * noise;
      xs.push([x, y]);
      // Playground labels by where the noisy point lands, and plots the clean one.
      labels.push(Math.hypot(nx, ny) < radius * 0.5 ? 0 : 1);
    }
  }
  return [xs, labels];
}

function gaussians(rand: () => number, n: number, noise: number): Points {
  const variance = 0.5 + (noise / 0.5) * 3.5;
  const xs: number[][] = [];
  const labels: number[] = [];
  for (const [label, c] of [[0, 2], [1, -2]] as const) {
    for (let i = 0; i < n; i++) {
      xs.push([normal(rand, c, variance), normal(rand, c, variance)]);
      labels.push(label);
    }
  }
  return [xs, labels];
}

const IRIS_SPECIES = ['setosa', 'versicolor', 'virginica'];

function iris(): Dataset {
  const rows = irisCsv
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .slice(1)
    .map((line) => line.split(','));
  const N = rows.length;
  const inputs = new Float64Array(N * 4);
  const labels = new Uint32Array(N);
  rows.forEach((cells, n) => {
    for (let k = 0; k < 4; k++) inputs[n * 4 + k] = Number(cells[k]);
    labels[n] = IRIS_SPECIES.indexOf(cells[4]);
  });
  for (let k = 0; k < 4; k++) {
    let mean = 0;
    for (let n = 0; n < N; n++) mean += inputs[n * 4 + k] / N;
    let variance = 0;
    for (let n = 0; n < N; n++) variance += (inputs[n * 4 + k] - mean) ** 2 / N;
    const sd = Math.sqrt(variance);
    for (let n = 0; n < N; n++) inputs[n * 4 + k] = (inputs[n * 4 + k] - mean) / sd;
  }
  return {
    name: 'iris',
    description: "Fisher's Iris: 150 flowers x 4 measurements (standardised), 3 species",
    classNames: IRIS_SPECIES,
    batch: { size: N, inDim: 4, classes: 3, inputs, labels },
  };
}

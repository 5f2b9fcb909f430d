/**
 * The decision boundary of a 2-D classifier, Playground's view: the plane coloured by the network's
 * probability of class 1 (blue = class 0, orange = class 1, pale where unsure), the data points on
 * top. The probabilities come from a float64 pass of the given weights over a grid of points
 * (boundaryProbabilities, run where the weights are: the training worker, or the page) and are
 * painted on the page (paintBoundary).
 */
import type { Batch, Network } from '../network/network.js';
import { float64Pass } from '../reference/float64-pass.js';

/** Grid cells per side. */
const GRID = 50;
const CLASS0 = [31, 99, 216];
const CLASS1 = [240, 140, 20];

/** The square the data lives in, with a margin: XOR's unit square, or Playground's ±6. */
export function domainOf(batch: Batch): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of batch.inputs) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const pad = Math.max(0.5, (hi - lo) * 0.08);
  return [lo - pad, hi + pad];
}

function grid(lo: number, hi: number, classes: number): Batch {
  const inputs = new Float64Array(GRID * GRID * 2);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const n = r * GRID + c;
      inputs[2 * n] = lo + ((c + 0.5) / GRID) * (hi - lo);
      inputs[2 * n + 1] = hi - ((r + 0.5) / GRID) * (hi - lo);
    }
  }
  return { size: GRID * GRID, inDim: 2, classes, inputs, labels: new Uint32Array(GRID * GRID) };
}

/**
 * The network's probability of class 1 at the centre of each of the GRID × GRID cells over
 * domainOf(data), row-major from the top-left cell (GRID² numbers): a float64 forward pass of the
 * grid. Null unless the data is 2-D. The Train panel's float64 worker computes it off the main
 * thread (train-frames.ts); the main thread only paints it.
 */
export function boundaryProbabilities(network: Network, data: Batch): Float64Array | null {
  if (data.inDim !== 2) return null;
  const [lo, hi] = domainOf(data);
  // A diverged run's weights are NaN or infinite: the boundary is drawn blank rather than refused.
  const record = float64Pass(network, grid(lo, hi, data.classes), null, { scanWeights: false });
  const p = record.layers![record.layers!.length - 1].a;
  const q = new Float64Array(GRID * GRID);
  for (let n = 0; n < q.length; n++) q[n] = p[n * data.classes + 1];
  return q;
}

/** Paints `q` (boundaryProbabilities' GRID² probabilities of class 1) under `data`'s points. */
export function paintBoundary(canvas: HTMLCanvasElement, q: Float64Array, data: Batch): void {
  const ctx = canvas.getContext('2d');
  if (!ctx || data.inDim !== 2) return;
  const [lo, hi] = domainOf(data);
  const { width, height } = canvas;
  const cell = width / GRID;
  for (let n = 0; n < q.length; n++) {
    // Pale near 0.5, full colour near 0 or 1.
    const strength = Math.abs(q[n] - 0.5) * 2;
    const [r, g, b] = (q[n] > 0.5 ? CLASS1 : CLASS0).map((v) => Math.round(255 - (255 - v) * strength * 0.55));
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillRect((n % GRID) * cell, Math.floor(n / GRID) * cell, cell + 0.5, cell + 0.5);
  }
  const x = (v: number) => ((v - lo) / (hi - lo)) * width;
  const y = (v: number) => ((hi - v) / (hi - lo)) * height;
  for (let n = 0; n < data.size; n++) {
    const [r, g, b] = data.labels[n] === 1 ? CLASS1 : CLASS0;
    ctx.beginPath();
    ctx.arc(x(data.inputs[2 * n]), y(data.inputs[2 * n + 1]), data.size <= 8 ? 7 : 3, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

/** The boundary of `network` computed here and painted: boundaryProbabilities, then paintBoundary. */
export function drawBoundary(canvas: HTMLCanvasElement, network: Network, data: Batch): void {
  const q = boundaryProbabilities(network, data);
  if (q) paintBoundary(canvas, q, data);
}

/** Seeded random networks and batches for tests (mulberry32: small, fast, reproducible). */
import { activationOf, type Batch, type Network } from '../../src/network/network.js';
import type { ActivationName } from '../../src/ops/activations.js';
import { float64Pass } from '../../src/reference/float64-pass.js';
import { rng } from '../../src/util/seeded-random.js';

export { rng };


export interface RandomSpec {
  dims: number[];
  batch: number;
  seed: number;
  /** Multiplies the last layer's weights: 100 gives logits in the hundreds (a saturated softmax). */
  logitScale?: number;
  /** Bias added to hidden units listed here as [layer, unit]: a large negative value kills them. */
  kill?: [number, number][];
  /** Kill every unit of these hidden layers (0-based). */
  killLayers?: number[];
  /** Hidden activation: one for every hidden layer or one per hidden layer (default relu). */
  activation?: ActivationName | ActivationName[];
  /** Bias set on hidden units listed here as [layer, unit, bias]: ±20 saturates a sigmoid or tanh. */
  bias?: [number, number, number][];
}

export function randomNetwork(spec: RandomSpec): { network: Network; batch: Batch } {
  const next = rng(spec.seed);
  const uniform = (scale: number) => (next() * 2 - 1) * scale;
  const { dims } = spec;
  const layers = dims.slice(1).map((outDim, l) => {
    const inDim = dims[l];
    const last = l === dims.length - 2;
    const scale = (last ? spec.logitScale ?? 1 : 1) / Math.sqrt(inDim);
    const W = Float64Array.from({ length: outDim * inDim }, () => uniform(scale * 1.5));
    const b = Float64Array.from({ length: outDim }, () => uniform(0.3));
    if (!last && spec.killLayers?.includes(l)) b.fill(-1e3);
    for (const [layer, unit] of spec.kill ?? []) if (layer === l) b[unit] = -1e3;
    for (const [layer, unit, value] of spec.bias ?? []) if (layer === l) b[unit] = value;
    const activation = Array.isArray(spec.activation) ? spec.activation[l] : spec.activation;
    return { inDim, outDim, W, b, ...(!last && activation ? { activation } : {}) };
  });
  const N = spec.batch;
  const inputs = Float64Array.from({ length: N * dims[0] }, () => uniform(1));
  const classes = dims[dims.length - 1];
  const labels = Uint32Array.from({ length: N }, () => Math.floor(next() * classes));
  return { network: { layers }, batch: { size: N, inDim: dims[0], classes, inputs, labels } };
}

/** Smallest |z| over the pre-activations of ReLU layers: finite differences are only valid away from
 *  ReLU's kink (sigmoid and tanh are smooth everywhere). */
export function nearestKink(network: Network, batch: Batch): number {
  const record = float64Pass(network, batch);
  let nearest = Infinity;
  record.layers!.slice(0, -1).forEach((layer, l) => {
    if (activationOf(network.layers[l]) === 'relu') layer.z.forEach((z) => (nearest = Math.min(nearest, Math.abs(z))));
  });
  return nearest;
}

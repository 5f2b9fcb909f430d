/**
 * Seeded weight initialisation for training. Biases start at 0; weights are drawn uniformly from
 * ±limit with mulberry32:
 * - ReLU hidden layers: He uniform, limit = √(6 / fan_in) (He et al. 2015 — keeps the variance of
 *   ReLU activations from layer to layer);
 * - tanh and sigmoid: Glorot (Xavier) uniform, limit = √(6 / (fan_in + fan_out)) (Glorot & Bengio 2010).
 * Every layer, the output layer included, takes the rule of the network's hidden activation.
 */
import type { ActivationName } from '../ops/activations.js';
import type { Layer, Network } from '../network/network.js';
import { rng } from '../util/seeded-random.js';

export type InitRule = 'he' | 'glorot';

export function initRuleFor(activation: ActivationName): InitRule {
  return activation === 'relu' ? 'he' : 'glorot';
}

export function initLimit(rule: InitRule, fanIn: number, fanOut: number): number {
  return rule === 'he' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
}

/** A network of widths `dims` (input first) whose hidden layers apply `activation`; weights drawn with `seed`, biases 0. */
export function initNetwork(dims: readonly number[], activation: ActivationName, seed: number): Network {
  const rand = rng(seed);
  const rule = initRuleFor(activation);
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const [inDim, outDim] = [dims[l], dims[l + 1]];
    const limit = initLimit(rule, inDim, outDim);
    const W = Float64Array.from({ length: outDim * inDim }, () => (2 * rand() - 1) * limit);
    const hidden = l + 2 < dims.length;
    layers.push({ inDim, outDim, W, b: new Float64Array(outDim), ...(hidden ? { activation } : {}) });
  }
  return { layers };
}

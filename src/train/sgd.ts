/**
 * Stochastic gradient descent with optional heavy-ball momentum, in float64 — the reference for
 * src/gpu/update/sgd-update.wgsl, which applies the same rule in float32 on the GPU:
 *   v ← μ·v + g,   w ← w − lr·v        (μ = 0: w ← w − lr·g; the form PyTorch's SGD uses)
 */
import type { Network } from '../network/network.js';
import type { Gradients } from '../record/pass-record.js';

export interface SgdConfig {
  /** Learning rate, > 0. */
  readonly lr: number;
  /** Momentum μ in [0, 1); 0 is plain SGD. */
  readonly momentum: number;
}

/** One velocity array per W and b (zeros), the same shapes as the network's. */
export function zeroVelocity(network: Network): Gradients {
  return { dW: network.layers.map((l) => new Float64Array(l.W.length)), db: network.layers.map((l) => new Float64Array(l.b.length)) };
}

/** Updates `network`'s W and b in place from `grads` (and `velocity`, in place, when μ ≠ 0). */
export function sgdStep(network: Network, grads: Gradients, velocity: Gradients, config: SgdConfig): void {
  const update = (w: Float64Array, g: Float64Array, v: Float64Array) => {
    for (let k = 0; k < w.length; k++) {
      let step = g[k];
      if (config.momentum !== 0) {
        step = config.momentum * v[k] + g[k];
        v[k] = step;
      }
      w[k] -= config.lr * step;
    }
  };
  network.layers.forEach((layer, l) => {
    update(layer.W, grads.dW[l] as Float64Array, velocity.dW[l] as Float64Array);
    update(layer.b, grads.db[l] as Float64Array, velocity.db[l] as Float64Array);
  });
}

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

/**
 * Why float32 (the GPU trainer's sgd-update.wgsl) cannot hold this config as given, or null: an lr
 * past float32's largest value is Infinity there (every weight becomes ±Infinity or NaN at the first
 * step, which would read as divergence), one below its smallest subnormal is 0 (nothing moves), and
 * a momentum just below 1 rounds to 1 (the velocity then never decays).
 */
export function float32SgdProblem(config: SgdConfig): { readonly flag: 'lr' | 'momentum'; readonly why: string } | null {
  const lr = Math.fround(config.lr);
  if (lr === Infinity) return { flag: 'lr', why: "is past float32's largest value (3.4e38): the GPU would step with Infinity" };
  if (lr === 0) return { flag: 'lr', why: "is below float32's smallest value (1.4e-45): the GPU would step with 0" };
  if (Math.fround(config.momentum) >= 1) return { flag: 'momentum', why: "rounds to 1 in float32: the GPU's velocity would never decay" };
  return null;
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

/**
 * How much arithmetic a pass does, to turn times into GFLOP/s. A multiply-add counts 2 FLOP.
 * Per example and layer l (inDim × outDim weights): forward z = W·a + b, 2·in·out; the weight
 * gradient dW += dz·aᵀ, 2·in·out; and, above layer 0, dA = Wᵀ·dz, 2·in·out. Biases, activations
 * and softmax are O(widths) and left out: the products are what a GEMM kernel is measured on.
 */
import { fitsGemmHead } from '../src/gpu/fused/fused-gemm-codegen.js';

export function passFlopsPerExample(dims: readonly number[]): number {
  let flops = 0;
  for (let l = 0; l + 1 < dims.length; l++) flops += (l === 0 ? 4 : 6) * dims[l] * dims[l + 1];
  return flops;
}

/**
 * FLOP of one kernel over a batch, for the product kernels whose work is known from the widths;
 * null for the rest (activations, softmax, reductions, the fused kernels that do everything).
 * Per-op kernels run once per layer, so their work is summed over the layers they run on.
 */
export function kernelFlops(kernel: string, dims: readonly number[], batch: number): number | null {
  const layers = dims.slice(1).map((out, l) => dims[l] * out);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  switch (kernel) {
    case 'linear-forward':
      return 2 * batch * sum(layers);
    case 'parameter-gradients':
      return 2 * batch * sum(layers);
    case 'backward-data':
      return 2 * batch * sum(layers.slice(1));
    case 'fused-gemm-forward':
      return 2 * batch * layers[0];
    case 'fused-gemm-weight-grad':
      // Layer 0's dW, and in a head plan the output layer's too (dispatches of the same kernel).
      return 2 * batch * (fitsGemmHead(dims) ? layers[0] + layers[1] : layers[0]);
    default:
      return null;
  }
}

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

/**
 * The fewest floats an example of a per-op pass reads or writes in memory, counting each
 * intermediate once where it is written and once where each kernel reads it (layer widths d0 … dL):
 * linear-forward reads a_prev and writes z (Σ d_l + d_l+1); each hidden activation reads z and
 * writes a and its local derivative (3 d); softmax + cross-entropy reads the logits and the label
 * and writes p, dz and the example's loss (3 C + 2); parameter-gradients reads dz and a_prev
 * (Σ d_l + d_l+1); backward-data reads dz and the local derivative below and writes the dz below
 * (d_l+1 + 2 d_l, above layer 0); the loss sum reads the loss (1). Weights and partial sums are left
 * out (per tile or per block, not per example), so the real traffic is higher: a lower bound.
 * 2-3-2: 10 + 9 + 8 + 10 + 8 + 1 = 46.
 */
export function perOpFloatsPerExample(dims: readonly number[]): number {
  const L = dims.length - 1;
  let floats = 0;
  for (let l = 0; l < L; l++) floats += 2 * (dims[l] + dims[l + 1]); // linear-forward + parameter-gradients
  for (let l = 1; l < L; l++) floats += 3 * dims[l] + dims[l + 1] + 2 * dims[l]; // activation + backward-data
  return floats + 3 * dims[L] + 2 + 1; // softmax + cross-entropy, the loss sum
}

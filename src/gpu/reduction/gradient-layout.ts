/**
 * How a layer's parameters (and gradients) sit in a GPU buffer: row i is [W[i][0..inDim−1] | b[i]],
 * so a layer takes outDim × (inDim + 1) floats and the bias is the weight of a constant input 1.
 * The fused kernels read all layers' weights from one buffer and write all layers' gradients plus
 * the loss as one partial row, in this layout, back to back.
 */
import type { Network } from '../../network/network.js';
import type { Gradients } from '../../record/pass-record.js';

/** Floats one layer's [W | b] takes. */
export function augmentedSize(inDim: number, outDim: number): number {
  return outDim * (inDim + 1);
}

/** Where each layer's [W | b] starts in the packed buffer, plus the total (one past the last). */
export function layerOffsets(dims: readonly number[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    offsets.push(total);
    total += augmentedSize(dims[l], dims[l + 1]);
  }
  return { offsets, total };
}

/** One layer's parameters as f32 [W | b] rows. */
export function packLayer(W: Float64Array, b: Float64Array, inDim: number, outDim: number, into: Float32Array, at = 0): void {
  for (let i = 0; i < outDim; i++) {
    const row = at + i * (inDim + 1);
    for (let j = 0; j < inDim; j++) into[row + j] = W[i * inDim + j];
    into[row + inDim] = b[i];
  }
}

/** Every layer's [W | b], back to back (the fused kernels' `weights` binding). */
export function packWeights(network: Network): Float32Array {
  const dims = [network.layers[0].inDim, ...network.layers.map((l) => l.outDim)];
  const { offsets, total } = layerOffsets(dims);
  const packed = new Float32Array(total);
  network.layers.forEach((layer, l) => packLayer(layer.W, layer.b, layer.inDim, layer.outDim, packed, offsets[l]));
  return packed;
}

/** Splits one layer's [dW | db] rows (f32 from the GPU) into the record's float64 dW and db. */
export function unpackLayerGradients(packed: Float32Array, inDim: number, outDim: number, at = 0): { dW: Float64Array; db: Float64Array } {
  const dW = new Float64Array(outDim * inDim);
  const db = new Float64Array(outDim);
  for (let i = 0; i < outDim; i++) {
    const row = at + i * (inDim + 1);
    for (let j = 0; j < inDim; j++) dW[i * inDim + j] = packed[row + j];
    db[i] = packed[row + inDim];
  }
  return { dW, db };
}

/** All layers' gradients from one packed row (the fused layout). */
export function unpackGradients(packed: Float32Array, dims: readonly number[]): Gradients {
  const { offsets } = layerOffsets(dims);
  const dW: Float64Array[] = [];
  const db: Float64Array[] = [];
  for (let l = 0; l + 1 < dims.length; l++) {
    const g = unpackLayerGradients(packed, dims[l], dims[l + 1], offsets[l]);
    dW.push(g.dW);
    db.push(g.db);
  }
  return { dW, db };
}

import type { Gradients } from '../record/pass-record.js';
import type { Network } from './network.js';

/** One trainable number, named as the lesson's table names it: `W1[0][1]`, `b2[0]`. */
export interface ParamRef {
  readonly name: string;
  /** 0-based layer index (the name's number is layer + 1). */
  readonly layer: number;
  readonly kind: 'W' | 'b';
  /** Flat index into the layer's W (row-major) or b. */
  readonly index: number;
}

/** Every parameter in the lesson's table order: W1 row by row, b1, W2, b2, … */
export function parameterRefs(network: Network): ParamRef[] {
  const refs: ParamRef[] = [];
  network.layers.forEach((layer, l) => {
    for (let i = 0; i < layer.outDim; i++) {
      for (let j = 0; j < layer.inDim; j++) {
        refs.push({ name: `W${l + 1}[${i}][${j}]`, layer: l, kind: 'W', index: i * layer.inDim + j });
      }
    }
    for (let i = 0; i < layer.outDim; i++) refs.push({ name: `b${l + 1}[${i}]`, layer: l, kind: 'b', index: i });
  });
  return refs;
}

export function gradientAt(grads: Gradients, ref: ParamRef): number {
  return ref.kind === 'W' ? grads.dW[ref.layer][ref.index] : grads.db[ref.layer][ref.index];
}

/** The live storage of a parameter inside a network (for nudging it in finite differences). */
export function parameterArray(network: Network, ref: ParamRef): Float64Array {
  const layer = network.layers[ref.layer];
  return ref.kind === 'W' ? layer.W : layer.b;
}

/** Gradients as nested arrays keyed W1, b1, … (the --json and network-file shape). */
export function gradientsToJson(network: Network, grads: Gradients): Record<string, number[] | number[][]> {
  const out: Record<string, number[] | number[][]> = {};
  network.layers.forEach((layer, l) => {
    const dW = grads.dW[l];
    out[`W${l + 1}`] = Array.from({ length: layer.outDim }, (_, i) =>
      Array.from(dW.subarray(i * layer.inDim, (i + 1) * layer.inDim)),
    );
    out[`b${l + 1}`] = Array.from(grads.db[l]);
  });
  return out;
}

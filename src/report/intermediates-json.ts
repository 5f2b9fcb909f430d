/**
 * A PassRecord's intermediates as JSON (schemas/gradients.schema.json#/$defs/layer): per layer,
 * the pre-activation z, the activation a, the activation's local gradient da/dz, the upstream
 * gradient dL/da and dL/dz, each N × width as nested rows (row n is example n).
 */
import { rowsOf, type Network } from '../network/network.js';
import type { LayerRecord, PassRecord } from '../record/pass-record.js';

export interface LayerJson {
  z: number[][];
  a: number[][];
  /** relu'(z) for a hidden layer; null for the output layer (softmax + cross-entropy: dz = (p − t)/N directly). */
  dadz: number[][] | null;
  da: number[][] | null;
  dz: number[][];
}

function layerJson(layer: LayerRecord, batchSize: number, width: number, hidden: boolean): LayerJson {
  const rows = (values: Float64Array) => rowsOf(values, batchSize, width);
  return {
    z: rows(layer.z),
    a: rows(layer.a),
    dadz: hidden && layer.local ? rows(layer.local) : null,
    da: layer.da ? rows(layer.da) : null,
    dz: rows(layer.dz),
  };
}

/** Every layer's intermediates, first layer first. @throws Error if the record kept none. */
export function intermediatesToJson(network: Network, record: PassRecord): LayerJson[] {
  if (!record.layers) throw new Error(`the ${record.backend} pass kept no intermediates`);
  const L = network.layers.length;
  return record.layers.map((layer, l) => layerJson(layer, record.batchSize, network.layers[l].outDim, l < L - 1));
}

import { batchOf, layerFromRows, type Batch, type Network } from './network.js';

/** The lesson's hard-coded 2 → 3 → 2 network (build_network() in "Backprop By Hand"). */
export function lessonNetwork(): Network {
  return {
    layers: [
      layerFromRows(
        [
          [0.1, -0.2],
          [0.3, 0.4],
          [-0.2, 0.5],
        ],
        [0.05, -0.1, 0.2],
        'relu',
      ),
      layerFromRows(
        [
          [0.2, -0.3, 0.1],
          [-0.1, 0.4, 0.2],
        ],
        [0.1, -0.05],
      ),
    ],
  };
}

/** INPUT = [0.5, 0.8], TARGET = [1.0, 0.0] (class 0). */
export function lessonBatch(): Batch {
  return batchOf([[0.5, 0.8]], [0], 2);
}

/**
 * Minibatches drawn with a seed: each epoch is a fresh Fisher–Yates shuffle of the data set (mulberry32),
 * cut into consecutive slices of `size` examples; a slice that would run past the end of one epoch's
 * order continues into the next shuffle, so every minibatch has exactly `size` examples (the GPU
 * trainer's buffers are sized for one batch size). A size ≥ the data set gives the whole batch, the
 * same object every step (so the GPU keeps it resident).
 */
import type { Batch } from '../network/network.js';
import { rng } from '../util/seeded-random.js';

export class MinibatchSampler {
  private readonly rand: () => number;
  private order: Uint32Array;
  private next = 0;
  readonly size: number;

  constructor(
    private readonly data: Batch,
    size: number | null,
    seed: number,
  ) {
    this.size = size === null ? data.size : Math.min(size, data.size);
    // A stream of its own, so the same seed's weight init and data set are not correlated with it.
    this.rand = rng((seed ^ 0x5bd1e995) >>> 0);
    this.order = this.shuffle();
  }

  get fullBatch(): boolean {
    return this.size === this.data.size;
  }

  private shuffle(): Uint32Array {
    const order = Uint32Array.from({ length: this.data.size }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }

  /** The next minibatch (N = size, inputs row-major N × inDim). */
  draw(): Batch {
    if (this.fullBatch) return this.data;
    const { inDim } = this.data;
    const inputs = new Float64Array(this.size * inDim);
    const labels = new Uint32Array(this.size);
    for (let n = 0; n < this.size; n++) {
      if (this.next === this.order.length) {
        this.order = this.shuffle();
        this.next = 0;
      }
      const k = this.order[this.next++];
      inputs.set(this.data.inputs.subarray(k * inDim, (k + 1) * inDim), n * inDim);
      labels[n] = this.data.labels[k];
    }
    return { size: this.size, inDim, classes: this.data.classes, inputs, labels };
  }
}

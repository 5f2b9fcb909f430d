/**
 * The record of one forward + backward pass: every intermediate the lesson prints.
 * The float64 reference and the WebGPU pass each produce one; printers and the page render it
 * and never recompute. All arrays are row-major over the batch: value[n * width + i].
 */

export interface LayerRecord {
  /** Pre-activations z_l, N × outDim. */
  readonly z: Float64Array;
  /** Activations: f(z_l) for hidden layers (f the layer's activation), softmax probabilities p for
   *  the output layer. N × outDim. */
  readonly a: Float64Array;
  /**
   * The activation's local derivative f'(z_l) per unit (relu: 1 or 0; sigmoid: σ(1−σ); tanh:
   * 1−tanh²), N × outDim, as the pass computed it; null for the output layer. Renderers read dead
   * and saturated units from here (isBlocked in src/ops/activations.ts) and never recompute it.
   */
  readonly local: Float64Array | null;
  /** dL/da_l for hidden layers (step "dL/da = Σ dL/dz · W"), N × outDim; null for the output layer. */
  readonly da: Float64Array | null;
  /** dL/dz_l of the batch-mean loss, N × outDim. For the output layer this is (p − t) / N. */
  readonly dz: Float64Array;
}

/** Parameter gradients of the batch-mean loss, one entry per layer, same layout as the network. */
export interface Gradients {
  readonly dW: readonly Float64Array[];
  readonly db: readonly Float64Array[];
}

export type PassBackend = 'cpu' | 'webgpu';

export interface PassRecord {
  readonly backend: PassBackend;
  /** Layer widths, input first. */
  readonly dims: readonly number[];
  readonly batchSize: number;
  /** Cross-entropy of each example, N. Null when intermediates were not kept. */
  readonly lossPerExample: Float64Array | null;
  /** Mean cross-entropy over the batch. */
  readonly loss: number;
  /** Per-layer intermediates; null when not kept (a huge batch only needs its gradients). */
  readonly layers: readonly LayerRecord[] | null;
  readonly grads: Gradients;
}

/** Central finite-difference estimates of every parameter's gradient. */
export interface FiniteDiffRecord {
  readonly h: number;
  readonly grads: Gradients;
}

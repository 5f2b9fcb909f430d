import type { Batch, Network } from '../../src/network/network.js';
import type { Gradients } from '../../src/record/pass-record.js';

/** One way of computing the gradient of the batch-mean loss. Lives in its own worker process. */
export interface Impl {
  readonly id: string;
  /** Human-readable, says what runs where (e.g. "jax-js jit (wasm)"). */
  readonly label: string;
  readonly device: 'cpu' | 'gpu';
  /** Ours (the project's engine) or a peer the user might pick instead. */
  readonly ours: boolean;
  /** Floating-point width the implementation computes in (sets the check tolerance). */
  readonly precision: 'f32' | 'f64';
  /** Extra facts for the JSON (backend actually used, adapter, notes). */
  readonly notes: Record<string, unknown>;
  /**
   * Get ready for one (network, batch) cell: upload weights, convert data, compile. Not timed.
   * Returns the timed step: it takes the batch from CPU memory and resolves when the gradients are
   * back in CPU memory.
   */
  prepare(network: Network, batch: Batch): Promise<Prepared>;
  dispose(): Promise<void>;
}

export interface Prepared {
  run(): Promise<Gradients>;
  /** GPU-side time of the last run from timestamp queries, when the implementation has them. */
  gpuTimeMs?(): Promise<number | null>;
  /** GPU time per kernel of one profiled run (ours, with timestamp queries). */
  kernelTimes?(): Promise<{ kernel: string; dispatches: number; ms: number }[] | null>;
  release(): void;
}

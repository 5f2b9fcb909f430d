/**
 * What a training step adds to a pass (src/train/gpu-trainer.ts): when the weights already sit in
 * the pass's buffers they are not uploaded, extra dispatches (the SGD update) join the last compute
 * pass after the gradient reduction, extra copies (the loss into its history) follow that pass, and
 * the results need not be read back at all — so a step makes no round trip to the CPU.
 */
import type { DispatchList } from './dispatch.js';

export interface PassHooks {
  /** The pass's weight buffers already hold the parameters: do not upload the network's. */
  readonly weightsOnGpu?: boolean;
  /** Copy the results to the staging buffer and read them back (default true). */
  readonly readBack?: boolean;
  /** Dispatches recorded after the reduction, in the same compute pass (so they see its results). */
  readonly dispatches?: (list: DispatchList) => void;
  /** Copies encoded after that compute pass. */
  readonly copies?: (encoder: GPUCommandEncoder) => void;
}

/**
 * Whether the pass's sums are wanted on the CPU only: no hook reads them on the GPU (the SGD update,
 * the loss history) and they are read back. Then a small reduction may be finished on the host
 * (src/gpu/reduction/host-sum.ts) instead of by sum-rows.
 */
export function sumsOnlyOnHost(hooks: PassHooks): boolean {
  return hooks.dispatches === undefined && hooks.copies === undefined && hooks.readBack !== false;
}

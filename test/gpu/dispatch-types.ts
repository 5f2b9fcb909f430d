/**
 * Compile-time checks, run by `tsc --noEmit` (part of `npm test`): a kernel's uniform and buffer
 * names are its spec's type parameters, so a misspelt, missing or stray name does not compile.
 * Each @ts-expect-error fails the type check if the line it marks ever compiles. Never called.
 */
import type { DispatchList } from '../../src/gpu/runtime/dispatch.js';
import { ACTIVATION, FUSED_SMALL, LINEAR_FORWARD } from '../../src/gpu/wgsl/layouts.js';

export function typedDispatchChecks(list: DispatchList, pipeline: GPUComputePipeline, buffer: GPUBuffer): void {
  list.addThreads(ACTIVATION, pipeline, 1, {}, { z: buffer, a: buffer, local: buffer });
  // @ts-expect-error a misspelt buffer name
  list.addThreads(ACTIVATION, pipeline, 1, {}, { z: buffer, a: buffer, locl: buffer });
  // @ts-expect-error a missing buffer
  list.addThreads(ACTIVATION, pipeline, 1, {}, { z: buffer, a: buffer });
  list.addThreads(LINEAR_FORWARD, pipeline, 1, { rows: 1 }, { aPrev: buffer, W: buffer, b: buffer, z: buffer });
  // @ts-expect-error a misspelt uniform
  list.addThreads(LINEAR_FORWARD, pipeline, 1, { row: 1 }, { aPrev: buffer, W: buffer, b: buffer, z: buffer });
  // @ts-expect-error a missing uniform
  list.add(FUSED_SMALL, pipeline, [1, 1], { rows: 1, threads: 1, partialRowOffset: 0 }, { inputs: buffer, labels: buffer, weights: buffer, partials: buffer });
}

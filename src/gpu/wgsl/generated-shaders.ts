/**
 * Every shader a network runs on one path, as the engine would compile it: what `npm run
 * print-wgsl` prints and what the WGSL snapshot tests pin (no GPU needed: assembly is text).
 */
import type { ActivationName } from '../../ops/activations.js';
import { fitsGemmHead } from '../fused/fused-gemm-codegen.js';
import { planFused, type FusedKernel } from '../fused/fused-plan.js';
import { fusedSource, gemmSources } from '../fused/fused-source.js';
import { perOpSources } from '../per-op/per-op-source.js';
import { sumRowsSource } from '../reduction/reduce.js';

/** Limits assumed when planning without a device: what SwiftShader and most GPUs offer. */
export const PRINT_LIMITS = { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30, maxComputeWorkgroupStorageSize: 32768 };

export interface GeneratedShader {
  readonly label: string;
  readonly code: string;
}

/**
 * The shaders of `dims` (input first) with these hidden activations (one per hidden layer) on a path.
 * `kernel` forces the fused plan's kernel as RunOptions.fusedKernel does; `batch` sizes the plan.
 */
export function generatedShaders(opts: {
  dims: readonly number[];
  activations: readonly ActivationName[];
  path: 'per-op' | 'fused';
  kernel?: FusedKernel;
  batch?: number;
}): GeneratedShader[] {
  const { dims, activations } = opts;
  if (activations.length !== dims.length - 2) throw new Error(`${dims.length - 2} hidden layers need as many activations (got ${activations.length})`);
  if (opts.path === 'per-op') return perOpSources(dims, activations).map(({ label, code }) => ({ label, code }));
  const plan = planFused(dims, opts.batch ?? 4096, PRINT_LIMITS, { kernel: opts.kernel });
  const sumRows = { label: 'sum-rows (the reduction both paths share)', code: sumRowsSource() };
  if (plan.kernel !== 'gemm') return [{ label: `fused-${plan.kernel}`, code: fusedSource(plan, activations) }, sumRows];
  const code = gemmSources(plan, activations);
  return [
    { label: 'fused-gemm-forward (layer 0)', code: code.forward },
    ...(fitsGemmHead(dims)
      ? [
          { label: 'fused-gemm-head (output layer)', code: code.head! },
          { label: 'fused-gemm-weight-grad (output layer dW)', code: code.headGrad! },
        ]
      : [{ label: 'fused-tiled (layers above layer 0)', code: code.tail! }]),
    { label: 'fused-gemm-weight-grad (layer 0)', code: code.weightGrad },
    sumRows,
  ];
}

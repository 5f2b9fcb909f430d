/** The WGSL of the per-op kernels (assembled by src/gpu/wgsl/assemble.ts): one file each, plus the
 *  shared functions it calls; the activation kernel once per activation the network uses; the three
 *  products (linear-forward, backward-data, parameter-gradients) once per layer, specialised to its
 *  widths by per-op-codegen.ts. */
import { ACTIVATIONS, type ActivationName } from '../../ops/activations.js';
import { ACTIVATION, BACKWARD_DATA, LINEAR_FORWARD, PARAMETER_GRADIENTS, SOFTMAX_CROSS_ENTROPY, SUM_ROWS, type KernelSpec } from '../wgsl/layouts.js';
import { backwardDataKernel, linearForwardKernel, parameterGradientsKernel } from './per-op-codegen.js';
import { sumRowsSource } from '../reduction/reduce.js';
import { assembleKernel } from '../wgsl/assemble.js';

/** The per-op kernels whose text is the same for every network. */
export const FIXED_PER_OP_KERNELS = [SOFTMAX_CROSS_ENTROPY, SUM_ROWS] as const;

/** Texts already assembled: every pass (every training step) asks for them again. */
const assembled = new Map<string, string>();

function once(key: string, make: () => string): string {
  let text = assembled.get(key);
  if (text === undefined) assembled.set(key, (text = make()));
  return text;
}

/** A fixed per-op kernel's full WGSL. */
export function perOpSource(spec: (typeof FIXED_PER_OP_KERNELS)[number]): string {
  if (spec === SUM_ROWS) return sumRowsSource();
  return once(spec.name, () => assembleKernel({ spec, shared: spec === SOFTMAX_CROSS_ENTROPY ? ['softmax_ce'] : [] }));
}

/** activation.wgsl bound to one activation of the op table. */
export function activationSource(name: ActivationName): string {
  return once(`activation ${name}`, () => activationKernel(name));
}

function activationKernel(name: ActivationName): string {
  const { wgsl } = ACTIVATIONS[name];
  return assembleKernel({
    spec: ACTIVATION,
    shared: [name],
    generated: [
      `fn activation(z: f32) -> f32 { return ${wgsl.forward}(z); }`,
      `fn activation_grad(a: f32) -> f32 { return ${wgsl.derivative}(a); }`,
    ],
    generator: 'src/gpu/per-op/per-op-source.ts',
  });
}

/** Every per-op kernel a network of widths `dims` with these hidden activations runs, labelled (for print-wgsl). */
export function perOpSources(dims: readonly number[], activations: readonly ActivationName[]): { label: string; spec: KernelSpec; code: string }[] {
  const layers = dims.slice(1).flatMap((out, l) => {
    const shape = `layer ${l + 1}, ${dims[l]} → ${out}`;
    return [
      { label: `linear-forward (${shape})`, spec: LINEAR_FORWARD as KernelSpec, code: linearForwardKernel(dims[l], out).code },
      { label: `parameter-gradients (${shape})`, spec: PARAMETER_GRADIENTS as KernelSpec, code: parameterGradientsKernel(dims[l], out).code },
      ...(l > 0 ? [{ label: `backward-data (${shape})`, spec: BACKWARD_DATA as KernelSpec, code: backwardDataKernel(dims[l], out).code }] : []),
    ];
  });
  return [
    ...FIXED_PER_OP_KERNELS.map((spec) => ({ label: spec.name, spec: spec as KernelSpec, code: perOpSource(spec) })),
    ...layers,
    ...[...new Set(activations)].map((name) => ({ label: `activation (${name})`, spec: ACTIVATION as KernelSpec, code: activationSource(name) })),
  ];
}

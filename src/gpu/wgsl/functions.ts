/**
 * The shared WGSL functions: each op's rule written once in WGSL, included by every kernel that
 * applies it — the per-op kernels and the fused ones alike. The activations' functions come from
 * the op table (src/ops/activations.ts); softmax + cross-entropy's are here.
 */
import { ACTIVATION_NAMES, ACTIVATIONS, type ActivationName } from '../../ops/activations.js';

/** Softmax + cross-entropy's two rules (the stable form, s = Σ exp(z − m), m = max z). */
const SOFTMAX_CE = [
  '// −log p_label = log s − (z_label − m), never exp of a large number (src/ops/softmax-cross-entropy.ts).',
  'fn softmax_ce_loss(s: f32, zLabel: f32, m: f32) -> f32 { return log(s) - (zLabel - m); }',
  '// dL/dz_i of the batch-mean loss = (p_i − t_i) / N, with t one-hot at the label.',
  'fn softmax_ce_grad(p: f32, isLabel: bool, invN: f32) -> f32 { return (p - select(0.0, 1.0, isLabel)) * invN; }',
].join('\n');

/**
 * −0, the identity of IEEE addition, that gradient sums start from as the float64 reference's do: a
 * sum whose terms are all −0 stays −0 (a dead unit's zero gradient keeps the reference's sign). A
 * −0.0 literal does not do on SwiftShader — it arrives as +0 (measured: the fused kernels' dead-unit
 * gradients came out +0 where float64 and the per-op path give −0) — so it is made at run time from
 * any finite value. (WGSL lets an implementation ignore the sign of zero; this keeps it where it is kept.)
 */
const NEGATIVE_ZERO = [
  '// −0 made at run time from any finite value: a −0.0 literal arrives as +0 on SwiftShader (src/gpu/wgsl/functions.ts).',
  'fn negative_zero(finite: f32) -> f32 { return -(0.0 * finite); }',
].join('\n');

export type SharedFunction = ActivationName | 'softmax_ce' | 'negative_zero';

const SOURCES: Readonly<Record<SharedFunction, string>> = {
  ...(Object.fromEntries(ACTIVATION_NAMES.map((n) => [n, ACTIVATIONS[n].wgsl.source])) as Record<ActivationName, string>),
  softmax_ce: SOFTMAX_CE,
  negative_zero: NEGATIVE_ZERO,
};

/** The WGSL text of these shared functions, each once, in a fixed order. */
export function sharedFunctions(names: Iterable<SharedFunction>): string {
  const wanted = new Set(names);
  return (Object.keys(SOURCES) as SharedFunction[])
    .filter((n) => wanted.has(n))
    .map((n) => SOURCES[n])
    .join('\n');
}

/**
 * `fn <name>(layer: u32, x: f32) -> f32` applying each layer's activation (`which` = 'forward', x = z)
 * or its local derivative (`which` = 'derivative', x = a), for kernels that loop over layers.
 * One activation for all layers compiles to a plain call; mixed ones to a switch on the layer (a
 * layer past the list — the output layer — gets x back: callers only use hidden layers' values).
 */
export function perLayerActivation(name: string, activations: readonly ActivationName[], which: 'forward' | 'derivative'): string {
  const call = (a: ActivationName) => `${ACTIVATIONS[a].wgsl[which]}(x)`;
  const distinct = [...new Set(activations)];
  // No hidden layers (softmax regression): never called on a hidden layer.
  if (distinct.length === 0) return `fn ${name}(layer: u32, x: f32) -> f32 { return x; }`;
  if (distinct.length === 1) return `fn ${name}(layer: u32, x: f32) -> f32 { return ${call(distinct[0])}; }`;
  const cases = activations.map((a, l) => `    case ${l}u: { return ${call(a)}; }`);
  return [`fn ${name}(layer: u32, x: f32) -> f32 {`, '  switch layer {', ...cases, `    default: { return x; }`, '  }', '}'].join('\n');
}

/**
 * The op table: every op of the network — linear, each hidden activation, softmax + cross-entropy —
 * with its forward rule, its local derivative, where its float64 rule and its WGSL live, and the
 * test that pins it. The README's table of ops is this one (a test checks they agree).
 */
import { ACTIVATION_NAMES, ACTIVATIONS } from './activations.js';
import { LINEAR_OP } from './linear.js';
import { SOFTMAX_CROSS_ENTROPY_OP } from './softmax-cross-entropy.js';

export interface OpEntry {
  readonly op: string;
  readonly forward: string;
  readonly localDerivative: string;
  /** The float64 functions (file) every CPU path calls. */
  readonly float64: string;
  /** The WGSL functions or kernel files. */
  readonly wgsl: string;
  readonly test: string;
}

export const OP_TABLE: readonly OpEntry[] = [
  LINEAR_OP,
  ...ACTIVATION_NAMES.map((name): OpEntry => {
    const rule = ACTIVATIONS[name];
    return {
      op: name,
      forward: `a = ${rule.formula}`,
      localDerivative: `${name}'(z) = ${rule.derivativeFormula}`,
      float64: `ACTIVATIONS.${name}.forward, .derivative (src/ops/activations.ts)`,
      wgsl: `${rule.wgsl.forward}, ${rule.wgsl.derivative} (src/ops/activations.ts)`,
      test: rule.test,
    };
  }),
  SOFTMAX_CROSS_ENTROPY_OP,
];

/** The op table as the README prints it (a test keeps the README's copy equal to this). */
export function opTableMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| op | forward | local derivative | float64 rule | WGSL | test |',
    '|---|---|---|---|---|---|',
    ...OP_TABLE.map((o) => `| ${[o.op, o.forward, o.localDerivative, o.float64, o.wgsl, o.test].map((t) => cell(t)).join(' | ')} |`),
  ].join('\n');
}

/**
 * The hidden-layer activations, one entry per op: its float64 forward rule, its local derivative,
 * its WGSL functions, the trace's wording and the test that pins it — side by side, in the spirit
 * of micrograd's engine.py (each op's forward and backward together) and of rule tables keyed by
 * primitive (jax-js): `ACTIVATIONS` is a Record over `ActivationName`, so the compiler refuses a
 * name without an entry. Every path (float64 pass, finite differences, benchmark loops, printers,
 * page, the WGSL kernels) takes the rule from here.
 *
 * A new activation is one entry here, its WGSL functions (in `wgsl.source`) and its tests.
 */
import { fixed } from '../print/format.js';
import { F32_UNIT_ROUNDOFF as u } from '../record/float32-range.js';

/** The activations a hidden layer may apply. The output layer always feeds softmax + cross-entropy. */
export type ActivationName = 'relu' | 'sigmoid' | 'tanh';

/** A unit whose |local derivative| is below this passes (almost) no gradient: a dead ReLU (exactly 0)
 *  or a saturated sigmoid (|z| ≳ 6.9) / tanh (|z| ≳ 4.1). The threshold; see `isBlocked`. */
export const BLOCKED_BELOW = 1e-3;

export interface ActivationRule {
  readonly name: ActivationName;
  /** The rule as the README and the page state it: `max(z, 0)`. */
  readonly formula: string;
  /** Its local derivative da/dz as the README and the page state it. */
  readonly derivativeFormula: string;
  /** Float64 forward rule a = f(z). */
  readonly forward: (z: number) => number;
  /**
   * Float64 local derivative da/dz, stated through the activation a = f(z) as micrograd states
   * relu's and tanh's (relu' = [a > 0], which is [z > 0]; σ' = a(1 − a); tanh' = 1 − a²): the
   * fused kernels keep only a, not z, for the backward pass. The backward pass multiplies the
   * upstream gradient by it: dL/dz = dL/da · f'(z).
   */
  readonly derivative: (a: number) => number;
  /** Where the derivative jumps (ReLU: z = 0), or null for a smooth activation. A central
   *  difference whose nudge carries a pre-activation across it straddles the kink (fd-check.ts). */
  readonly kinkAt: number | null;
  /** WGSL: the names of the forward function `fn f(z: f32) -> f32` and of the derivative
   *  `fn f_grad(a: f32) -> f32` (from the activation, like `derivative`), and their source, which
   *  every kernel that applies the activation includes (src/gpu/wgsl/). */
  readonly wgsl: { readonly forward: string; readonly derivative: string; readonly source: string };
  /**
   * How far the WGSL functions' float32 results may lie from the exact f(z) and f'(a) of their
   * float32 argument: absolute bounds, first order in u = 2^-24, worked out from `wgsl.source` with
   * WGSL's accuracy rules (WGSL spec, "Floating Point Accuracy": +, −, × correctly rounded, within
   * u relative; x / y within 2.5 ULP; exp(x) within 3 + 2|x| ULP; abs, sign, select exact; one ULP
   * at most 2u relative). The float32 conditioning test (src/reference/float32-conditioning.ts)
   * moves each activation and local derivative by up to these.
   */
  readonly float32Error: { readonly forward: (z: number, a: number) => number; readonly derivative: (a: number) => number };
  /** How the trace prints it. */
  readonly trace: {
    /** The local derivative's value in step "dL/dz = dL/da * f'(z)": relu prints 1 or 0, as the lesson does. */
    readonly local: (derivative: number) => string;
    /** Forward flag for a unit that passes gradient / one that is blocked. */
    readonly passes: string;
    readonly blockedForward: string;
    /** Backward flag for a unit that passes gradient / one that is blocked. */
    readonly alive: string;
    readonly blockedBackward: string;
    /** What the page calls a blocked unit: "dead", "saturated". */
    readonly blockedWord: string;
  };
  /** The test file that pins this rule (forward, derivative against a central difference, WGSL). */
  readonly test: string;
}

/** The local derivative's value as the trace prints it: the one number format (print/format.ts). */
const sixDecimals = (d: number) => fixed(d, 6);

/** σ(z) in the stable form: exp of a non-positive number only, so no overflow for large |z|. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export const ACTIVATIONS: Readonly<Record<ActivationName, ActivationRule>> = {
  relu: {
    name: 'relu',
    formula: 'max(z, 0)',
    derivativeFormula: "1 if z > 0, else 0 (relu'(0) = 0)",
    // z > 0 rather than Math.max: a dead unit gets +0 whatever the sign of z's zero.
    forward: (z) => (z > 0 ? z : 0),
    // relu'(0) = 0, as in the lesson: a unit sitting exactly at 0 passes no gradient
    // (a = relu(z) > 0 exactly when z > 0).
    derivative: (a) => (a > 0 ? 1 : 0),
    kinkAt: 0,
    wgsl: {
      forward: 'relu',
      derivative: 'relu_grad',
      // select, not max(): max(-0.0, 0.0) may return -0.0; the reference writes +0 for a dead unit.
      source: [
        'fn relu(z: f32) -> f32 { return select(0.0, z, z > 0.0); }',
        'fn relu_grad(a: f32) -> f32 { return select(0.0, 1.0, a > 0.0); }',
      ].join('\n'),
    },
    // select only: exact.
    float32Error: { forward: () => 0, derivative: () => 0 },
    trace: {
      local: (d) => String(d),
      passes: '[passes]',
      blockedForward: '[DEAD (clipped to 0)]',
      alive: '[alive]',
      blockedBackward: '[DEAD: gradient blocked]',
      blockedWord: 'dead',
    },
    test: 'test/cpu/ops.test.ts, test/gpu/kernels.test.ts',
  },
  sigmoid: {
    name: 'sigmoid',
    formula: '1 / (1 + exp(-z))',
    derivativeFormula: 'σ(z)·(1 − σ(z))',
    forward: sigmoid,
    derivative: (a) => a * (1 - a),
    kinkAt: null,
    wgsl: {
      forward: 'sigmoid',
      derivative: 'sigmoid_grad',
      // exp of a non-positive argument only: exp(-z) for large negative z would overflow f32.
      source: [
        'fn sigmoid(z: f32) -> f32 {',
        '  let e = exp(-abs(z));',
        '  return select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);',
        '}',
        'fn sigmoid_grad(a: f32) -> f32 { return a * (1.0 - a); }',
      ].join('\n'),
    },
    float32Error: {
      // e = exp(-|z|) within ε = (3 + 2|z|) ULP ≤ (6 + 4|z|)u; 1 + e: u; the division: 2.5 ULP ≤ 5u.
      // z ≥ 0, 1/(1 + e): ε + 6u relative; z < 0, e/(1 + e): 2ε + 6u — at most (18 + 8|z|)u relative.
      forward: (z, a) => (18 + 8 * Math.abs(z)) * u * Math.abs(a),
      // a·(1 − a): two correctly rounded operations.
      derivative: (a) => 2 * u * Math.abs(a * (1 - a)),
    },
    trace: {
      local: sixDecimals,
      passes: '[passes]',
      blockedForward: '[SATURATED (flat: sigmoid\' < 1e-3)]',
      alive: '[alive]',
      blockedBackward: '[SATURATED: gradient nearly blocked]',
      blockedWord: 'saturated',
    },
    test: 'test/cpu/ops.test.ts, test/gpu/kernels.test.ts',
  },
  tanh: {
    name: 'tanh',
    formula: 'tanh(z)',
    derivativeFormula: '1 − tanh²(z)',
    forward: Math.tanh,
    derivative: (a) => 1 - a * a,
    kinkAt: null,
    wgsl: {
      forward: 'tanh_act',
      derivative: 'tanh_grad',
      // WGSL's tanh may be computed as sinh/cosh, which overflows to inf/inf = NaN for large |z|;
      // this form takes exp of a non-positive argument only. (A WGSL fn may not be named tanh.)
      source: [
        'fn tanh_act(z: f32) -> f32 {',
        '  let e = exp(-2.0 * abs(z));',
        '  return sign(z) * (1.0 - e) / (1.0 + e);',
        '}',
        'fn tanh_grad(a: f32) -> f32 { return 1.0 - a * a; }',
      ].join('\n'),
    },
    float32Error: {
      // e = exp(-2|z|) within ε = (3 + 4|z|) ULP ≤ (6 + 8|z|)u; 1 − e and 1 + e: u each; the
      // division 5u; × sign(z) exact: |error| ≤ 7u|a| + 2e·ε. Near z = 0 the e·ε term dominates:
      // 1 − e cancels, so tanh_act(z) is good to ~12u absolute there, not relative.
      forward: (z, a) => {
        const e = Math.exp(-2 * Math.abs(z));
        return 7 * u * Math.abs(a) + 2 * e * (6 + 8 * Math.abs(z)) * u;
      },
      // 1 − a·a: a·a within u·a², the difference within u·|1 − a²|.
      derivative: (a) => u * (a * a + Math.abs(1 - a * a)),
    },
    trace: {
      local: sixDecimals,
      passes: '[passes]',
      blockedForward: "[SATURATED (flat: tanh' < 1e-3)]",
      alive: '[alive]',
      blockedBackward: '[SATURATED: gradient nearly blocked]',
      blockedWord: 'saturated',
    },
    test: 'test/cpu/ops.test.ts, test/gpu/kernels.test.ts',
  },
};

export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as readonly ActivationName[];

export function isActivationName(value: unknown): value is ActivationName {
  return typeof value === 'string' && Object.hasOwn(ACTIVATIONS, value);
}

/** Whether a unit with this local derivative passes (almost) no gradient: dead or saturated. */
export function isBlocked(derivative: number): boolean {
  return Math.abs(derivative) < BLOCKED_BELOW;
}

/** The default hidden activation (the lesson's). */
export const DEFAULT_ACTIVATION: ActivationName = 'relu';

/**
 * The gradient check: every (or a seeded sample of every) parameter's float64 gradient against a
 * central finite difference, with a verdict per row that never calls a correct gradient wrong.
 *
 * The rule (stated once; README "How to read the output" repeats it):
 *
 *   step     s = h · max(1, |θ|), taken as the distance actually moved in float64
 *            (up = (θ + s) − θ, down = θ − (θ − s)); estimate D = (L(θ+up) − L(θ−down)) / (up + down)
 *   match    |D − g| ≤ T + R, with
 *            T (truncation, the central difference's s²·L'''/6):
 *              s² · max(1, |g|) a priori; when that is not enough, measured by Richardson with
 *              the half step: 8/3 · |D(s) − D(s/2)| (twice the estimate 4/3 · |D(s) − D(s/2)|
 *              of D(s)'s error)
 *            R (round-off, ~ε·|L|/s): ROUNDOFF_FACTOR · ε · Lscale / s, Lscale = |L| + the mean
 *              over examples of max |logit| (log-sum-exp loses ε of the largest logit)
 *   kink     a hidden pre-activation changes sign between θ − down and θ + up in some example
 *            (|z| ≤ s·|∂z/∂θ|): the central difference straddles ReLU's kink and need not equal the
 *            one-sided derivative the analytical gradient is. The row says how many examples
 *            straddled, and is judged by a central difference at half the distance to the nearest
 *            kink when that step is resolvable and crosses none (same rule, Richardson with the half
 *            step), else by a one-sided difference on the side that crossed no kink (forward or
 *            backward, error measured as 4 · |D₁(s) − D₁(s/2)|, plus 2R; when it disagrees,
 *            retried at steps 10, 100, 1000 times smaller while the loss resolves them); when
 *            neither exists it is reported, not judged.
 *   unresolvable  θ ± s rounds to θ or overflows, the nudged loss is not finite, the analytical
 *            gradient is not finite, R > 1% of max(|g|, |D|, 1e-6) (the loss cannot resolve the
 *            step), or the measured T > 1% of it (the step is too large for the curvature).
 *            Reported with the reason, not judged.
 *
 * Large networks: past FD_ALL_BUDGET multiply-adds a seeded sample of parameters is checked
 * (SAMPLE_PER_TENSOR of each W_l and b_l), plus the whole gradient along one seeded random unit
 * direction v: D_v = (L(θ + s·v) − L(θ − s·v)) / 2s against g·v (what JAX's check_grads and
 * PyTorch's gradcheck fast mode do). `all` checks every parameter.
 */
import { InputError } from '../errors.js';
import { activationRule, type Batch, type Network } from '../network/network.js';
import { gradientAt, parameterRefs, type ParamRef } from '../network/parameters.js';
import type { PassRecord } from '../record/pass-record.js';
import { rng } from '../util/seeded-random.js';
import { directionLoss, forwardCache, nudgedLoss, stepFor, type ForwardCache } from './finite-diff.js';

export const ROUNDOFF_FACTOR = 16;
/** R above this fraction of max(|g|, RESOLVE_FLOOR) makes a row unresolvable. */
export const RESOLVE_FRACTION = 0.01;
export const RESOLVE_FLOOR = 1e-6;
/** Checking every parameter costs about this many multiply-adds at most before `auto` samples. */
export const FD_ALL_BUDGET = 3e8;
export const SAMPLE_PER_TENSOR = 32;
export const DEFAULT_FD_SEED = 1;

export type FdStatus = 'match' | 'mismatch' | 'kink' | 'unresolvable';

/** How a kink row was judged: a central difference at a step below the nearest kink, or a one-sided one. */
export interface OneSided {
  readonly side: 'smaller-step' | 'forward' | 'backward';
  readonly step: number;
  readonly estimate: number;
  readonly tolerance: number;
  readonly matches: boolean;
}

export interface FdRow {
  readonly ref: ParamRef;
  readonly analytical: number;
  /** The central estimate D, or null when none could be formed (θ ± s rounds or overflows). */
  readonly estimate: number | null;
  readonly step: number;
  /** T + R of the rule above (Infinity when unresolvable). */
  readonly tolerance: number;
  readonly status: FdStatus;
  /** Whether the row counts as agreeing: match, or a kink whose one-sided check matches or could not run. */
  readonly ok: boolean;
  /** Why the row is unresolvable. */
  readonly reason: string | null;
  /** Examples in which the nudge crossed a ReLU kink (kink rows). */
  readonly kinkExamples: number;
  readonly oneSided: OneSided | null;
}

export interface DirectionCheck {
  readonly seed: number;
  readonly step: number;
  /** g · v (float64 analytical) and the central estimate along v. */
  readonly analytical: number;
  readonly estimate: number;
  readonly tolerance: number;
  readonly status: FdStatus;
  readonly ok: boolean;
  readonly reason: string | null;
  readonly kinkExamples: number;
}

export interface FdCheck {
  readonly h: number;
  /** One entry per parameter in parameterRefs order; null where the parameter was not sampled. */
  readonly rows: readonly (FdRow | null)[];
  readonly checked: number;
  readonly total: number;
  /** How the checked parameters were chosen. */
  readonly sample: { readonly mode: 'all' } | { readonly mode: 'sample'; readonly seed: number; readonly perTensor: number };
  readonly direction: DirectionCheck | null;
}

export interface CheckOptions {
  readonly h: number;
  /** 'auto' (default): all within FD_ALL_BUDGET, else a sample and a direction; 'all': every parameter. */
  readonly mode?: 'auto' | 'all';
  readonly seed?: number;
  /** Multiply-adds past which 'auto' samples (default FD_ALL_BUDGET; tests make it small). */
  readonly budget?: number;
  /** Called now and then with parameters done and to do (for a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
}

const EPS = Number.EPSILON;

/** Multiply-adds of checking every parameter: two recomputes from its layer up, per example. */
export function fullCheckCost(network: Network, batchSize: number): number {
  const L = network.layers;
  let cost = 0;
  L.forEach((layer, l) => {
    const above = L.slice(l + 1).reduce((s, k) => s + k.inDim * k.outDim, 0) + layer.outDim;
    cost += 2 * (layer.W.length + layer.b.length) * batchSize * above;
  });
  return cost;
}

/** |L| plus the mean largest |logit|: the scale the loss is rounded at. */
function lossScale(record: PassRecord): number {
  const out = record.layers![record.layers!.length - 1].z;
  const C = record.dims[record.dims.length - 1];
  let sum = 0;
  for (let n = 0; n < record.batchSize; n++) {
    let m = 0;
    for (let i = 0; i < C; i++) m = Math.max(m, Math.abs(out[n * C + i]));
    sum += m;
  }
  return Math.abs(record.loss) + sum / record.batchSize;
}

/** Refuses an h no parameter can use: 2h overflows, or θ ± h·max(1,|θ|) rounds to θ for every θ. */
export function checkStep(network: Network, h: number): void {
  if (!Number.isFinite(h) || h <= 0) throw new InputError(`--h must be a finite number > 0, got ${h}`);
  if (!Number.isFinite(2 * h)) throw new InputError(`--h ${h} is too large: 2h is not finite`);
  for (const layer of network.layers) {
    for (const values of [layer.W, layer.b]) {
      for (const theta of values) {
        const s = stepFor(h, theta);
        if (theta + s !== theta && theta - s !== theta) return;
      }
    }
  }
  throw new InputError(`--h ${h} is below float64's resolution: theta +- h*max(1,|theta|) rounds to theta for every parameter (use h >= ~1e-15)`);
}

function unresolvable(ref: ParamRef, g: number, estimate: number | null, step: number, reason: string): FdRow {
  return { ref, analytical: g, estimate, step, tolerance: Infinity, status: 'unresolvable', ok: true, reason, kinkExamples: 0, oneSided: null };
}

function value(network: Network, ref: ParamRef): number {
  const layer = network.layers[ref.layer];
  return ref.kind === 'W' ? layer.W[ref.index] : layer.b[ref.index];
}

function checkOne(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, g: number, h: number, scale: number, marks: Uint8Array): FdRow {
  const theta = value(network, ref);
  const s = stepFor(h, theta);
  if (!Number.isFinite(theta + s) || !Number.isFinite(theta - s)) return unresolvable(ref, g, null, s, `theta +- step overflows (theta = ${theta.toExponential(2)})`);
  const up = theta + s - theta;
  const down = theta - (theta - s);
  if (up === 0 || down === 0) return unresolvable(ref, g, null, s, `theta +- step rounds to theta (step ${s.toExponential(2)} is below theta's resolution)`);
  if (!Number.isFinite(g)) return unresolvable(ref, g, null, s, 'the float64 gradient is not finite');
  marks.fill(0);
  const plus = nudgedLoss(network, batch, cache, ref, up, marks);
  const minus = nudgedLoss(network, batch, cache, ref, -down, marks);
  if (!Number.isFinite(plus.loss) || !Number.isFinite(minus.loss)) return unresolvable(ref, g, null, s, 'the nudged loss is not finite');
  const D = (plus.loss - minus.loss) / (up + down);
  const half = (up + down) / 2;
  const R = (ROUNDOFF_FACTOR * EPS * scale) / half;
  // The scale of what is measured: the larger of the two values, so a wrong g of 0 cannot make a
  // clearly non-zero estimate "unresolvable".
  const size = Math.max(Math.abs(g), Math.abs(D), RESOLVE_FLOOR);
  if (R > RESOLVE_FRACTION * size) {
    return unresolvable(ref, g, D, s, `round-off: the loss (scale ${scale.toExponential(1)}) moves by less than its rounding over the step; estimate error up to ${R.toExponential(1)}`);
  }
  const kinkExamples = plus.flipped || minus.flipped ? marks.reduce((c, m) => c + m, 0) : 0;
  if (kinkExamples > 0) {
    const oneSided =
      smallerStepCheck(network, batch, cache, ref, g, up + down, scale) ??
      oneSidedCheck(network, batch, cache, ref, g, plus.flipped === 0 ? up : minus.flipped === 0 ? -down : 0, R, size);
    return { ref, analytical: g, estimate: D, step: s, tolerance: oneSided?.tolerance ?? Infinity, status: 'kink', ok: oneSided?.matches ?? true, reason: null, kinkExamples, oneSided };
  }
  const delta = Math.abs(D - g);
  let T = s * s * Math.max(1, Math.abs(g));
  if (delta > T + R) {
    // Richardson with the half step (which stays inside ±s, where no kink was crossed):
    // D(s) − D(s/2) ≈ ¾ of D(s)'s truncation error; T is twice the resulting estimate.
    const plusHalf = nudgedLoss(network, batch, cache, ref, up / 2);
    const minusHalf = nudgedLoss(network, batch, cache, ref, -down / 2);
    if (plusHalf.flipped === 0 && minusHalf.flipped === 0) {
      const Dhalf = (plusHalf.loss - minusHalf.loss) / ((up + down) / 2);
      T = Math.max(T, (8 / 3) * Math.abs(D - Dhalf));
    }
    if (T > RESOLVE_FRACTION * size) {
      return unresolvable(ref, g, D, s, `truncation: the step is too large for the loss's curvature here (estimate error up to ${T.toExponential(1)}; try a smaller --h)`);
    }
  }
  const tolerance = T + R;
  const ok = delta <= tolerance;
  return { ref, analytical: g, estimate: D, step: s, tolerance, status: ok ? 'match' : 'mismatch', ok, reason: null, kinkExamples: 0, oneSided: null };
}

/**
 * A central difference at half the distance to the nearest kink of the nudged unit
 * (min over examples of |z − kinkAt| / |∂z/∂θ|, kinkAt from the op table: 0 for ReLU), when that step is still resolvable and crosses no kink
 * anywhere above either; null otherwise (a z of exactly 0 has no such step).
 */
function smallerStepCheck(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, g: number, width: number, scale: number): OneSided | null {
  const layer = network.layers[ref.layer];
  const { kinkAt } = activationRule(layer);
  if (ref.layer === network.layers.length - 1 || kinkAt === null) return null;
  const unit = ref.kind === 'W' ? Math.floor(ref.index / layer.inDim) : ref.index;
  const column = ref.kind === 'W' ? ref.index % layer.inDim : -1;
  let nearest = Infinity;
  for (let n = 0; n < batch.size; n++) {
    const slope = ref.kind === 'W' ? Math.abs(cache.input[ref.layer][n * layer.inDim + column]) : 1;
    if (slope > 0) nearest = Math.min(nearest, Math.abs(cache.z[ref.layer][n * layer.outDim + unit] - kinkAt) / slope);
  }
  const theta = value(network, ref);
  const s = Math.min(nearest / 2, width / 4);
  const up = theta + s - theta;
  const down = theta - (theta - s);
  if (!(up > 0 && down > 0)) return null;
  const R = (ROUNDOFF_FACTOR * EPS * scale) / ((up + down) / 2);
  if (R > RESOLVE_FRACTION * Math.max(Math.abs(g), RESOLVE_FLOOR)) return null;
  const plus = nudgedLoss(network, batch, cache, ref, up);
  const minus = nudgedLoss(network, batch, cache, ref, -down);
  if (plus.flipped > 0 || minus.flipped > 0) return null;
  const D = (plus.loss - minus.loss) / (up + down);
  const plus2 = nudgedLoss(network, batch, cache, ref, up / 2);
  const minus2 = nudgedLoss(network, batch, cache, ref, -down / 2);
  // Richardson with the half step (which crosses no kink either: z is linear in θ on each side):
  // D(s) − D(s/2) ≈ ¾ of D(s)'s error; twice the estimate, as for the main rule.
  const T = Math.max(s * s * Math.max(1, Math.abs(g)), (8 / 3) * Math.abs(D - (plus2.loss - minus2.loss) / ((up + down) / 2)));
  const tolerance = T + R;
  return { side: 'smaller-step', step: s, estimate: D, tolerance, matches: Math.abs(D - g) <= tolerance };
}

/**
 * A forward (delta > 0) or backward (delta < 0) difference on a side that crosses no kink; null
 * when there is none. Its error, ~s·L''/2, is measured against the half step (4·|D₁(s) − D₁(s/2)|,
 * twice the estimate). Where the loss bends sharply close to θ (a softmax near a tie at large
 * logits) that measure can miss, so a disagreeing estimate is retried at steps 10, 100 and 1000
 * times smaller while the loss still resolves them: a correct gradient converges, a wrong one does not.
 */
function oneSidedCheck(network: Network, batch: Batch, cache: ForwardCache, ref: ParamRef, g: number, delta: number, R: number, size: number): OneSided | null {
  if (delta === 0) return null;
  const base = nudgedLoss(network, batch, cache, ref, 0).loss;
  const at = (d: number) => (nudgedLoss(network, batch, cache, ref, d).loss - base) / d;
  let result: OneSided | null = null;
  // A smaller step is tried only while its round-off stays a tenth of the disagreement it is to
  // settle, so a match there still means something (a 0.1% error is not rounded away).
  for (let k = 0, d = delta, Rk = 2 * R; k < 4; k++, d /= 10, Rk *= 10) {
    if (result && Rk > Math.min(RESOLVE_FRACTION * size, Math.abs(result.estimate - g) / 10)) break;
    const D1 = at(d);
    const tolerance = 4 * Math.abs(D1 - at(d / 2)) + Rk;
    result = { side: delta > 0 ? 'forward' : 'backward', step: Math.abs(d), estimate: D1, tolerance, matches: Math.abs(D1 - g) <= tolerance };
    if (result.matches) break;
  }
  return result;
}

/** A seeded unit direction over every parameter (Gaussian entries, normalised). */
function randomDirection(network: Network, seed: number): Network {
  const next = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const layers = network.layers.map((l) => ({ inDim: l.inDim, outDim: l.outDim, W: l.W.map(gauss), b: l.b.map(gauss) }));
  let norm = 0;
  for (const l of layers) for (const x of [...l.W, ...l.b]) norm += x * x;
  norm = Math.sqrt(norm);
  for (const l of layers) {
    l.W.forEach((x, i) => (l.W[i] = x / norm));
    l.b.forEach((x, i) => (l.b[i] = x / norm));
  }
  return { layers };
}

function directionCheck(network: Network, batch: Batch, cache: ForwardCache, record: PassRecord, h: number, seed: number, scale: number): DirectionCheck {
  const v = randomDirection(network, seed);
  let gv = 0;
  let norm = 0;
  network.layers.forEach((l, k) => {
    l.W.forEach((w, i) => ((gv += record.grads.dW[k][i] * v.layers[k].W[i]), (norm += w * w)));
    l.b.forEach((b, i) => ((gv += record.grads.db[k][i] * v.layers[k].b[i]), (norm += b * b)));
  });
  // Each parameter moves by about s/√P = h·rms(θ): the direction's step scales with ‖θ‖ as one parameter's does with |θ|.
  const s = stepFor(h, Math.sqrt(norm));
  const marks = new Uint8Array(batch.size);
  const plus = directionLoss(network, batch, cache, v, s, marks);
  const minus = directionLoss(network, batch, cache, v, -s, marks);
  const D = (plus.loss - minus.loss) / (2 * s);
  const R = (ROUNDOFF_FACTOR * EPS * scale) / s;
  const base = { seed, step: s, analytical: gv, estimate: D };
  if (!Number.isFinite(D) || !Number.isFinite(gv)) return { ...base, tolerance: Infinity, status: 'unresolvable', ok: true, reason: 'the loss or gradient along the direction is not finite', kinkExamples: 0 };
  const size = Math.max(Math.abs(gv), Math.abs(D), RESOLVE_FLOOR);
  if (R > RESOLVE_FRACTION * size) {
    return { ...base, tolerance: Infinity, status: 'unresolvable', ok: true, reason: `round-off: estimate error up to ${R.toExponential(1)}`, kinkExamples: 0 };
  }
  const kinkExamples = marks.reduce((c, m) => c + m, 0);
  let T = s * s * Math.max(1, Math.abs(gv));
  const delta = Math.abs(D - gv);
  if (delta > T + R) {
    const plusHalf = directionLoss(network, batch, cache, v, s / 2);
    const minusHalf = directionLoss(network, batch, cache, v, -s / 2);
    if (plusHalf.flipped === 0 && minusHalf.flipped === 0) T = Math.max(T, (8 / 3) * Math.abs((plusHalf.loss - minusHalf.loss) / s - D));
    if (T > RESOLVE_FRACTION * size) {
      return { ...base, tolerance: Infinity, status: 'unresolvable', ok: true, reason: `truncation: estimate error up to ${T.toExponential(1)}`, kinkExamples };
    }
  }
  const tolerance = T + R;
  const ok = delta <= tolerance;
  // Along a direction every unit moves: a kink crossed in a few examples of a large batch is likely;
  // the row is then reported as a kink and judged only when it still agrees.
  const status: FdStatus = ok ? 'match' : kinkExamples > 0 ? 'kink' : 'mismatch';
  return { ...base, tolerance, status, ok: ok || kinkExamples > 0, reason: null, kinkExamples };
}

/** Seeded sample of SAMPLE_PER_TENSOR indices (sorted) from each W_l and b_l; indices into parameterRefs. */
function sampleIndices(network: Network, seed: number): number[] {
  const next = rng(seed);
  const picked: number[] = [];
  let offset = 0;
  for (const layer of network.layers) {
    for (const size of [layer.W.length, layer.b.length]) {
      const take = Math.min(size, SAMPLE_PER_TENSOR);
      const chosen = new Set<number>();
      // Floyd's algorithm: `take` distinct indices of `size` without building the whole range.
      for (let j = size - take; j < size; j++) {
        const t = Math.floor(next() * (j + 1));
        chosen.add(chosen.has(t) ? j : t);
      }
      picked.push(...[...chosen].sort((a, b) => a - b).map((i) => offset + i));
      offset += size;
    }
  }
  return picked;
}

/**
 * The check, for the network and batch of `record` (the unnudged float64 pass, with intermediates).
 * Throws InputError for an --h no parameter can use.
 */
export function checkGradients(network: Network, batch: Batch, record: PassRecord, opts: CheckOptions): FdCheck {
  const { h } = opts;
  checkStep(network, h);
  const refs = parameterRefs(network);
  const cache = forwardCache(batch, record);
  const scale = lossScale(record);
  const seed = opts.seed ?? DEFAULT_FD_SEED;
  const sampled = opts.mode !== 'all' && fullCheckCost(network, batch.size) > (opts.budget ?? FD_ALL_BUDGET);
  const indices = sampled ? sampleIndices(network, seed) : refs.map((_, i) => i);
  const rows: (FdRow | null)[] = new Array(refs.length).fill(null);
  const marks = new Uint8Array(batch.size);
  indices.forEach((i, done) => {
    if (opts.onProgress && done % 64 === 0) opts.onProgress(done, indices.length);
    rows[i] = checkOne(network, batch, cache, refs[i], gradientAt(record.grads, refs[i]), h, scale, marks);
  });
  opts.onProgress?.(indices.length, indices.length);
  return {
    h,
    rows,
    checked: indices.length,
    total: refs.length,
    sample: sampled ? { mode: 'sample', seed, perTensor: SAMPLE_PER_TENSOR } : { mode: 'all' },
    direction: sampled ? directionCheck(network, batch, cache, record, h, seed, scale) : null,
  };
}

/** The check's estimates as gradients (NaN where a parameter was not checked or had no estimate). */
export function estimatesOf(network: Network, check: FdCheck): { dW: Float64Array[]; db: Float64Array[] } {
  const dW = network.layers.map((l) => new Float64Array(l.W.length).fill(NaN));
  const db = network.layers.map((l) => new Float64Array(l.b.length).fill(NaN));
  for (const row of check.rows) if (row && row.estimate !== null) (row.ref.kind === 'W' ? dW : db)[row.ref.layer][row.ref.index] = row.estimate;
  return { dW, db };
}
